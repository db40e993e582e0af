"""The quote intake proposes: only the words inside quotation marks, never the reporter's sentence."""

import pytest

from claims.intake import pipeline
from claims.intake.quoting import claimant_words
from claims.models import Claim
from tests.factories import publish


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ('Moss said: "The boats are 40 years old."', "The boats are 40 years old."),
        ("Moss said: “The boats are 40 years old,” at the meeting.", "The boats are 40 years old"),
        ("Зеленський заявив: «Понад 150 громадян Китаю воюють за Росію».", "Понад 150 громадян Китаю воюють за Росію"),
        ("Die Ministerin sagte: „Wir zahlen 12 Millionen.“", "Wir zahlen 12 Millionen."),
        ("Он сказал: „Мы заплатим 12 миллионов”.", "Мы заплатим 12 миллионов"),
        ('The mayor called it "a disgrace" and "a waste of money".', "a disgrace … a waste of money"),
    ],
)
def test_a_sentence_with_quotation_marks_yields_only_the_quoted_words(sentence, words):
    assert claimant_words(sentence) == words


@pytest.mark.parametrize(
    "sentence",
    [
        "Volodymyr Zelenskyy said last week more than 150 Chinese nationals were fighting for Russia.",
        "Ukraine’s ministry said the council’s figure was wrong.",  # apostrophes are not quotation marks
        'An unclosed " mark quotes no one.',
    ],
)
def test_a_sentence_without_quotation_marks_yields_no_quote(sentence):
    assert claimant_words(sentence) == ""


def test_intake_stores_the_quoted_words_as_the_quote_and_keeps_the_sentence_as_context(checker):
    text = (
        "Ferry budget doubles\n"
        "The council said it would spend 12 million euros on two new ferries.\n"
        'Councillor Jane Moss said: "The old boats are 40 years old, the oldest in the region."\n'
    )
    intake = pipeline.rank_piece(text=text)
    kept = {c.rank: {"statement": c.statement, "claimant": c.claimant} for c in intake.candidates}

    piece = pipeline.store_kept(intake, kept, by=checker)

    by_sentence = {piece.body[c.start : c.end]: c.quote for c in Claim.objects.all()}
    assert by_sentence == {
        "The council said it would spend 12 million euros on two new ferries.": "",
        'Councillor Jane Moss said: "The old boats are 40 years old, the oldest in the region."': (
            "The old boats are 40 years old, the oldest in the region."
        ),
    }


def test_reported_speech_is_published_as_reported_with_no_quotation_marks_and_no_quotation(
    client, checker, editor, rating
):
    text = (
        "Ferry budget doubles\nCouncillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
    )
    intake = pipeline.rank_piece(text=text)
    kept = {1: {"statement": "The town's ferries are 40 years old.", "claimant": "Jane Moss"}}
    pipeline.store_kept(intake, kept, by=checker)
    claim = publish(Claim.objects.get(), checker=checker, editor=editor, rating=rating)

    html = client.get(claim.get_absolute_url()).content.decode()

    assert '<p class="claim-statement">The town&#x27;s ferries are 40 years old.</p>' in html
    assert "claim-quote" not in html and "“" not in html.split('class="claim-panel"')[1].split("</section>")[0]
    assert "Claimant:" in html and "Jane Moss" in html
    assert '"Quotation"' not in html
