"""The candidates signed into the intake page: read back as they were, refused when altered, old or stale."""

import pytest
from django.core import signing

from claims.intake import payload, pipeline
from claims.intake.errors import IntakeError

TEXT = (
    "Harbour town doubles its ferry budget\n"
    "By Tom Baker\n"
    "The council said it would spend 12 million euros on two new ferries, twice last year's budget.\n"
    "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
)


def test_the_signed_candidates_read_back_as_they_were(published_claim):
    intake = pipeline.rank_piece(text=f"{TEXT}The mayor said {published_claim.statement}\n", publisher="Gazette")

    back = payload.unsign(payload.sign(intake))

    assert (back.piece.title, back.piece.byline, back.piece.publisher, back.piece.body) == (
        intake.piece.title,
        "Tom Baker",
        "Gazette",
        intake.piece.body,
    )
    assert [(c.rank, c.text, c.statement, c.claimant, c.start, c.end) for c in back.candidates] == [
        (c.rank, c.text, c.statement, c.claimant, c.start, c.end) for c in intake.candidates
    ]
    [flagged] = [c for c in back.candidates if c.match]
    assert (flagged.match.claim, flagged.match.public) == (published_claim.pk, True)
    assert back.sentence_count == intake.sentence_count


def test_altered_candidates_are_refused(db):
    signed = payload.sign(pipeline.rank_piece(text=TEXT))

    with pytest.raises(IntakeError, match="altered on the way"):
        payload.unsign(signed[:-3] + "abc")


def test_candidates_older_than_twelve_hours_are_refused(db, monkeypatch):
    signed = payload.sign(pipeline.rank_piece(text=TEXT))
    monkeypatch.setattr(payload, "MAX_AGE", -1)

    with pytest.raises(IntakeError, match="more than 12 hours old"):
        payload.unsign(signed)


def test_candidates_in_an_older_format_are_refused_with_a_message(db):
    old = payload.to_payload(pipeline.rank_piece(text=TEXT))
    del old["candidates"][0]["statement"]

    with pytest.raises(IntakeError, match="older version of the desk"):
        payload.unsign(signing.dumps(old, salt=payload.SALT, compress=True))


def test_offsets_outside_the_body_are_refused(db):
    data = payload.to_payload(pipeline.rank_piece(text=TEXT))
    data["candidates"][0]["end"] = len(data["piece"]["body"]) + 1

    with pytest.raises(IntakeError, match="do not fit the piece"):
        payload.unsign(signing.dumps(data, salt=payload.SALT, compress=True))
