"""The intake from end to end: read a piece, rank its candidate claims, store the ones kept.

Used by the import_piece command and the desk's intake page alike.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import editing
from claims.intake.claimant import propose_claimant
from claims.intake.errors import IntakeError
from claims.intake.fetching import read_url
from claims.intake.matching import Match, Matcher, merge_new_claims_into_index
from claims.intake.reading import ReadPiece, check_size, max_bytes, read_bytes, read_path, read_stream, read_text
from claims.intake.scoring import check_worthiness, names_used_inside_sentences
from claims.intake.sentences import split_sentences
from claims.models import Piece
from claims.roles import has_desk_access

DEFAULT_MIN_SCORE = 0.4
STATEMENT_MAX = 500
CLAIMANT_CONTEXT = 3


@dataclass
class Candidate:
    """A sentence worth checking: its place in the body, its score and reasons, who said it, what it matches."""

    rank: int
    score: float
    reasons: list[str]
    text: str
    statement: str
    claimant: str
    start: int
    end: int
    kind: str = "paragraph"
    match: Match | None = None

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "score": self.score,
            "text": self.text,
            "claimant": self.claimant,
            "reasons": list(self.reasons),
            "start": self.start,
            "end": self.end,
            "match": self.match.as_dict() if self.match else None,
        }


@dataclass
class Intake:
    piece: ReadPiece
    candidates: list[Candidate] = field(default_factory=list)
    sentence_count: int = 0
    not_shown: int = 0


# Reading -------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, stdin=None) -> ReadPiece:
    """A file path, '-' for standard input (a binary stream), or an http(s) address."""
    if source == "-":
        return read_stream(stdin)
    if is_url(source):
        return read_url(source)
    if "://" in source:
        raise IntakeError("Only http:// and https:// web addresses can be fetched.")
    return read_path(source)


def apply_overrides(piece: ReadPiece, *, title="", url="", publisher="", published_on=None) -> ReadPiece:
    """What the person gave (title, address, publisher, date) wins over what was read."""
    if title:
        piece.title = " ".join(title.split())[:300]
    if url:
        if not is_url(url):
            raise IntakeError("The piece's address must start with http:// or https://.")
        piece.url = url
    if publisher:
        piece.publisher = publisher[:200]
    if published_on:
        piece.published_on = published_on
    return piece


def title_from_filename(path) -> str:
    return Path(path).stem.replace("-", " ").replace("_", " ").strip().capitalize()


# Ranking -------------------------------------------------------------------------


def analyse(
    piece: ReadPiece, *, min_score: float = DEFAULT_MIN_SCORE, match: bool = True, matcher: Matcher | None = None
) -> Intake:
    """The piece's sentences scored, the ones at or above `min_score` ranked best first, with claimant and match."""
    sentences = split_sentences(piece)
    if not sentences:
        raise IntakeError("No sentences were found in the piece.")
    texts = [sentence.text for sentence in sentences]
    known_names = names_used_inside_sentences(texts)
    candidates = []
    for index, sentence in enumerate(sentences):
        score = check_worthiness(sentence.text, caption=sentence.kind == "caption", known_names=known_names)
        if score.value < min_score:
            continue
        before = texts[max(0, index - CLAIMANT_CONTEXT) : index]
        candidates.append(
            Candidate(
                rank=0,
                score=score.value,
                reasons=score.reasons,
                text=sentence.text,
                statement=statement_from(sentence.text),
                claimant=propose_claimant(sentence.text, before, author=piece.byline),
                start=sentence.start,
                end=sentence.end,
                kind=sentence.kind,
            )
        )
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.start))
    if match:
        found_matches = (matcher or Matcher()).find([c.statement for c in candidates])
        for candidate, found in zip(candidates, found_matches, strict=True):
            candidate.match = found
    for rank, candidate in enumerate(candidates, start=1):
        candidate.rank = rank
    return Intake(piece=piece, candidates=candidates, sentence_count=len(sentences))


def statement_from(text: str) -> str:
    """The sentence on one line, shortened at a word to fit the claim's statement."""
    statement = " ".join(text.split())
    if len(statement) <= STATEMENT_MAX:
        return statement
    return statement[: STATEMENT_MAX - 1].rsplit(" ", 1)[0] + "…"


# Storing -------------------------------------------------------------------------


