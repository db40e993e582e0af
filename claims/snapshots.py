"""The snapshot a verdict revision carries: everything the public sees of its claim.

The claim row and its evidence rows are the draft; a revision copies them when
it is submitted, so the editor reviews exactly what will be published, and the
workflow checks the copy again at approval. Public pages read only the
snapshot of the published revision.
"""

import hashlib

from django.utils.dateparse import parse_date

from claims.markdown import render_markdown
from claims.models import Claim, Piece, Rating, Verdict

CLAIM_FIELDS = ("statement", "quote", "start", "end", "claimant", "said_on", "appearance_url")
EVIDENCE_FIELDS = ("title", "url", "publisher", "stance", "note", "accessed_on", "archived_url")
# The piece as a verdict cites it; its body is kept as a digest: the piece page shows the live body only while
# it is the one an approval carried (an edit takes the text down until the next approval).
PIECE_FIELDS = ("title", "publisher", "byline", "published_on", "url", "language", "may_republish")


def evidence_of(claim: Claim) -> list[dict]:
    """The claim's evidence list as plain data, in the order readers see it."""
    items = []
    for row in claim.evidence.order_by("position", "id").values(*EVIDENCE_FIELDS):
        row["accessed_on"] = row["accessed_on"].isoformat() if row["accessed_on"] else None
        items.append(row)
    return items


def body_digest(body: str) -> str:
    return hashlib.sha256((body or "").encode()).hexdigest()


def rating_as_shown(rating: Rating | None) -> dict:
    """The rating as readers see it: its label, value and meaning, and the scale's ends the ClaimReview gives."""
    if rating is None:
        return {}
    worst, best = Rating.scale_bounds()
    return {
        "label": rating.label,
        "value": rating.value,
        "description": rating.description,
        "worst": worst,
        "best": best,
    }


def piece_as_cited(piece: Piece | None) -> dict:
    if piece is None:
        return {}
    values = {name: getattr(piece, name) for name in PIECE_FIELDS}
    values["published_on"] = piece.published_on.isoformat() if piece.published_on else None
    return {"id": piece.pk, "slug": piece.slug, **values, "body_sha256": body_digest(piece.body)}


def cited_piece(verdict: Verdict, live: Piece | None) -> Piece | None:
    """The piece as `verdict` cites it (unsaved): the frozen metadata; the live body only if it is the approved one.

    Turning `may_republish` off takes the full text down at once; turning it on waits for an approval.
    """
    return piece_from_snapshot(verdict.piece_cited if is_frozen(verdict) else piece_as_cited(live), live)


def piece_from_snapshot(frozen: dict, live: Piece | None) -> Piece | None:
    if not frozen:
        return None
    same = live is not None and live.pk == frozen["id"]
    body = live.body if same and body_digest(live.body) == frozen["body_sha256"] else ""
    values = {name: frozen[name] for name in PIECE_FIELDS}
    values["published_on"] = parse_date(frozen["published_on"] or "")
    values["may_republish"] = bool(body) and frozen["may_republish"] and live.may_republish
    slug = live.slug if same else frozen["slug"]
    piece = Piece(pk=frozen["id"], slug=slug, body=body, blocks=live.blocks if body else [], **values)
    piece._state.adding = False
    return piece


def draft_values(claim: Claim, verdict: Verdict) -> dict:
    """What the snapshot of `verdict` would hold if it were frozen now."""
    values = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    values["evidence"] = evidence_of(claim)
    values["explanation_html"] = str(render_markdown(verdict.explanation))
    values["rating_shown"] = rating_as_shown(verdict.rating)
    values["piece_cited"] = piece_as_cited(claim.piece)
    return values


def frozen_values(verdict: Verdict) -> dict:
    names = (*CLAIM_FIELDS, "evidence", "explanation_html", "rating_shown", "piece_cited")
    return {name: getattr(verdict, name) for name in names}


def freeze(verdict: Verdict, claim: Claim) -> list[str]:
    """Copy the claim's public fields into the revision; returns the names of the fields to save."""
    values = draft_values(claim, verdict)
    for name, value in values.items():
        setattr(verdict, name, value)
    return list(values)


def is_frozen(verdict: Verdict) -> bool:
    # A draft follows the claim as it is edited; submitting freezes it (a claim always has a statement).
    return verdict.state in (Verdict.State.SUBMITTED, Verdict.State.APPROVED) and bool(verdict.statement)


def public_view(verdict: Verdict, claim: Claim) -> Verdict:
    """The revision as readers would see it: frozen, or for a draft an unsaved copy filled from the claim."""
    if is_frozen(verdict):
        return verdict
    copy = Verdict(**{f.attname: getattr(verdict, f.attname) for f in Verdict._meta.concrete_fields})
    copy._state.adding = False
    if verdict.rating_id and "rating" in verdict._state.fields_cache:
        copy.rating = verdict.rating
    freeze(copy, claim)
    return copy


def review_copy(verdict: Verdict) -> dict:
    """The revision as an editor reviews it, as plain data: what readers would see, and the verdict's words.

    Kept on a request for changes, so the resubmission can show what changed since (claims/desk/history.py).
    """
    shown = public_view(verdict, verdict.claim)
    return {
        "statement": shown.statement,
        "claimant": shown.claimant,
        "quote": shown.quote,
        "said_on": shown.said_on.isoformat() if shown.said_on else "",
        "appearance_url": shown.appearance_url,
        "rating": shown.shown_rating.label if shown.rating else "",
        "headline": shown.headline,
        "summary": shown.summary,
        "explanation": shown.explanation,
        "evidence": shown.evidence,
        "public_note": shown.public_note,
    }
