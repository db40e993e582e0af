"""The trained check-worthiness ranker: a logistic regression over inputs a fact-checker can read.

How a score is made, exactly:

    logit = starting point + the weight of every input present in the sentence
    score = 1 / (1 + e^-logit)

Every input is 0 or 1, so each weight the sentence gets is one reason, in
logit units ("figure or quantity (+1.40)"). Word patterns are summed into two
reasons, the words typical of checkable claims and the words typical of talk,
each naming its words. The starting point is the last reason: the numbers in
the reasons add up to the logit (up to their rounding to two decimals).

The model file (`models/checkworthy-v3.json`) is written by `manage.py
train_ranker` (`claims.intake.training`) and read once per process. Since
version 2 it learns its weights from the labelled sentences and from sentences
a fine-tuned language model labelled (`bench/distill_ranker.py`); the language
model taught the weights but is not part of the score: every reason is still
one readable weight. Since version 3 every word pattern in it occurs in the
coders' sentences; the made-up transfer sentences only move those weights.
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from claims.intake.features import LABELS, sentence_inputs

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthy-v3.json"
FORMAT = "checkworthy-logistic"
WORDS_SHOWN = 5
CLAIM_WORDS = "words typical of checkable claims"
TALK_WORDS = "words typical of talk, not claims"
STARTING_POINT = "starting point of every sentence"


class ModelError(Exception):
    """The model file is missing or is not a model this code reads."""


@dataclass(frozen=True)
class Model:
    version: str
    intercept: float
    weights: dict
    set_by_hand: frozenset = frozenset()
    threshold: float = 0.5
    threshold_precision: float = 0.0
    meta: dict = field(default_factory=dict)

    @functools.cached_property
    def inputs(self) -> frozenset:
        """The inputs the model has a weight for, as a set: a sentence's word patterns are intersected with it."""
        return frozenset(self.weights)


@dataclass
class Contribution:
    """One reason: what moved the logit, by how much, and the words that show it."""

    label: str
    weight: float
    items: list[str] = field(default_factory=list)


def model_from_dict(data: dict) -> Model:
    if data.get("format") != FORMAT or not isinstance(data.get("weights"), dict):
        raise ModelError(f"not a check-worthiness model (format {data.get('format')!r})")
    threshold = data.get("threshold") or {}
    return Model(
        version=str(data.get("version", "")),
        intercept=float(data["intercept"]),
        weights={key: float(value) for key, value in data["weights"].items()},
        set_by_hand=frozenset(data.get("set_by_hand", {})),
        threshold=float(threshold.get("score", 0.5)),
        threshold_precision=float(threshold.get("precision", 0.0)),
        meta={key: value for key, value in data.items() if key not in ("weights", "intercept")},
    )


def read_model(path: Path) -> Model:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelError(f"no model file at {path}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path} is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ModelError(f"{path} is not a model")
    return model_from_dict(data)


@functools.cache
def shipped_model() -> Model:
    """The model the project ships, read once per process."""
    return read_model(MODEL_PATH)


def logistic(logit: float) -> float:
    if logit < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))


def contributions(
    text: str, *, model: Model, caption: bool = False, known_names: frozenset = frozenset()
) -> list[Contribution]:
    """The weights this sentence gets, grouped into reasons, biggest first; the starting point last."""
    reasons = []
    claim_words, talk_words = [], []
    named, patterns, share = sentence_inputs(text, caption=caption, known_names=known_names)
    for key, (value, items) in named.items():
        weight = model.weights.get(key, 0.0) * value
        if weight:
            label = LABELS.get(key, key) + (" (set by hand)" if key in model.set_by_hand else "")
            reasons.append(Contribution(label, weight, items))
    # Only the sentence's word patterns the model has a weight for: most of them it has never seen.
    for key in patterns & model.inputs:
        weight = model.weights[key] * share
        if weight:
            (claim_words if weight > 0 else talk_words).append((weight, key[2:]))
    for label, words in ((CLAIM_WORDS, claim_words), (TALK_WORDS, talk_words)):
        if words:
            words.sort(key=lambda pair: (-abs(pair[0]), pair[1]))
            reasons.append(Contribution(label, math.fsum(w for w, _ in words), [word for _, word in words]))
    reasons.sort(key=lambda reason: (-abs(reason.weight), reason.label))
    reasons.append(Contribution(STARTING_POINT, model.intercept))
    return reasons


def sentence_logit(reasons: list[Contribution]) -> float:
    return math.fsum(reason.weight for reason in reasons)
