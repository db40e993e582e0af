"""The intake from end to end: read a piece, rank its candidate claims, store the ones kept.

The import_piece command and the desk's intake page both call `rank_piece` and `store`; they
differ only in how they show the result. Nothing here builds a URL: a match names its claim by id.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from claims import editing
from claims.intake.claimant import propose_claimant, unify_claimants
from claims.intake.errors import IntakeError
from claims.intake.fetching import read_url
from claims.intake.matching import Match, Matcher, merge_new_claims_into_index
from claims.intake.quoting import claimant_words
from claims.intake.ranker import shipped_model
from claims.intake.reading import ReadPiece, check_size, max_bytes, read_bytes, read_path, read_stream, read_text
from claims.intake.scoring import check_worthiness, names_used_inside_sentences
from claims.intake.sentences import split_sentences
from claims.models import Piece
from claims.roles import has_desk_access

# The lowest score at which the ranker's held-out precision reaches 0.8 (bench/RESULTS.md).
DEFAULT_MIN_SCORE = shipped_model().threshold
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


@dataclass
class Intake:
    piece: ReadPiece
    candidates: list[Candidate] = field(default_factory=list)
    sentence_count: int = 0
    not_shown: int = 0


class ImportRefused(IntakeError):
    """The person may not import pieces: the same answer for every piece, so a batch stops at the first."""


# The one pipeline ----------------------------------------------------------------


def rank_piece(
    *,
    text: str | None = None,
    upload=None,
    path=None,
    stream=None,
    address: str = "",
    title: str = "",
    url: str = "",
    publisher: str = "",
    published_on=None,
    title_fallback: str = "",
    min_score: float = DEFAULT_MIN_SCORE,
    matcher: Matcher | None = None,
) -> Intake:
    """Read a piece given one way, let what the person gave win, then split, score, name claimants, match.

    Stores nothing: the command stores straight away, the desk after the person chose.
    """
    piece = read_piece(text=text, upload=upload, path=path, stream=stream, address=address)
    apply_overrides(piece, title=title, url=url, publisher=publisher, published_on=published_on)
    if not piece.title:
        piece.title = title_fallback
    return analyse(piece, min_score=min_score, matcher=matcher)


# Reading -------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_piece(*, text=None, upload=None, path=None, stream=None, address: str = "") -> ReadPiece:
    """The piece from exactly one source: an uploaded file, a binary stream, a web address, a file path or text."""
    if upload is not None:
        check_size(upload.size)
        return read_bytes(upload.read(max_bytes() + 1), name=upload.name, content_type="")
    if stream is not None:
        return read_stream(stream)
    if address:
        if not is_url(address):
            raise IntakeError("Only http:// and https:// web addresses can be fetched.")
        return read_url(address)
    if path is not None:
        return read_path(path)
    return read_text(text or "")


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
    for candidate, claimant in zip(candidates, unify_claimants([c.claimant for c in candidates]), strict=True):
        candidate.claimant = claimant
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
    """The piece and its candidates as new claims, all in one transaction, or nothing.

    The one role check of the intake: a piece may be stored with no claims, where
    editing.create_claim's own check would never run.
    """
    if not has_desk_access(by):
        raise ImportRefused(f"{by} has no desk access: only fact-checkers and editors can import pieces.")
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
            blocks=[block.as_dict() for block in piece.blocks],
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
                    quote=claimant_words(candidate.text),
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


def store_kept(intake: Intake, kept: dict[int, dict], *, by) -> Piece:
    """Store the piece with the candidates the person kept; `kept` maps rank -> edited statement and claimant."""
    if not kept:
        raise IntakeError("Tick at least one candidate to keep.")
    chosen = []
    for candidate in intake.candidates:
        edits = kept.get(candidate.rank)
        if edits is None:
            continue
        candidate.statement = " ".join(edits["statement"].split())
        candidate.claimant = " ".join(edits["claimant"].split())
        chosen.append(candidate)
    return store(intake.piece, chosen, by=by)
