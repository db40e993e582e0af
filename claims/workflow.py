"""Every status change of a claim: who may take each step, what must hold, and its event.

Each step locks the claim's row, re-checks the claim's status and the actor's
role against `STEPS` (deny by default), checks the step's rules, saves, and
writes one `ReviewEvent`, all in one transaction. A refused step raises
`TransitionError` and changes nothing. Nothing else assigns `Claim.status`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import editing, notify, snapshots
from claims.models import Claim, ReviewEvent, Verdict
from claims.roles import is_checker, is_editor

log = logging.getLogger("claims.workflow")
S = Claim.Status


class TransitionError(Exception):
    """A workflow step was refused; the message says why, for a person to read."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the step keeps the status (e.g. reassigning)
    editors_only: bool
    needs_comment: bool = False


STEPS = {
    "assign": Step("assign", _("Assign"), frozenset({S.NEW, S.RESEARCHING}), S.RESEARCHING, editors_only=False),
    "submit": Step("submit", _("Submit for review"), frozenset({S.RESEARCHING}), S.IN_REVIEW, editors_only=False),
    "request_changes": Step(
        "request_changes", _("Request changes"), frozenset({S.IN_REVIEW}), S.RESEARCHING, True, needs_comment=True
    ),
    "approve": Step("approve", _("Approve"), frozenset({S.IN_REVIEW}), S.PUBLISHED, editors_only=True),
    "dismiss": Step("dismiss", _("Dismiss"), frozenset({S.NEW}), S.DISMISSED, editors_only=True, needs_comment=True),
    "restore": Step("restore", _("Restore"), frozenset({S.DISMISSED}), S.NEW, editors_only=True),
    "reopen": Step(
        "reopen", _("Reopen for correction"), frozenset({S.PUBLISHED}), S.RESEARCHING, True, needs_comment=True
    ),
    "withdraw": Step("withdraw", _("Withdraw"), frozenset({S.PUBLISHED}), S.WITHDRAWN, True, needs_comment=True),
    "approve_notice": Step(
        "approve_notice", _("Approve the withdrawal notice"), frozenset({S.WITHDRAWN}), None, editors_only=True
    ),
}


def may_take(step: Step, claim: Claim, user) -> bool:
    """The role check of a step, before its rules: the buttons and the server both use it."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_editor(user):
        return True
    if step.editors_only or not is_checker(user):
        return False
    if step.name == "assign":
        # A fact-checker may only take an unassigned new claim for themselves.
        return claim.status == S.NEW and claim.assignee_id in (None, user.pk)
    if step.name == "submit":
        return claim.assignee_id == user.pk
    return False


def available_steps(claim: Claim, user) -> list[Step]:
    """The steps this user may take on this claim now; drives the buttons."""
    steps = [step for step in STEPS.values() if claim.status in step.sources and may_take(step, claim, user)]
    if any(step.name == "approve" for step in steps) and wrote(claim, user):
        steps = [step for step in steps if step.name != "approve"]
    if any(step.name == "approve_notice" for step in steps) and notice_refusal(claim, user):
        steps = [step for step in steps if step.name != "approve_notice"]
    return steps


def wrote(claim: Claim, user) -> bool:
    """Whether `user` changed anything readers would see of the revision in review (the four-eyes rule)."""
    open_revision = claim.verdicts.filter(state__in=[Verdict.State.DRAFT, Verdict.State.SUBMITTED]).values("number")
    return claim.projection_changes.filter(revision__in=open_revision, user_id=user.pk).exists()


def _begin(step_name: str, claim: Claim, by, comment: str = "") -> tuple[Claim, Step, str]:
    """Lock and re-read the claim, then check its status and the actor's role."""
    step = STEPS[step_name]
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status not in step.sources:
        raise TransitionError(
            _("This claim is already handled: it is %(status)s now, so “%(step)s” is not possible.")
            % {"status": locked.get_status_display().lower(), "step": step.label}
        )
    if not may_take(step, locked, by):
        raise TransitionError(_("You are not allowed to %(step)s this claim.") % {"step": step.label.lower()})
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise TransitionError(_("“%(step)s” needs a comment saying why.") % {"step": step.label})
    return locked, step, comment


