"""Check-worthiness: figures and attributions above filler, with reasons a person agrees with."""

import random
import re

import pytest

from claims.intake import features
from claims.intake.pipeline import analyse
from claims.intake.reading import read_text
from claims.intake.scoring import check_worthiness, figures, names

PARAGRAPH = (
    "The minister said unemployment fell to 4.2% in 2023, the lowest in a decade. "
    "It was a sunny day. "
    "What happens next? "
    "Officials blamed the floods for the closure of 30 schools. "
    "I think the new park is beautiful. "
    "Subscribe to our newsletter for more stories like this one."
)


def reasons_text(score):
    return " | ".join(score.reasons)


def test_figures_and_attributions_rank_above_filler(db):
    ranked = [c.text for c in analyse(read_text(PARAGRAPH), min_score=0).candidates]

    assert ranked[0] == "The minister said unemployment fell to 4.2% in 2023, the lowest in a decade."
    assert ranked[1] == "Officials blamed the floods for the closure of 30 schools."
    for filler in ("It was a sunny day.", "What happens next?", "I think the new park is beautiful."):
        assert ranked.index(filler) > 1


def test_the_reasons_name_the_features_behind_the_score():
    score = check_worthiness("The minister said unemployment fell to 4.2% in 2023, the lowest in a decade.")

    text = reasons_text(score)
    assert score.value >= 0.8
    assert "figure or quantity (+" in text and "“4.2%”" in text
    assert "date or year (+" in text and "“2023”" in text
    assert "attribution (+" in text and "“said”" in text
    assert "comparison or change (+" in text and "“lowest”" in text
    assert "words typical of checkable claims (+" in text
    assert score.reasons[-1].startswith("starting point of every sentence (−")


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("What happens next?", "a question, not a claim"),
        ("I think the new park is beautiful.", "opinion word"),
        ("Subscribe to our newsletter for more stories like this one.", "boilerplate"),
        ("It was a sunny day.", "too short to hold a claim"),
        ("The bridge will reopen after the summer holidays.", "looks ahead"),
    ],
)
def test_questions_opinions_predictions_and_boilerplate_score_low(sentence, reason):
    score = check_worthiness(sentence)

    assert score.value <= 0.1
    assert reason in reasons_text(score)


def test_a_question_with_a_figure_still_ranks_below_the_statement_of_it():
    question = check_worthiness("Did the minister say unemployment fell to 4.2% in 2023?")
    statement = check_worthiness("The minister said unemployment fell to 4.2% in 2023.")

    assert question.value < statement.value / 2


def test_a_claim_with_a_figure_scores_above_the_same_sentence_without_it():
    with_figure = check_worthiness("Road deaths rose by 40% after the speed limit was raised.")
    without = check_worthiness("Road deaths rose after the speed limit was raised.")

    assert with_figure.value > without.value
    assert "figure or quantity" in reasons_text(with_figure)


def test_a_caption_scores_below_the_same_sentence_in_the_body():
    sentence = "Officials said 300 fishermen were rescued from the storm on Monday."

    assert check_worthiness(sentence, caption=True).value < 0.3 < check_worthiness(sentence).value
    assert "from an image caption (set by hand)" in reasons_text(check_worthiness(sentence, caption=True))


def test_ukrainian_and_russian_sentences_with_figures_rank_above_their_filler():
    for claim, filler in [
        ("Зеленський заявив, що понад 150 громадян Китаю воюють за Росію.", "Був сонячний ранок."),
        ("МВД заявило, что 3300 иностранцев получили гражданство в 2024 году.", "Было солнечное утро."),
    ]:
        assert check_worthiness(claim).value > check_worthiness(filler).value
        assert "figure or quantity" in reasons_text(check_worthiness(claim))


def test_quantities_are_told_from_dates():
    quantities, dates = figures("On March 15, 2024, more than 10,000 soldiers and $3.5 billion arrived, up 12%.")

    assert quantities == ["more than 10,000", "$3.5 billion", "12%"]
    assert dates == ["15", "2024"]


def test_names_are_people_countries_and_institutions_not_sentence_openers():
    found = names("Officials said Russian President Vladimir Putin met the Interior Ministry in Moscow.")

    assert "Officials" not in found
    assert "Russian President Vladimir Putin" in found
    assert "Interior Ministry" in found
    assert "Moscow" in found


def test_scores_stay_between_0_and_1():
    crowded = (
        "According to the central bank, President Ana Lima said inflation doubled to 9.5% in 2022, "
        "the highest in 30 years, because energy prices rose by more than 40%."
    )
    assert 0.95 <= check_worthiness(crowded).value <= 1.0
    assert 0.0 <= check_worthiness("?").value <= 0.05


# The ranking of a fixed piece, pinned: making the intake faster must not move a score, a reason or a claimant.