def store(piece: ReadPiece, candidates: list[Candidate], *, by) -> Piece:
    """The piece and its candidates as new claims, all in one transaction, or nothing."""
    if not has_desk_access(by):
        raise IntakeError(f"{by} has no desk access: only fact-checkers and editors can import pieces.")
    if not piece.title.strip():
        raise IntakeError("The piece needs a title.")
    with transaction.atomic():
        record = Piece(
            title=piece.title.strip()[:300],
            url=piece.url,
            publisher=piece.publisher,
            byline=piece.byline[:300],
            published_on=piece.published_on,
            language=(piece.language or "en")[:12],
            body=piece.body,
            created_by=by,
        )
        try:
            record.full_clean(exclude=["slug"])
        except ValidationError as error:
            raise IntakeError(one_line(error)) from error
        record.save()
        for candidate in candidates:
            try:
                editing.create_claim(
                    by=by,
                    piece=record,
                    statement=candidate.statement,
                    quote=candidate.text,
                    start=candidate.start,
                    end=candidate.end,
                    claimant=candidate.claimant[:200],
                    appearance_url=record.url,
                    score=candidate.score,
                    score_reasons=list(candidate.reasons),
                )
            except editing.EditRefused as error:
                raise IntakeError(f"Claim {candidate.rank}: {error}") from error
        transaction.on_commit(merge_new_claims_into_index)
    return record


def one_line(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def pieces_with_url(url: str):
    """Pieces already imported from this address: importing one twice is usually a mistake."""
    return Piece.objects.filter(url=url).order_by("created_at") if url else Piece.objects.none()


# The desk's round trip -------------------------------------------------------------

MAX_CANDIDATES_SHOWN = 200


def rank_piece(
    *,
    text: str = "",
    upload=None,
    source_url: str = "",
    title: str = "",
    url: str = "",
    publisher: str = "",
    published_on=None,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Intake:
    """Read a piece given on the desk (pasted, uploaded or by address) and rank its candidates; store nothing."""
    if upload is not None:
        check_size(upload.size)
        piece = read_bytes(upload.read(max_bytes() + 1), name=upload.name, content_type="")
    elif source_url:
        piece = read_url(source_url)
    else:
        piece = read_text(text)
    apply_overrides(piece, title=title, url=url, publisher=publisher, published_on=published_on)
    intake = analyse(piece, min_score=min_score)
    intake.not_shown = max(0, len(intake.candidates) - MAX_CANDIDATES_SHOWN)
    intake.candidates = intake.candidates[:MAX_CANDIDATES_SHOWN]
    return intake


def to_payload(intake: Intake) -> dict:
    """What the desk keeps between showing the candidates and saving them (signed, in the page)."""
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
            "sections": piece.sections,
            "credits": piece.credits,
        },
        "sentence_count": intake.sentence_count,
        "not_shown": intake.not_shown,
        "candidates": [candidate.as_dict() | {"statement": candidate.statement} for candidate in intake.candidates],
    }


def piece_from_payload(payload: dict) -> ReadPiece:
    data = payload["piece"]
    published = data.get("published_on") or ""
    return ReadPiece(
        body=data["body"],
        blocks=[],
        title=data.get("title", ""),
        url=data.get("url", ""),
        publisher=data.get("publisher", ""),
        byline=data.get("byline", ""),
        published_on=datetime.date.fromisoformat(published) if published else None,
        language=data.get("language") or "en",
        sections=list(data.get("sections", [])),
        credits=list(data.get("credits", [])),
    )


def candidates_from_payload(payload: dict) -> list[Candidate]:
    body = payload["piece"]["body"]
    candidates = []
    for item in payload["candidates"]:
        start, end = int(item["start"]), int(item["end"])
        if not 0 <= start < end <= len(body):
            raise IntakeError("The candidates do not fit the piece any more: start again.")
        match = Match(**item["match"]) if item.get("match") else None
        candidates.append(
            Candidate(
                rank=int(item["rank"]),
                score=float(item["score"]),
                reasons=list(item["reasons"]),
                text=body[start:end],
                statement=item["statement"],
                claimant=item["claimant"],
                start=start,
                end=end,
                match=match,
            )
        )
    return candidates


def store_kept(payload: dict, kept: dict[int, dict], *, by) -> Piece:
    """Store the piece with the candidates the person kept; `kept` maps rank -> edited statement and claimant."""
    if not kept:
        raise IntakeError("Tick at least one candidate to keep.")
    chosen = []
    for candidate in candidates_from_payload(payload):
        edits = kept.get(candidate.rank)
        if edits is None:
            continue
        candidate.statement = " ".join(edits["statement"].split())
        candidate.claimant = " ".join(edits["claimant"].split())
        chosen.append(candidate)
    return store(piece_from_payload(payload), chosen, by=by)
