"""Sentences keep their character offsets in the stored body."""

import random

from claims.intake import sentences as sentences_module
from claims.intake.reading import read_text
from claims.intake.sentences import abbreviations, plain_sentences, segmenter, split_sentences

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


# Plain paragraphs are split without pysbd (it is most of the intake's time); the answer must be pysbd's.


def pysbd_sentences(text):
    return [part.strip() for part in segmenter("en").segment(text) if part.strip()]


PLAIN = [
    "The agency said rents rose 12.5% in 2024. Critics disagree. Is that the whole story?",
    'Mr. Lund, the port director, spoke. "We lost more than 3,000 sailings," Mr. Lund told reporters.',
    "Prices rose -- the agency says by 4.2% -- in March. Dr. Ana Ruiz called it unusual.",
    "“Rents doubled,” the mayor said. The council’s figures show 1,450 euros a month.",
    "Here is what we know so far: the bridge is closed",
    "Зеленський заявив, що понад 150 громадян Китаю воюють за Росію. Був сонячний ранок.",
]
FOR_PYSBD = [
    "The U.S. economy grew. It slowed later.",  # periods inside a word
    "Officials counted 12. Then they stopped.",  # could be a list number
    "Plan a. Then plan b.",  # a single letter
    "It was huge! Nobody expected it.",  # pysbd has rules for "!"
    "The count stopped at forty... Nobody knew what had happened to the rest.",  # an ellipsis
    "The mayor (who resigned) spoke. Nobody listened.",  # brackets
    '"It rose. It fell," she said.',  # a sentence end inside a quotation
    "That is what it is. I said so.",  # "is." then "I": an abbreviation to pysbd
    "The rate rose. then it fell.",  # lower case after a full stop
    "Shares of Smith Co. KG fell. They recovered.",  # a company form pysbd knows
]


def test_plain_paragraphs_are_split_exactly_as_pysbd_splits_them():
    rules = abbreviations("en")
    for text in PLAIN:
        assert plain_sentences(text, rules) == pysbd_sentences(text), text


def test_paragraphs_pysbd_must_decide_still_go_to_pysbd():
    rules = abbreviations("en")
    for text in FOR_PYSBD:
        assert plain_sentences(text, rules) is None, text
        piece = read_text("A title\n\n" + text + "\n\nSecond paragraph.")
        assert [s.text for s in split_sentences(piece)] == pysbd_sentences(text) + ["Second paragraph."]


def test_random_paragraphs_split_as_pysbd_splits_them():
    rng = random.Random(15)
    words = "the mayor said rents rose by percent in Kyiv and Smith told reporters that it was high".split()
    tricky = (
        "Mr. Mrs. Dr. Gen. St. Sen. No. Jan. U.S. e.g. is. me. I I'm I'll A a 1. 12. 2023 3.5 12.5% 1,250 $5 -5 "
        '... ? ! "Hello," "Yes." "Why?" “Hi” “No.” \'quote\' teachers\' don\'t it’s (a) [x] -- --- — : ; ,'
    ).split()
    rules = abbreviations("en")
    checked = 0
    for _ in range(1500):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            chosen = [rng.choice(words if rng.random() < 0.7 else tricky) for _ in range(rng.randint(1, 7))]
            chosen[0] = chosen[0].capitalize() if rng.random() < 0.8 else chosen[0]
            sentences.append(" ".join(chosen) + rng.choice([".", ".", "?", "", ":", '"']))
        text = " ".join(sentences)
        found = plain_sentences(text, rules)
        if found is not None:
            assert found == pysbd_sentences(text), text
            checked += 1
    assert checked > 200


def test_a_piece_splits_the_same_with_and_without_the_shortcut(monkeypatch):
    piece = read_text(PIECE + "\nMr. Ruiz said 3,300 people left, “more than ever.” The mayor disagreed.\n")
    fast = [(s.text, s.start, s.end, s.kind) for s in split_sentences(piece)]
    monkeypatch.setattr(sentences_module, "abbreviations", lambda language: None)

    assert [(s.text, s.start, s.end, s.kind) for s in split_sentences(piece)] == fast
