"""Today's hand-set scorer (before the trained ranker), kept to measure the ranker against.

The same features with the weights a person set: a figure +0.35, an
attribution +0.2, ... (`bench/bench_ranker.py` compares the two). Not used by
the intake any more.
"""

from claims.intake.features import (
    ATTRIBUTION_RE,
    BOILERPLATE_RE,
    CAUSE_RE,
    CLOSING,
    COMPARISON_RE,
    OPINION_RE,
    PREDICTION_RE,
    WORD_RE,
    figures,
    is_question,
    names,
    spelled_quantities,
)

BASE = 0.05
FIGURE, SPELLED_QUANTITY, DATE = 0.35, 0.2, 0.1
ATTRIBUTION = 0.2
ONE_NAME, SEVERAL_NAMES = 0.1, 0.15
COMPARISON, CAUSE = 0.15, 0.15
OPINION, PREDICTION, SHORT, LEAD_IN = -0.2, -0.1, -0.15, -0.1
QUESTION_FACTOR, BOILERPLATE_CAP = 0.3, 0.05
SHORT_WORDS = 6


def quoted(items, limit=5) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(f"“{item}”" for item in unique[:limit])
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


def weight(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def legacy_check_worthiness(
    text: str, *, caption: bool = False, known_names: frozenset = frozenset()
) -> tuple[float, list[str]]:
    """(score, reasons) as the hand-set scorer gave them."""
    reasons: list[str] = []
    total = BASE

    def add(amount, label, items=None):
        nonlocal total
        total += amount
        reasons.append(f"{label} ({weight(amount)})" + (f": {quoted(items)}" if items else ""))

    quantities, dates = figures(text)
    spelled = spelled_quantities(text)
    if quantities:
        add(FIGURE, "figure or quantity", quantities + spelled)
    elif spelled:
        add(SPELLED_QUANTITY, "quantity in words", spelled)
    if dates:
        add(DATE, "date", dates)
    attributions = ATTRIBUTION_RE.findall(text)
    if attributions:
        add(ATTRIBUTION, "attribution", [a.lower() for a in attributions])
    named = names(text, known_names)
    if named:
        add(SEVERAL_NAMES if len(set(named)) > 1 else ONE_NAME, "names people, places or institutions", named)
    comparisons = COMPARISON_RE.findall(text)
    if comparisons:
        add(COMPARISON, "comparison or superlative", [c.lower() for c in comparisons])
    causes = CAUSE_RE.findall(text)
    if causes:
        add(CAUSE, "claims a cause", [c.lower() for c in causes])
    has_facts = bool(quantities or spelled or dates or attributions)
    if not reasons:
        reasons.append("nothing to check: no figure, source or name")

    opinions = OPINION_RE.findall(text)
    if opinions and not has_facts:
        add(OPINION, "opinion without a fact", [o.lower() for o in opinions])
    predictions = PREDICTION_RE.findall(text)
    if predictions:
        add(PREDICTION, "looks ahead: a prediction cannot be checked yet", predictions)
    if len(WORD_RE.findall(text)) < SHORT_WORDS:
        add(SHORT, "too short to hold a claim")
    if text.rstrip(CLOSING).endswith(":"):
        add(LEAD_IN, "introduces what follows")
    if caption:
        reasons.append("from an image caption")

    value = min(1.0, max(0.0, total))
    if is_question(text):
        value *= QUESTION_FACTOR
        reasons.append(f"a question, not a claim (×{QUESTION_FACTOR})")
    boilerplate = BOILERPLATE_RE.findall(text)
    if boilerplate and not (quantities or attributions):
        value = min(value, BOILERPLATE_CAP)
        reasons.append(f"boilerplate: {quoted([b.lower() for b in boilerplate])} (at most {BOILERPLATE_CAP})")
    return round(value, 2), reasons
