"""The claimant is proposed from the sentence and the ones before it."""

import pytest

from claims.intake.claimant import PIECE_AUTHOR, propose_claimant, unify_claimants


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The minister said unemployment fell to 4.2% in 2023.", "The minister"),
        ("Health Minister Ana Lima says 300 nurses were hired.", "Health Minister Ana Lima"),
        ("Unemployment fell to 4.2%, according to the national statistics office.", "The national statistics office"),
        ("According to Harbour Police, 12 boats sank.", "Harbour Police"),
        ("The mayor accused the council of wasting 2 million euros.", "The mayor"),
        ("The opposition last week accused the government of hiding the figures.", "The opposition"),
        ('"We built 40 schools," said Maria Lopez, the mayor.', "Maria Lopez"),
        ('"We built 40 schools," the mayor said.', "The mayor"),
        ("Prices rose by 8%, the central bank said on Tuesday.", "The central bank"),
        ("In May 2021, after the storm, the Port Authority said 30 piers were damaged.", "Port Authority"),
        ("Brazil, Chile and Peru all say the treaty covers 90% of the coast.", "Brazil, Chile and Peru"),
        ("Officials who asked not to be named said 5 ships were seized.", "Officials"),
        ("Volodymyr Zelenskyy (Володимир Зеленський) said 150 Chinese nationals were fighting.", "Volodymyr Zelenskyy"),
        (
            "Last November, Russia's Interior Ministry said it gave citizenship to 3,300 foreigners.",
            "Russia's Interior Ministry",
        ),
        ("Citizenship went to 3,300 foreigners, said Russia's Interior Ministry.", "Russia's Interior Ministry"),
        ("Зеленський заявив, що понад 150 громадян Китаю воюють за Росію.", "Зеленський"),
        ("По данным МВД, гражданство получили 3300 иностранцев.", "МВД"),
    ],
)
def test_it_finds_the_claimant_named_in_the_sentence(sentence, claimant):
    assert propose_claimant(sentence) == claimant


def test_he_or_she_is_the_person_named_just_before():
    before = ["Central bank governor Ana Lima spoke to reporters in Lisbon on Monday."]

    assert propose_claimant('"Inflation has peaked," she said.', before) == "Ana Lima"


def test_they_is_the_claimant_of_the_sentence_before():
    before = ["Port workers said 200 jobs were cut in March."]

    assert propose_claimant("They said the cuts broke the 2019 agreement.", before) == "Port workers"


def test_nobody_named_means_the_piece_s_author():
    assert propose_claimant("Unemployment fell to 4.2% in 2023.") == PIECE_AUTHOR
    assert propose_claimant("Unemployment fell to 4.2% in 2023.", author="Tom Baker") == "Tom Baker"


def test_an_unresolved_pronoun_falls_back_to_the_author():
    assert propose_claimant('"It is false," he said.', ["It rained all week."]) == PIECE_AUTHOR


def test_one_person_or_body_is_one_claimant_within_a_piece_under_the_fullest_name():
    proposed = ["Zelenskyy", "Volodymyr Zelenskyy", PIECE_AUTHOR, "Interior Ministry", "Russia's Interior Ministry"]

    assert unify_claimants(proposed) == [
        "Volodymyr Zelenskyy",
        "Volodymyr Zelenskyy",
        PIECE_AUTHOR,
        "Russia's Interior Ministry",
        "Russia's Interior Ministry",
    ]


def test_a_short_form_that_could_be_two_claimants_is_left_alone():
    proposed = ["Korea", "North Korea", "South Korea", "Russia", "The ministry"]

    assert unify_claimants(proposed) == proposed
