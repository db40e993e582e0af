"""The snapshot a verdict revision carries: everything the public sees of its claim.

The claim row and its evidence rows are the draft; a revision copies them when
it is submitted, so the editor reviews exactly what will be published, and the
workflow checks the copy again at approval. Public pages read only the
snapshot of the published revision.
"""

from claims.markdown import render_markdown
from claims.models import Claim, Verdict

CLAIM_FIELDS = ("statement", "quote", "start", "end", "claimant", "said_on", "appearance_url")
EVIDENCE_FIELDS = ("title", "url", "publisher", "stance", "note", "accessed_on", "archived_url")


def evidence_of(claim: Claim) -> list[dict]:
    """The claim's evidence list as plain data, in the order readers see it."""
    items = []
    for row in claim.evidence.order_by("position", "id").values(*EVIDENCE_FIELDS):
        row["accessed_on"] = row["accessed_on"].isoformat() if row["accessed_on"] else None
        items.append(row)
    return items


def draft_values(claim: Claim, verdict: Verdict) -> dict:
    """What the snapshot of `verdict` would hold if it were frozen now."""
    values = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    values["evidence"] = evidence_of(claim)
    values["explanation_html"] = str(render_markdown(verdict.explanation))
    return values


def frozen_values(verdict: Verdict) -> dict:
    return {name: getattr(verdict, name) for name in (*CLAIM_FIELDS, "evidence", "explanation_html")}


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
        "rating": shown.rating.label if shown.rating else "",
        "headline": shown.headline,
        "summary": shown.summary,
        "explanation": shown.explanation,
        "evidence": shown.evidence,
        "public_note": shown.public_note,
    }
