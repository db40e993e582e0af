"""Content edits of claims, evidence, verdict drafts and comments.

Like the workflow, each function checks who may edit, locks the row, and
refuses with a readable `EditRefused`. Edits of a claim or a verdict carry
the version the editor started from: when someone else saved in between, or a
form came back without its version, `VersionConflict` is raised and nothing is
overwritten. Only code that edits the row it has just read (commands, the demo)
passes `version=LATEST`.

Every change to what readers will see of a claim's next revision (its public fields, its evidence, the
verdict's text) is recorded as a `ProjectionChange` naming who made it: those people may not approve it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from claims import notify, snapshots
from claims.models import Claim, ClaimSlugRedirect, Comment, Evidence, Piece, ProjectionChange, Verdict, unique_slug
from claims.roles import has_desk_access, is_editor

CLAIM_FIELDS = ("statement", "quote", "claimant", "said_on", "appearance_url", "priority", "due_on")
# Where the claim was found; like its address, it never moves once a verdict on it was published.
PLACE_FIELDS = ("piece", "start", "end")
VERDICT_FIELDS = ("rating", "headline", "summary", "explanation", "public_note")
EVIDENCE_FIELDS = ("url", "title", "publisher", "stance", "note", "accessed_on", "archived_url")


# What readers see of the claim row: the snapshot's fields and the piece it cites.
PUBLIC_CLAIM_FIELDS = frozenset({*snapshots.CLAIM_FIELDS, "piece"})


LATEST = "latest"  # the `version` of an edit by code that has just read the row; a person's form sends a number


class EditRefused(Exception):
    """An edit was refused; the message says why."""


class VersionConflict(EditRefused):
    """Someone else saved since this editor loaded the page."""


def can_edit_research(claim: Claim, user) -> bool:
    """Evidence and the verdict draft: the assignee while researching, or an editor."""
    if not has_desk_access(user):
        return False
    if claim.status != Claim.Status.RESEARCHING:
        return False
    return is_editor(user) or claim.assignee_id == user.pk


def can_edit_claim(claim: Claim, user) -> bool:
    if is_editor(user):
        return claim.status in (Claim.Status.NEW, Claim.Status.RESEARCHING)
    return can_edit_research(claim, user)


def can_edit_piece(piece: Piece, user) -> bool:
    """A piece whose claims were ever published is public text: only editors may change it then."""
    if not has_desk_access(user):
        return False
    if piece.pk is None or is_editor(user):
        return True
    return not piece.claims.filter(first_published_at__isnull=False).exists()


def can_set_republishing(user) -> bool:
    """Whether readers may see a piece's full text is a question of rights: an editor's call."""
    return is_editor(user)


def set_republishing(piece: Piece, *, by, allowed: bool) -> Piece:
    """Record whether we may publish the piece's full text (own reporting, a public transcript) or not."""
    with transaction.atomic():
        locked = Piece.objects.select_for_update().get(pk=piece.pk)
        if not can_set_republishing(by):
            raise EditRefused(_("Only an editor can decide whether we may republish a piece."))
        if locked.may_republish != allowed:
            locked.may_republish = allowed
            locked._history_user = by
            locked.save(update_fields=["may_republish"])  # its piece generation moves: the public page follows
    return locked


def _lock(claim):
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _record(locked: Claim, by, what: str) -> None:
    """Inside the edit's transaction, with the claim locked: `by` changed what the next revision will show."""
    draft = locked.current_draft()
    revision = draft.number if draft else (locked.verdicts.aggregate(n=Max("number"))["n"] or 0) + 1
    ProjectionChange.objects.create(claim=locked, revision=revision, user=by, what=what[:200])


def _check_version(current: int, expected, what: str):
    if expected == LATEST:
        return
    if not isinstance(expected, int):
        # A form without its version could overwrite changes its sender never saw.
        raise VersionConflict(_("This form is out of date. Reload the page and try again."))
    if expected != current:
        raise VersionConflict(
            _(
                "Someone else saved this %(what)s while you were editing. Your text is kept below: "
                "reload to see their changes, then apply yours again."
            )
            % {"what": what}
        )