def _finish(
    claim: Claim, original: Claim, step: Step, by, *, to_status=None, comment="", verdict=None, snapshot=None
) -> ReviewEvent:
    """Save the new status, write the event, and keep the caller's object in step."""
    from_status = claim.status
    to_status = to_status or step.target or from_status
    claim.status = to_status
    claim.version += 1
    claim._history_user = by
    claim.save()
    event = ReviewEvent.objects.create(
        claim=claim,
        verdict=verdict,
        actor=by,
        step=step.name,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        snapshot=snapshot or {},
    )
    log.info(
        "workflow step",
        extra={"step": step.name, "claim": claim.pk, "actor": by.pk, "from": from_status, "to": to_status},
    )
    original.refresh_from_db()
    return event


def assign(claim: Claim, *, by, to) -> ReviewEvent:
    with transaction.atomic():
        locked, step, _c = _begin("assign", claim, by)
        if to is None or not to.is_active or not (is_checker(to) or is_editor(to)):
            raise TransitionError(_("Claims can only be assigned to an active fact-checker or editor."))
        if not is_editor(by) and to.pk != by.pk:
            raise TransitionError(_("Fact-checkers can only take claims for themselves."))
        if locked.assignee_id == to.pk and locked.status == S.RESEARCHING:
            raise TransitionError(_("This claim is already assigned to %(name)s.") % {"name": to.get_username()})
        locked.assignee = to
        name = to.get_full_name() or to.get_username()
        event = _finish(locked, claim, step, by, comment=_("Assigned to %(name)s") % {"name": name})
        if to.pk != by.pk:
            notify.on_commit_assigned(locked, to=to, by=by)
        return event


def submit(claim: Claim, *, by) -> ReviewEvent:
    with transaction.atomic():
        locked, step, _c = _begin("submit", claim, by)
        draft = locked.current_draft()
        missing = []
        if draft is None or draft.rating_id is None:
            missing.append(_("a rating"))
        if draft is None or not draft.summary.strip():
            missing.append(_("a summary"))
        if not locked.evidence.exists():
            missing.append(_("at least one evidence link"))
        if draft is not None and draft.is_correction and not draft.public_note.strip():
            missing.append(_("a correction note for readers"))
        if missing:
            raise TransitionError(_("Before submitting, add %(missing)s.") % {"missing": ", ".join(missing)})
        # The editor reviews exactly what will be published: the claim and its evidence as they are now.
        frozen = snapshots.freeze(draft, locked)
        draft.state = Verdict.State.SUBMITTED
        draft.version += 1
        draft._history_user = by
        draft.save(update_fields=["state", "version", *frozen])
        locked.submitted_at = timezone.now()
        event = _finish(locked, claim, step, by, verdict=draft)
        notify.on_commit_submitted(locked, by=by)
        return event


def save_and_submit(claim: Claim, *, by, data: dict, version=editing.LATEST) -> ReviewEvent:
    """Submit the verdict as the person typed it: the draft is saved (version-checked), then submitted.

    One transaction, so a refusal of either (`EditRefused`, `TransitionError`) changes nothing.
    """
    with transaction.atomic():
        editing.save_verdict(claim, by=by, data=data, version=version)
        return submit(claim, by=by)


def request_changes(claim: Claim, *, by, comment: str) -> ReviewEvent:
    with transaction.atomic():
        locked, step, comment = _begin("request_changes", claim, by, comment)
        draft = locked.current_draft()
        reviewed = snapshots.review_copy(draft)  # what the editor saw, for the resubmission's "changed since"
        draft.state = Verdict.State.DRAFT
        draft.version += 1
        draft._history_user = by
        draft.save(update_fields=["state", "version"])
        locked.submitted_at = None
        event = _finish(locked, claim, step, by, comment=comment, verdict=draft, snapshot=reviewed)
        notify.on_commit_sent_back(locked, by=by, comment=comment)
        return event


