"""The trained ranker: the shipped model loads once, scores the same every time, and explains each score."""

import json
import math

import pytest

from claims.intake.pipeline import analyse
from claims.intake.ranker import MODEL_PATH, STARTING_POINT, ModelError, logistic, read_model, shipped_model
from claims.intake.reading import read_text
from claims.intake.scoring import check_worthiness

# The source piece's four key figures, told in this project's own words, with its captions and filler.
PARAGRAPHS = [
    "Fighters from abroad in the war",
    "Foreign volunteers back Ukraine, while Russia draws on recruits from poorer countries and on North Korean troops.",
    "![Relatives of Nepali men who died fighting for Russia hold a vigil in Kathmandu on February 24, 2024. "
    "Hundreds of Nepali men are thought to have been recruited. [Photo Agency/Example]](/img/vigil.jpg)",
    "By Desk Reporter |",
    "Ukraine's president, Volodymyr Zelenskyy, said last week that more than 150 Chinese nationals were fighting "
    "in the Russian army.",
    "Here is what is known so far:",
    "Kyiv and Seoul say North Korea sent more than 10,000 soldiers to the Kursk region last year.",
    '"Pictures say something," the Russian president told reporters in October.',
    "In March 2022, Ukraine said more than 20,000 foreigners had asked to join its International Legion.",
    "Last November, Russia's Interior Ministry said it had given Russian citizenship to 3,300 foreigners who "
    "served in its army.",
    "How many are there?",
    "Neither side publishes regular numbers.",
]
SOURCE_PIECE = "\n\n".join(PARAGRAPHS) + "\n"
KEY_FIGURES = ("more than 150 Chinese", "more than 10,000 soldiers", "more than 20,000", "3,300 foreigners")


def test_the_shipped_model_is_versioned_small_and_loaded_once():
    data = json.loads(MODEL_PATH.read_text())

    assert data["version"] == "3" and data["format"] == "checkworthy-logistic"
    assert "ClaimBuster" in data["trained_on"] and data["held_out_rule"] == "id % 5 == 0"
    assert MODEL_PATH.stat().st_size < 400_000
    assert data["sentences"]["transfer"] > 0 and data["transfer_from"]
    assert shipped_model() is shipped_model()


def test_it_scores_the_same_sentence_the_same_every_time():
    sentence = "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region."

    first, second = check_worthiness(sentence), check_worthiness(sentence)

    assert (first.value, first.reasons, first.logit) == (second.value, second.reasons, second.logit)
    assert first.value == check_worthiness(sentence, model=read_model(MODEL_PATH)).value


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said unemployment fell to 4.2% in 2023, the lowest in a decade.",
        "What happens next?",
        "I think the new park is beautiful.",
        "Зеленський заявив, що понад 150 громадян Китаю воюють за Росію.",
    ],
)
def test_the_reasons_add_up_to_the_score(sentence):
    score = check_worthiness(sentence)

    assert math.isclose(sum(c.weight for c in score.contributions), score.logit, abs_tol=1e-9)
    assert score.value == round(logistic(score.logit), 2)
    assert score.contributions[-1].label == STARTING_POINT
    assert len(score.reasons) == len(score.contributions)
    # The reasons as shown (two decimals each) add up to the logit within their rounding.
    shown = [float(r.split("(")[-1].split(")")[0].replace("−", "-")) for r in score.reasons]
    assert abs(sum(shown) - score.logit) <= 0.005 * len(shown)


def test_word_patterns_are_grouped_into_two_readable_reasons():
    score = check_worthiness("Unemployment fell by 12 percent to 1.2 million people, the treasury said.")

    claim_words = [r for r in score.reasons if r.startswith("words typical of checkable claims")]
    assert len(claim_words) == 1 and "“percent”" in claim_words[0]
    assert not any(r.startswith("w:") for r in score.reasons)


def test_the_source_piece_s_four_key_figures_rank_first_and_captions_stay_out(db):
    intake = analyse(read_text(SOURCE_PIECE), min_score=0, match=False)

    top_four = [c.text for c in intake.candidates[:4]]
    for figure in KEY_FIGURES:
        assert any(figure in text for text in top_four), figure
    captions = [c for c in intake.candidates if c.kind == "caption"]
    assert captions and all(c.score < 0.3 for c in captions)
    assert all(c.rank > 4 for c in captions)
    claimants = {c.claimant for c in intake.candidates[:4]}
    assert "Volodymyr Zelenskyy" in claimants or "Ukraine's president, Volodymyr Zelenskyy" in claimants
    assert "Russia's Interior Ministry" in claimants


def test_a_model_file_that_is_not_a_model_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"format": "something-else", "weights": {}}')

    with pytest.raises(ModelError, match="not a check-worthiness model"):
        read_model(path)
    with pytest.raises(ModelError, match="no model file"):
        read_model(tmp_path / "missing.json")
