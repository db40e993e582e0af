"""Sentences keep their character offsets in the stored body."""

from claims.intake.reading import read_text
from claims.intake.sentences import split_sentences

PIECE = """\
River levels rise
The water agency said river levels rose by 2.5 metres in 48 hours. Dr. Ana Ruiz of the agency called it \
"unusual." Is the worst over?

![Volunteers fill sandbags near the old bridge. [Photo: Lee Park]](/bags.jpg)

RIVERTON -- More than 1,200 homes were evacuated on Tuesday, the mayor told reporters.
"""


def test_each_sentence_points_at_its_text_in_the_body():
    piece = read_text(PIECE)
    sentences = split_sentences(piece)

    assert [s.text for s in sentences] == [
        "The water agency said river levels rose by 2.5 metres in 48 hours.",
        'Dr. Ana Ruiz of the agency called it "unusual."',
        "Is the worst over?",
        "Volunteers fill sandbags near the old bridge.",
        "More than 1,200 homes were evacuated on Tuesday, the mayor told reporters.",
    ]
    for sentence in sentences:
        assert piece.body[sentence.start : sentence.end] == sentence.text


def test_a_dateline_is_not_part_of_the_sentence():
    piece = read_text(PIECE)
    last = split_sentences(piece)[-1]

    assert piece.body[: last.start].endswith("RIVERTON -- ")
    assert last.text.startswith("More than 1,200")


def test_repeated_sentences_each_get_their_own_offsets():
    piece = read_text("Prices rose 5%. Prices rose 5%.\nPrices rose 5%.")
    starts = [s.start for s in split_sentences(piece)]

    assert len(set(starts)) == 3


def test_headings_and_titles_are_not_sentences():
    piece = read_text(PIECE)

    assert all("River levels rise" != s.text for s in split_sentences(piece))
    assert [s.kind for s in split_sentences(piece)].count("caption") == 1
