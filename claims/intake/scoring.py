"""Check-worthiness: a score from 0 to 1 for a sentence, and the reasons behind it.

The score comes from the trained ranker (`claims.intake.ranker`), a logistic
regression learned from sentences that trained coders labelled check-worthy
or not (ClaimBuster, Arslan et al., ICWSM 2020) and from sentences a
fine-tuned language model labelled (README, "Check-worthiness ranker"). Each reason is
one input that moved the score, with its weight in logit units; the weights
of all the reasons, the starting point included, add up to the logit, and
the score is its logistic, 1 / (1 + e^-logit), rounded to two decimals.
"""

from dataclasses import dataclass, field

from claims.intake.features import figures, is_question, names, names_used_inside_sentences, spelled_quantities
from claims.intake.ranker import Contribution, Model, contributions, logistic, sentence_logit, shipped_model

__all__ = [
    "Score",
    "check_worthiness",
    "figures",
    "is_question",
    "names",
    "names_used_inside_sentences",
    "spelled_quantities",
]
WORDS_SHOWN = 5


@dataclass
class Score:
    value: float
    reasons: list[str] = field(default_factory=list)
    logit: float = 0.0
    contributions: list[Contribution] = field(default_factory=list)


def quoted(items, limit=WORDS_SHOWN) -> str:
    unique = list(dict.fromkeys(items))
    shown = "“" + "”, “".join(unique[:limit]) + "”" if unique else ""
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


def weight(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def reason_text(contribution: Contribution) -> str:
    text = f"{contribution.label} ({weight(contribution.weight)})"
    return text + (f": {quoted(contribution.items)}" if contribution.items else "")


def check_worthiness(
    text: str, *, caption: bool = False, known_names: frozenset = frozenset(), model: Model | None = None
) -> Score:
    """How worth checking one sentence is, from 0 to 1, with the reasons (the shipped model unless given one)."""
    found = contributions(text, model=model or shipped_model(), caption=caption, known_names=known_names)
    logit = sentence_logit(found)
    return Score(round(logistic(logit), 2), [reason_text(c) for c in found], logit, found)