def approvals_so_far(claim: Claim) -> set:
    """Editors who approved the revision since it was last submitted."""
    last_submit = claim.events.filter(step="submit").order_by("-id").values_list("id", flat=True).first() or 0
    return set(claim.events.filter(step="approve", id__gt=last_submit).values_list("actor_id", flat=True))


def approve(claim: Claim, *, by) -> ReviewEvent:
    with transaction.atomic():
        locked, step, _c = _begin("approve", claim, by)
        draft = locked.current_draft()
        if by.pk in draft.writers():
            raise TransitionError(
                _(
                    "Four-eyes rule: you changed what readers will see of this revision (the claim, its evidence "
                    "or the verdict), so another editor must approve it."
                )
            )
        if snapshots.draft_values(locked, draft) != snapshots.frozen_values(draft):
            # Editing refuses changes in review; anything else that changed the claim must not go out unreviewed.
            raise TransitionError(
                _(
                    "The claim or its evidence changed after it was submitted, so this is not what was reviewed. "
                    "Request changes and have it submitted again."
                )
            )
        approvals = approvals_so_far(locked)
        if by.pk in approvals:
            raise TransitionError(_("You have already approved this revision; another editor must approve it too."))
        needed = settings.FACTCHECK_REQUIRED_APPROVALS
        if len(approvals) + 1 < needed:
            count = {"n": len(approvals) + 1, "needed": needed}
            return _finish(
                locked,
                claim,
                step,
                by,
                to_status=S.IN_REVIEW,
                verdict=draft,
                comment=_("Approval %(n)s of %(needed)s") % count,
            )
        now = timezone.now()
        earlier = locked.published_verdict
        if earlier is not None and earlier.rating_id != draft.rating_id and earlier.rating_id is not None:
            draft.rating_changed_from = earlier.shown_rating.label  # as readers saw it, not as renamed since
        draft.state = Verdict.State.APPROVED
        draft.approved_at = now
        draft.version += 1
        draft._history_user = by
        draft.save(update_fields=["state", "approved_at", "version", "rating_changed_from"])
        locked.published_verdict = draft
        locked.first_published_at = locked.first_published_at or now
        locked.submitted_at = None
        # The event records what went public; the reopen reason is on the reopen event and stays internal.
        comment = (
            _("Correction published: %(note)s")
            % {"note": " ".join(filter(None, [draft.public_note, draft.rating_change_note]))}
            if draft.is_correction
            else ""
        )
        notify.on_commit_published(locked, by=by)
        return _finish(locked, claim, step, by, verdict=draft, comment=comment)


def dismiss(claim: Claim, *, by, reason: str) -> ReviewEvent:
    with transaction.atomic():
        locked, step, reason = _begin("dismiss", claim, by, reason)
        return _finish(locked, claim, step, by, comment=reason)


def restore(claim: Claim, *, by) -> ReviewEvent:
    with transaction.atomic():
        locked, step, _c = _begin("restore", claim, by)
        return _finish(locked, claim, step, by)


def reopen(claim: Claim, *, by, reason: str) -> ReviewEvent:
    """Start a correction: a new draft copies the live revision, which stays public until the new one is approved.

    The reason is for the desk; readers get the correction note the fact-checker writes with the correction.
    """
    with transaction.atomic():
        locked, step, reason = _begin("reopen", claim, by, reason)
        live = locked.published_verdict
        draft = Verdict(
            claim=locked,
            number=live.number + 1,
            rating=live.rating,
            headline=live.headline,
            summary=live.summary,
            explanation=live.explanation,
            correction_reason=reason,
            author=locked.assignee or by,
        )
        # Copying the live text changes nothing readers see: the reopening editor is not a writer of the correction.
        draft._history_user = by
        draft.save()
        notify.on_commit_reopened(locked, by=by, reason=reason)
        return _finish(locked, claim, step, by, comment=reason, verdict=draft)