def check_version(instance: Claim | Verdict, version) -> None:
    """Inside the caller's transaction: lock the claim or revision and refuse if it is no longer at `version`.

    The admin calls this while validating its change form, so a stale form is shown again with what was typed;
    the lock holds until the admin's save (through `update_claim` or `save_verdict`) ends its transaction.
    """
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    _check_version(locked.version, version, instance._meta.verbose_name)


def _validated(instance, fields):
    try:
        instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in fields])
    except ValidationError as error:
        raise EditRefused("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error


def create_claim(*, by, piece=None, statement: str, slug: str = "", **fields) -> Claim:
    """A new claim; `slug`, when not empty, is an address chosen by a person (otherwise it comes from the statement)."""
    if not has_desk_access(by):
        raise EditRefused(_("Only the desk can add claims."))
    claim = Claim(piece=piece, statement=statement, created_by=by, **fields)
    if slug:
        claim.slug, claim.slug_chosen = _new_address(claim, slug), True
    _validated(claim, set(fields) | {"statement"})
    claim._history_user = by
    with transaction.atomic():
        claim.save()
        _record(claim, by, "claim created")
    return claim


def keep_old_address(claim: Claim, new_slug: str) -> None:
    """Before `claim` moves to `new_slug`: its current address redirects to it, and the new one is its own.

    Going back to one of its own earlier addresses takes it back; another claim's earlier address is never
    taken (`_new_address` refuses it), so its redirect keeps working.
    """
    ClaimSlugRedirect.objects.filter(old_slug=new_slug, claim=claim).delete()
    ClaimSlugRedirect.objects.update_or_create(old_slug=claim.slug, defaults={"claim": claim})


def _new_address(locked: Claim, slug: str) -> str:
    """Check a slug a person typed for `locked`; returns it, or raises EditRefused saying why.

    Every form that sets an address (the desk's, the admin's) comes through here: no claim takes another's
    current address, nor one of its earlier addresses, whose permanent redirect must keep working.
    """
    if locked.first_published_at is not None:
        raise EditRefused(_("The address of a published verdict stays as it is: links to it must keep working."))
    if Claim.slug_taken(slug, by=locked if locked.pk else None):
        raise EditRefused(_("Another claim uses the address “%(slug)s”. Choose another.") % {"slug": slug})
    return slug


def check_address(claim: Claim, slug: str) -> None:
    """Raise EditRefused if `claim` may not move to `slug` (for forms that ask before saving)."""
    _new_address(claim, slug)


def update_claim(claim: Claim, *, by, data: dict, version=LATEST) -> Claim:
    """Save the claim's fields; `data["slug"]`, when given and not empty, is a new address chosen by a person."""
    with transaction.atomic():
        locked = _lock(claim)
        if not can_edit_claim(locked, by):
            raise EditRefused(_("You cannot edit this claim now."))
        _check_version(locked.version, version, _("claim"))
        changed = [f for f in (*CLAIM_FIELDS, *PLACE_FIELDS) if f in data and getattr(locked, f) != data[f]]
        if locked.first_published_at is not None and set(changed) & set(PLACE_FIELDS):
            raise EditRefused(_("Where a published claim was found stays as it is."))
        slug = data.get("slug") or locked.slug
        if slug != locked.slug:
            keep_old_address(locked, _new_address(locked, slug))
            locked.slug, locked.slug_chosen = slug, True
            changed += ["slug", "slug_chosen"]
        if not changed:
            return locked
        for field in changed:
            if field in CLAIM_FIELDS or field in PLACE_FIELDS:
                setattr(locked, field, data[field])
        _validated(locked, changed)
        locked.version += 1
        locked._history_user = by
        locked.save(update_fields=[*changed, "version", "updated_at"])
        shown = [field for field in changed if field in PUBLIC_CLAIM_FIELDS]
        if shown:  # priority and due date are the desk's own
            _record(locked, by, "claim: " + ", ".join(shown))
        return locked


def _suggest_address(claim: Claim, headline: str) -> None:
    """Until a person chooses the address or the verdict is published, it follows the headline."""
    if claim.slug_chosen or claim.first_published_at is not None or not headline.strip():
        return
    slug = unique_slug(Claim, headline, max_length=120, taken=lambda s: Claim.slug_taken(s, by=claim))
    if slug != claim.slug:
        keep_old_address(claim, slug)
        claim.slug = slug
        # Not a row of the claim's history: it follows the headline edit, which the verdict's history records.
        claim.save_without_historical_record(update_fields=["slug", "updated_at"])


def save_verdict(claim: Claim, *, by, data: dict, version=LATEST) -> Verdict:
    """Save the draft revision, starting one if the claim has none."""
    with transaction.atomic():
        locked = _lock(claim)
        if not can_edit_research(locked, by):
            raise EditRefused(_("The verdict can only be edited while the claim is being researched."))
        draft = locked.verdicts.select_for_update().filter(state=Verdict.State.DRAFT).first()
        if draft is None:
            if locked.verdicts.filter(state=Verdict.State.SUBMITTED).exists():
                raise EditRefused(_("The verdict is in review and cannot be edited."))
            number = (locked.verdicts.aggregate(n=Max("number"))["n"] or 0) + 1
            _check_version(0, version, _("verdict"))
            draft = Verdict(claim=locked, number=number, author=by)
        else:
            _check_version(draft.version, version, _("verdict"))
        changed = [f for f in VERDICT_FIELDS if f in data and getattr(draft, f) != data[f]]
        if draft.pk and not changed:
            return draft
        if "public_note" in changed and not draft.is_correction:
            raise EditRefused(_("A correction note is written only for a correction of a published verdict."))
        for field in changed:
            setattr(draft, field, data[field])
        _validated(draft, changed)
        if draft.pk:
            draft.version += 1
        draft._history_user = by
        draft.save()
        _record(locked, by, "verdict: " + ", ".join(changed))
        if "headline" in changed:
            _suggest_address(locked, draft.headline)
        return draft


def add_evidence(claim: Claim, *, by, **fields) -> Evidence:
    with transaction.atomic():
        locked = _lock(claim)
        if not can_edit_research(locked, by):
            raise EditRefused(_("Evidence can only be added while the claim is being researched."))
        position = (locked.evidence.aggregate(p=Max("position"))["p"] or 0) + 1
        evidence = Evidence(claim=locked, added_by=by, position=position, **fields)
        _validated(evidence, set(fields))
        evidence._history_user = by
        evidence.save()
        _record(locked, by, f"evidence added: {evidence.url}")
        return evidence


def update_evidence(evidence: Evidence, *, by, data: dict) -> Evidence:
    with transaction.atomic():
        locked = _lock(evidence.claim)
        if not can_edit_research(locked, by):
            raise EditRefused(_("Evidence can only be edited while the claim is being researched."))
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, claim=locked)
        changed = [f for f in EVIDENCE_FIELDS if f in data and getattr(evidence, f) != data[f]]
        for field in changed:
            setattr(evidence, field, data[field])
        _validated(evidence, changed)
        if changed:
            evidence._history_user = by
            evidence.save(update_fields=changed)
            _record(locked, by, f"evidence {evidence.pk}: " + ", ".join(changed))
        return evidence


