"""The intake end to end: ranking, statements, and storing the piece with its claims in one transaction."""

import pytest

from claims import editing
from claims.intake import pipeline as service
from claims.intake.errors import IntakeError
from claims.intake.reading import read_text
from claims.models import Claim, Piece

TEXT = (
    "Ferry budget doubles\n"
    "The council said it would spend 12 million euros on two new ferries.\n"
    "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
)


def test_candidates_are_ranked_best_first_with_their_place_in_the_body(db):
    intake = service.analyse(read_text(TEXT))

    assert [c.rank for c in intake.candidates] == [1, 2]
    assert intake.candidates[0].score >= intake.candidates[1].score
    for candidate in intake.candidates:
        assert intake.piece.body[candidate.start : candidate.end] == candidate.text


def test_a_long_sentence_is_shortened_at_a_word_for_the_statement():
    sentence = "The council said " + "very " * 150 + "many ferries sailed."

    statement = service.statement_from(sentence)

    assert len(statement) <= service.STATEMENT_MAX
    assert statement.endswith("very…")


def test_no_sentences_is_an_error(db):
    with pytest.raises(IntakeError, match="No sentences were found"):
        service.analyse(read_text("Only a headline\n"))


def test_the_piece_and_its_claims_are_stored_together_or_not_at_all(checker, monkeypatch):
    intake = service.analyse(read_text(TEXT))
    real_create = editing.create_claim
    calls = []

    def fail_on_second(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise editing.EditRefused("statement: too long")
        return real_create(**fields)

    monkeypatch.setattr(editing, "create_claim", fail_on_second)

    with pytest.raises(IntakeError, match="Claim 2: statement: too long"):
        service.store(intake.piece, intake.candidates, by=checker)
    assert not Piece.objects.exists() and not Claim.objects.exists()


def test_storing_needs_desk_access(outsider):
    intake = service.analyse(read_text(TEXT))

    with pytest.raises(IntakeError, match="no desk access"):
        service.store(intake.piece, intake.candidates, by=outsider)
    assert not Piece.objects.exists()


def test_what_the_person_gives_wins_over_what_was_read():
    piece = read_text(TEXT)

    service.apply_overrides(piece, title="Ferries", url="https://news.example.org/f", publisher="Gazette")

    assert (piece.title, piece.url, piece.publisher) == ("Ferries", "https://news.example.org/f", "Gazette")
    with pytest.raises(IntakeError, match="http:// or https://"):
        service.apply_overrides(piece, url="ftp://example.org/f")
