"""An intake's piece and candidates written into a page between reading and saving: the format and its seal.

The desk's intake page stores nothing before the person chooses, so the candidates page
carries the parsed piece and its candidates in a hidden field. The signature keeps anyone
from altering the text or the offsets the new claims will point into; it expires so that a
page left open for a day is read again. Only the desk uses it today, but it lives beside
the dataclasses it writes so that a field added to a candidate cannot be forgotten here.
"""

import datetime
from dataclasses import asdict, fields

from django.core import signing
from django.utils.translation import gettext as _

from claims.intake.errors import IntakeError
from claims.intake.matching import Match
from claims.intake.pipeline import Candidate, Intake
from claims.intake.reading import CAPTION, HEADING, PARAGRAPH, Block, ReadPiece

SALT = "claims.intake.candidates"
MAX_AGE = 12 * 60 * 60
MATCH_FIELDS = [f.name for f in fields(Match)]


def sign(intake: Intake) -> str:
    return signing.dumps(to_payload(intake), salt=SALT, compress=True)


def unsign(signed: str) -> Intake:
    """The intake as it was signed, or IntakeError saying why the person must read the piece again."""
    try:
        payload = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise IntakeError(_("These candidates are more than 12 hours old: read the piece again.")) from None
    except signing.BadSignature:
        raise IntakeError(_("These candidates were altered on the way: read the piece again.")) from None
    try:
        return from_payload(payload)
    except (KeyError, TypeError, ValueError, AttributeError):
        # Signed by us, so only an older version of the format gets here (a page open across a deploy).
        message = _("These candidates were read by an older version of the desk: read the piece again.")
        raise IntakeError(message) from None


def to_payload(intake: Intake) -> dict:
    piece = intake.piece
    return {
        "piece": {
            "title": piece.title,
            "url": piece.url,
            "publisher": piece.publisher,
            "byline": piece.byline,
            "published_on": piece.published_on.isoformat() if piece.published_on else "",
            "language": piece.language,
            "body": piece.body,
            "blocks": [block.as_dict() for block in piece.blocks],
            "sections": piece.sections,
            "credits": piece.credits,
        },
        "sentence_count": intake.sentence_count,
        "not_shown": intake.not_shown,
        # The quote is not written: it is read again from the body between the offsets, so the two cannot disagree.
        "candidates": [
            {
                "rank": candidate.rank,
                "score": candidate.score,
                "reasons": list(candidate.reasons),
                "statement": candidate.statement,
                "claimant": candidate.claimant,
                "start": candidate.start,
                "end": candidate.end,
                "kind": candidate.kind,
                "match": asdict(candidate.match) if candidate.match else None,
            }
            for candidate in intake.candidates
        ],
    }


def from_payload(payload: dict) -> Intake:
    piece = piece_from(payload["piece"])
    candidates = [candidate_from(item, piece.body) for item in payload["candidates"]]
    return Intake(
        piece=piece,
        candidates=candidates,
        sentence_count=int(payload["sentence_count"]),
        not_shown=int(payload["not_shown"]),
    )


def piece_from(data: dict) -> ReadPiece:
    published = data.get("published_on") or ""
    body = data["body"]
    return ReadPiece(
        body=body,
        # A page signed before blocks were written has none: its piece is stored as paragraphs.
        blocks=[block_from(item, body) for item in data.get("blocks", [])],
        title=data.get("title", ""),
        url=data.get("url", ""),
        publisher=data.get("publisher", ""),
        byline=data.get("byline", ""),
        published_on=datetime.date.fromisoformat(published) if published else None,
        language=data.get("language") or "en",
        sections=list(data.get("sections", [])),
        credits=list(data.get("credits", [])),
    )


def block_from(item: dict, body: str) -> Block:
    start, end = int(item["start"]), int(item["end"])
    if item["kind"] not in (PARAGRAPH, CAPTION, HEADING) or not 0 <= start < end <= len(body):
        raise ValueError("a block outside the body")
    return Block(item["kind"], body[start:end], start, end, credit=str(item.get("credit", "")))


def candidate_from(item: dict, body: str) -> Candidate:
    start, end = int(item["start"]), int(item["end"])
    if not 0 <= start < end <= len(body):
        raise IntakeError(_("The candidates do not fit the piece any more: start again."))
    match = item.get("match")
    return Candidate(
        rank=int(item["rank"]),
        score=float(item["score"]),
        reasons=list(item["reasons"]),
        text=body[start:end],
        statement=item["statement"],
        claimant=item["claimant"],
        start=start,
        end=end,
        kind=item.get("kind", PARAGRAPH),
        match=Match(**{name: match[name] for name in MATCH_FIELDS}) if match else None,
    )