def withdraw(claim: Claim, *, by, reason: str) -> ReviewEvent:
    with transaction.atomic():
        locked, step, reason = _begin("withdraw", claim, by, reason)
        return _finish(locked, claim, step, by, comment=reason, verdict=locked.published_verdict)


# The withdrawal notice: taking a verdict down needs one editor, but the words readers get with it (the
# withdrawal's comment) are public only once FACTCHECK_REQUIRED_APPROVALS other editors approved them, like a
# correction note; until then readers see a fixed sentence with the date.


def notice_approvers(withdrawals) -> dict:
    """For each withdraw event, the editors other than its author who approved its wording since (one query)."""
    withdrawals = list(withdrawals)
    approvers = {event.pk: set() for event in withdrawals}
    if not withdrawals:
        return approvers
    approvals = ReviewEvent.objects.filter(step="approve_notice", claim_id__in={e.claim_id for e in withdrawals})
    for claim_id, actor_id, approval_id in approvals.values_list("claim_id", "actor_id", "id"):
        for event in withdrawals:
            if event.claim_id == claim_id and approval_id > event.pk and actor_id != event.actor_id:
                approvers[event.pk].add(actor_id)
    return approvers


def approved_notices(withdrawals) -> set:
    """The ids of the withdraw events whose wording readers may see."""
    needed = settings.FACTCHECK_REQUIRED_APPROVALS
    return {pk for pk, editors in notice_approvers(withdrawals).items() if len(editors) >= needed}


def notice_refusal(claim: Claim, user) -> str:
    """Why `user` may not approve the wording of the claim's last withdrawal; empty when they may."""
    withdrawal = claim.events.filter(step="withdraw").order_by("-id").first()
    if withdrawal is None or not withdrawal.comment:
        return _("This withdrawal has no wording to approve.")
    if withdrawal.actor_id == user.pk:
        return _("Four-eyes rule: you cannot approve the wording of a withdrawal you made.")
    if user.pk in notice_approvers([withdrawal])[withdrawal.pk]:
        return _("You have already approved this notice; another editor must approve it too.")
    return ""


def approve_notice(claim: Claim, *, by) -> ReviewEvent:
    with transaction.atomic():
        locked, step, _c = _begin("approve_notice", claim, by)
        if refusal := notice_refusal(locked, by):
            raise TransitionError(refusal)
        withdrawal = locked.events.filter(step="withdraw").order_by("-id").first()
        return _finish(locked, claim, step, by, comment=withdrawal.comment, verdict=withdrawal.verdict)


def take_step(claim: Claim, step_name: str, *, by, comment: str = "", to=None) -> ReviewEvent:
    """Run a step by name, with its arguments: the desk's buttons and the admin's actions come through here."""
    if step_name not in STEPS:
        raise TransitionError(_("There is no workflow step called “%(step)s”.") % {"step": step_name})
    return _RUNNERS[step_name](claim, by, comment, to)


# How each step's function takes take_step's arguments. Every name in STEPS has a runner here,
# and only those: a posted name can never reach any other function of this module.
_RUNNERS = {
    "assign": lambda claim, by, comment, to: assign(claim, by=by, to=to),
    "submit": lambda claim, by, comment, to: submit(claim, by=by),
    "request_changes": lambda claim, by, comment, to: request_changes(claim, by=by, comment=comment),
    "approve": lambda claim, by, comment, to: approve(claim, by=by),
    "dismiss": lambda claim, by, comment, to: dismiss(claim, by=by, reason=comment),
    "restore": lambda claim, by, comment, to: restore(claim, by=by),
    "reopen": lambda claim, by, comment, to: reopen(claim, by=by, reason=comment),
    "withdraw": lambda claim, by, comment, to: withdraw(claim, by=by, reason=comment),
    "approve_notice": lambda claim, by, comment, to: approve_notice(claim, by=by),
}
assert _RUNNERS.keys() == STEPS.keys(), "a workflow step without a runner, or a runner without a step"