def remove_evidence(evidence: Evidence, *, by) -> None:
    with transaction.atomic():
        locked = _lock(evidence.claim)
        if not can_edit_research(locked, by):
            raise EditRefused(_("Evidence can only be removed while the claim is being researched."))
        evidence._history_user = by
        evidence.delete()
        _record(locked, by, f"evidence removed: {evidence.url}")


def move_evidence(evidence: Evidence, *, by, offset: int) -> None:
    """Move a link up (offset -1) or down (+1) in the claim's list."""
    with transaction.atomic():
        locked = _lock(evidence.claim)
        if not can_edit_research(locked, by):
            raise EditRefused(_("Evidence can only be reordered while the claim is being researched."))
        items = list(locked.evidence.all())
        index = next(i for i, e in enumerate(items) if e.pk == evidence.pk)
        new_index = max(0, min(len(items) - 1, index + offset))
        items.insert(new_index, items.pop(index))
        moved = False
        for position, item in enumerate(items, start=1):
            if item.position != position:
                item.position = position
                item._history_user = by
                item.save(update_fields=["position"])
                moved = True
        if moved:
            _record(locked, by, f"evidence {evidence.pk} moved")


def add_comment(claim: Claim, *, by, body: str) -> Comment:
    body = (body or "").strip()
    if not has_desk_access(by):
        raise EditRefused(_("Only the desk can comment on claims."))
    if not body:
        raise EditRefused(_("A comment cannot be empty."))
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=by, body=body)
        notify.on_commit_commented(comment)
    return comment