PINNED_PIECE = """\
# Harbour town budget under strain
By Mira Olsen

PORTVIK -- The harbour authority said ferry traffic fell by 12.5% in 2024, the lowest level since 1998. \
Mr. Lund, the port director, blamed the closure of two piers for the drop.

"We lost more than 3,000 sailings," Mr. Lund told reporters on Monday. Is that the whole story? Critics say it is not.

![Ferries wait at the old pier on May 3, 2024. [Photo: Anna Berg/Harbour Press]](/pier.jpg)

What the numbers show

According to the statistics office, rents in Portvik doubled to 1,450 euros a month, twice as much as in Nordby. \
I think the new waterfront looks wonderful. Mayor Eva Holm said the town will build 400 homes by 2027. \
Holm accused the council of hiding a rise of 40 percent in waiting times.

Subscribe to our newsletter for more stories like this one.
"""
PINNED_RANKING = [
    (1.0, "The statistics office",
     "According to the statistics office, rents in Portvik doubled to 1,450 euros a month, "
     "twice as much as in Nordby."),
    (0.99, "The harbour authority",
     "The harbour authority said ferry traffic fell by 12.5% in 2024, the lowest level since 1998."),
    (0.99, "Mayor Eva Holm", "Holm accused the council of hiding a rise of 40 percent in waiting times."),
    (0.97, "Mr. Lund", '"We lost more than 3,000 sailings," Mr. Lund told reporters on Monday.'),
    (0.91, "Mayor Eva Holm", "Mayor Eva Holm said the town will build 400 homes by 2027."),
    (0.18, "Mira Olsen", "Mr. Lund, the port director, blamed the closure of two piers for the drop."),
    (0.02, "Critics", "Critics say it is not."),
    (0.0, "Mira Olsen", "Is that the whole story?"),
    (0.0, "Mira Olsen", "Ferries wait at the old pier on May 3, 2024."),
    (0.0, "Mira Olsen", "I think the new waterfront looks wonderful."),
    (0.0, "Mira Olsen", "Subscribe to our newsletter for more stories like this one."),
]  # fmt: skip


def test_a_fixed_piece_keeps_its_ranking_scores_and_claimants():
    intake = analyse(read_text(PINNED_PIECE), min_score=0, match=False)

    assert [(c.score, c.claimant, c.text) for c in intake.candidates] == PINNED_RANKING
    top = check_worthiness(PINNED_RANKING[1][2])
    assert top.logit == pytest.approx(5.1002507375245685, abs=1e-12)
    assert top.reasons == [
        "words typical of checkable claims (+3.30): “the lowest”, “since”, “lowest”, “#”, “# in” and 5 more",
        "figure or quantity (+1.77): “12.5%”",
        "comparison or change (+0.89): “fell”, “lowest”",
        "attribution (+0.86): “said”",
        "date or year (+0.85): “2024”, “1998”",
        "long sentence (+0.78): “16 words”",
        "words typical of talk, not claims (−0.70): “since #”, “said”, “the”",
        "starting point of every sentence (−2.64)",
    ]


# A detector is skipped when none of its anchor words is in the sentence: that must never hide a match.

DETECTOR_PATTERNS = {
    "spelled": features.SPELLED_RE,
    "attribution": features.ATTRIBUTION_RE,
    "comparison": features.COMPARISON_RE,
    "cause": features.CAUSE_RE,
    "opinion": features.OPINION_RE,
    "prediction": features.PREDICTION_RE,
    "first_person": features.FIRST_PERSON_RE,
    "second_person": features.SECOND_PERSON_RE,
    "boilerplate": features.BOILERPLATE_RE,
}


def sentences_from_the_words_of(pattern, rng, count=3000):
    """Sentences made of runs of the pattern's own words ("due to", "заяви" + "в"), in any case and spacing."""
    vocabulary = features.LETTER_RUN.findall(re.sub(r"\\[a-zA-Z]", " ", pattern.pattern))
    for _ in range(count):
        at = rng.randrange(len(vocabulary))
        words = vocabulary[at : at + rng.randint(1, 5)]
        words = [w.upper() if rng.random() < 0.1 else w.capitalize() if rng.random() < 0.3 else w for w in words]
        yield (
            f"Filler {rng.choice(['', 'x', '5'])}"
            + "".join(rng.choice([" ", " ", "", "-"]) + w for w in words)
            + " end."
        )


@pytest.mark.parametrize("key", sorted(DETECTOR_PATTERNS))
def test_a_detectors_anchors_are_in_every_sentence_it_matches(key):
    assert set(DETECTOR_PATTERNS) == set(features.ANCHORS)
    pattern, matched = DETECTOR_PATTERNS[key], 0
    for sentence in sentences_from_the_words_of(pattern, random.Random(key)):
        if pattern.search(sentence):
            matched += 1
            assert features.may_match(key, features.anchored_words(sentence)), sentence
    assert matched > 100


def test_the_anchors_change_no_sentences_inputs(monkeypatch):
    texts = [PARAGRAPH, PINNED_PIECE, "ſaid Kelvin İstanbul", "Зеленський заявив, що понад 150 громадян."]
    sentences = [s for text in texts for s in re.split(r"(?<=[.?!])\s+|\n+", text) if s]
    fast = [features.sentence_features(s, caption=True) for s in sentences]
    monkeypatch.setattr(features, "anchored_words", lambda text: None)

    assert [features.sentence_features(s, caption=True) for s in sentences] == fast
