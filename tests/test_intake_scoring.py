"""Check-worthiness: figures and attributions above filler, with reasons a person agrees with."""

import pytest

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
