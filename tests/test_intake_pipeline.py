"""The intake end to end: ranking, statements, and storing the piece with its claims in one transaction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import editing
from claims.intake import pipeline
from claims.intake.errors import IntakeError
from claims.intake.reading import read_text
from claims.models import Claim, Piece

TEXT = (
    "Ferry budget doubles\n"
    "The council said it would spend 12 million euros on two new ferries.\n"
    "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
)


def test_candidates_are_ranked_best_first_with_their_place_in_the_body(db):
    intake = pipeline.analyse(read_text(TEXT))

    assert [c.rank for c in intake.candidates] == [1, 2]
    assert intake.candidates[0].score >= intake.candidates[1].score
    for candidate in intake.candidates:
        assert intake.piece.body[candidate.start : candidate.end] == candidate.text


def test_a_long_sentence_is_shortened_at_a_word_for_the_statement():
    sentence = "The council said " + "very " * 150 + "many ferries sailed."

    statement = pipeline.statement_from(sentence)

    assert len(statement) <= pipeline.STATEMENT_MAX
    assert statement.endswith("very…")


def test_no_sentences_is_an_error(db):
    with pytest.raises(IntakeError, match="No sentences were found"):
        pipeline.analyse(read_text("Only a headline\n"))


def test_the_piece_and_its_claims_are_stored_together_or_not_at_all(checker, monkeypatch):
    intake = pipeline.analyse(read_text(TEXT))
    real_create = editing.create_claim
    calls = []

    def fail_on_second(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise editing.EditRefused("statement: too long")
        return real_create(**fields)

    monkeypatch.setattr(editing, "create_claim", fail_on_second)

    with pytest.raises(IntakeError, match="Claim 2: statement: too long"):
        pipeline.store(intake.piece, intake.candidates, by=checker)
    assert not Piece.objects.exists() and not Claim.objects.exists()


def test_storing_needs_desk_access(outsider):
    intake = pipeline.analyse(read_text(TEXT))

    with pytest.raises(IntakeError, match="no desk access"):
        pipeline.store(intake.piece, intake.candidates, by=outsider)
    assert not Piece.objects.exists()


def test_what_the_person_gives_wins_over_what_was_read():
    piece = read_text(TEXT)

    pipeline.apply_overrides(piece, title="Ferries", url="https://news.example.org/f", publisher="Gazette")

    assert (piece.title, piece.url, piece.publisher) == ("Ferries", "https://news.example.org/f", "Gazette")
    with pytest.raises(IntakeError, match="http:// or https://"):
        pipeline.apply_overrides(piece, url="ftp://example.org/f")


def test_every_way_of_giving_a_piece_yields_the_same_candidates(db, tmp_path):
    path = tmp_path / "ferries.txt"
    path.write_text(TEXT)
    pasted = pipeline.rank_piece(text=TEXT)

    given = [
        pipeline.rank_piece(path=str(path)),
        pipeline.rank_piece(stream=io.BytesIO(TEXT.encode())),
        pipeline.rank_piece(upload=SimpleUploadedFile("ferries.txt", TEXT.encode())),
    ]

    assert "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region." in [
        c.text for c in pasted.candidates
    ]
    for intake in given:
        assert [(c.rank, c.text, c.claimant) for c in intake.candidates] == [
            (c.rank, c.text, c.claimant) for c in pasted.candidates
        ]


def test_the_file_name_is_the_title_only_when_the_piece_has_none(db):
    titled = pipeline.rank_piece(text=TEXT, title_fallback="Ferry budget from the file name")
    untitled = pipeline.rank_piece(text="The port said 12 ships docked in 2023.", title_fallback="Port news")

    assert titled.piece.title == "Ferry budget doubles"
    assert untitled.piece.title == "Port news"


def test_only_http_addresses_are_fetched(db):
    with pytest.raises(IntakeError, match="Only http:// and https://"):
        pipeline.rank_piece(address="file:///etc/passwd")


def test_only_the_kept_candidates_are_stored_with_their_edits(checker):
    intake = pipeline.rank_piece(text=TEXT)

    kept = {2: {"statement": " Two  ferries cost 12 million. ", "claimant": "Council"}}

    piece = pipeline.store_kept(intake, kept, by=checker)

    claim = Claim.objects.get()
    assert claim.piece == piece
    assert (claim.statement, claim.claimant) == ("Two ferries cost 12 million.", "Council")
    assert piece.body[claim.start : claim.end] == intake.candidates[1].text
    assert claim.quote == ""  # the reporter's sentence quotes no one: it stays the context, not a quote


def test_keeping_nothing_is_refused_and_stores_nothing(checker):
    intake = pipeline.rank_piece(text=TEXT)

    with pytest.raises(IntakeError, match="Tick at least one candidate"):
        pipeline.store_kept(intake, {}, by=checker)
    assert not Piece.objects.exists()


def test_a_piece_without_candidates_still_needs_desk_access(outsider):
    with pytest.raises(pipeline.ImportRefused, match="no desk access"):
        pipeline.store(read_text(TEXT), [], by=outsider)
    assert not Piece.objects.exists()
