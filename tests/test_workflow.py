"""The moderation workflow: who may take each step, each rule, and that refusals change nothing.

Every test runs twice: with one approval needed and with a quorum of two
(FACTCHECK_REQUIRED_APPROVALS=2), where another editor approves first and the
approval a test takes is the one that completes the quorum.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from claims import editing, workflow
from claims.models import Claim, ReviewEvent, Verdict
from claims.roles import EDITORS
from claims.workflow import TransitionError
from tests.factories import ClaimFactory, make_user, research

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db

S = Claim.Status


@pytest.fixture(autouse=True, params=[1, 2], ids=["one-approval", "quorum-of-two"])
def quorum(request, settings):
    settings.FACTCHECK_REQUIRED_APPROVALS = request.param
    return request.param


def approvals_but_the_last(claim):
    """Approvals by other editors until one more completes the quorum."""
    for n in range(len(workflow.approvals_so_far(claim)), settings.FACTCHECK_REQUIRED_APPROVALS - 1):
        workflow.approve(claim, by=make_user(f"quorum-editor{n}", EDITORS))


def approve(claim, *, by):
    """Approve as `by`, completing the quorum: what one approval does when one is needed."""
    approvals_but_the_last(claim)
    return workflow.approve(claim, by=by)


@pytest.fixture
def published_claim(in_review_claim, editor):
    approve(in_review_claim, by=editor)
    return in_review_claim


def claim_in(status, *, checker, editor, rating):
    """A claim in the given status, researched by `checker` and moderated by `editor`."""
    claim = ClaimFactory()
    if status == S.NEW:
        return claim
    if status == S.DISMISSED:
        workflow.dismiss(claim, by=editor, reason="Opinion")
        return claim
    research(claim, checker=checker, editor=editor, rating=rating)
    if status == S.RESEARCHING:
        return claim
    workflow.submit(claim, by=checker)
    if status == S.IN_REVIEW:
        return claim
    approve(claim, by=editor)
    return claim


SOURCE = {
    "assign": S.NEW,
    "submit": S.RESEARCHING,
    "request_changes": S.IN_REVIEW,
    "approve": S.IN_REVIEW,
    "dismiss": S.NEW,
    "restore": S.DISMISSED,
    "reopen": S.PUBLISHED,
    "withdraw": S.PUBLISHED,
}
TARGET = {
    "assign": S.RESEARCHING,
    "submit": S.IN_REVIEW,
    "request_changes": S.RESEARCHING,
    "approve": S.PUBLISHED,
    "dismiss": S.DISMISSED,
    "restore": S.NEW,
    "reopen": S.RESEARCHING,
    "withdraw": S.WITHDRAWN,
}
# Who may take each step from its source status. "checker" is the claim's assignee and the
# verdict's author; "checker2" is another fact-checker; "editor2" moderates but wrote nothing.
ALLOWED = {
    "assign": {"checker", "checker2", "editor2", "superuser"},
    "submit": {"checker", "editor2", "superuser"},
    "request_changes": {"editor2", "superuser"},
    "approve": {"editor2", "superuser"},
    "dismiss": {"editor2", "superuser"},
    "restore": {"editor2", "superuser"},
    "reopen": {"editor2", "superuser"},
    "withdraw": {"editor2", "superuser"},
}
ROLES = ["checker", "checker2", "editor2", "superuser", "outsider"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(SOURCE))
def test_permission_matrix(step, role, request, checker, editor, rating):
    claim = claim_in(SOURCE[step], checker=checker, editor=editor, rating=rating)
    actor = request.getfixturevalue(role)
    if step == "approve":
        approvals_but_the_last(claim)
    events_before = claim.events.count()
    kwargs = {"comment": "Because the record says so"}
    if step == "assign":
        kwargs["to"] = actor if role in ("checker", "checker2", "outsider") else checker

    if role in ALLOWED[step]:
        event = workflow.take_step(claim, step, by=actor, **kwargs)
        claim.refresh_from_db()
        assert claim.status == TARGET[step]
        assert claim.events.count() == events_before + 1
        assert (event.actor, event.step, event.from_status, event.to_status) == (
            actor,
            step,
            SOURCE[step],
            TARGET[step],
        )
    else:
        with pytest.raises(TransitionError):
            workflow.take_step(claim, step, by=actor, **kwargs)
        claim.refresh_from_db()
        assert claim.status == SOURCE[step]
        assert claim.events.count() == events_before


@pytest.mark.parametrize("step", ["request_changes", "dismiss", "reopen", "withdraw"])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_steps_that_need_a_reason_refuse_an_empty_one(step, comment, checker, editor, editor2, rating):
    claim = claim_in(SOURCE[step], checker=checker, editor=editor, rating=rating)
    with pytest.raises(TransitionError, match="needs a comment"):
        workflow.take_step(claim, step, by=editor2, comment=comment)
    claim.refresh_from_db()
    assert claim.status == SOURCE[step]


@pytest.mark.parametrize("step", list(SOURCE))
def test_a_step_from_the_wrong_status_says_it_was_already_handled(step, checker, editor, editor2, rating):
    wrong = S.WITHDRAWN
    claim = claim_in(S.PUBLISHED, checker=checker, editor=editor, rating=rating)
    workflow.withdraw(claim, by=editor, reason="Gone")
    assert claim.status == wrong
    with pytest.raises(TransitionError, match="already handled"):
        workflow.take_step(claim, step, by=editor2, comment="x", to=checker)
    assert claim.events.count() == 3 + settings.FACTCHECK_REQUIRED_APPROVALS  # assign, submit, approvals, withdraw
    claim.refresh_from_db()
    assert claim.status == wrong


def test_anonymous_and_inactive_users_cannot_take_any_step(new_claim, editor, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    editor.is_active = False
    editor.save()
    for user in (AnonymousUser(), editor, None):
        with pytest.raises(TransitionError):
            workflow.dismiss(new_claim, by=user, reason="No")
    assert new_claim.status == S.NEW
    assert not new_claim.events.exists()


# Four-eyes


def test_an_editor_cannot_approve_a_verdict_they_wrote(new_claim, editor, editor2, rating):
    research(new_claim, checker=editor, editor=editor, rating=rating)
    workflow.submit(new_claim, by=editor)
    with pytest.raises(TransitionError, match="Four-eyes"):
        workflow.approve(new_claim, by=editor)
    assert new_claim.status == S.IN_REVIEW
    approve(new_claim, by=editor2)
    assert new_claim.status == S.PUBLISHED


def test_an_editor_who_edited_the_draft_cannot_approve_it(researching_claim, checker, editor, editor2):
    editing.save_verdict(researching_claim, by=editor, data={"headline": "Editor's headline"})
    workflow.submit(researching_claim, by=checker)
    with pytest.raises(TransitionError, match="Four-eyes"):
        workflow.approve(researching_claim, by=editor)
    approve(researching_claim, by=editor2)
    assert researching_claim.status == S.PUBLISHED


def test_a_superuser_cannot_break_four_eyes(new_claim, superuser, editor, rating):
    research(new_claim, checker=superuser, editor=superuser, rating=rating)
    workflow.submit(new_claim, by=superuser)
    with pytest.raises(TransitionError, match="Four-eyes"):
        workflow.approve(new_claim, by=superuser)
    assert new_claim.status == S.IN_REVIEW


def test_the_editor_who_sent_a_verdict_back_may_approve_it_after_the_fix(in_review_claim, checker, editor):
    workflow.request_changes(in_review_claim, by=editor, comment="Cite the census")
    editing.save_verdict(in_review_claim, by=checker, data={"summary": "The census shows 12."})
    workflow.submit(in_review_claim, by=checker)
    approve(in_review_claim, by=editor)
    assert in_review_claim.status == S.PUBLISHED


# Submitting


@pytest.mark.parametrize(
    "missing, setup",
    [
        ("a rating", lambda c, u: editing.save_verdict(c, by=u, data={"summary": "S", "headline": "H"})),
        ("a summary", lambda c, u: editing.save_verdict(c, by=u, data={"rating": "R", "headline": "H"})),
        ("at least one evidence link", None),
    ],
)
def test_submit_needs_rating_summary_and_evidence(missing, setup, new_claim, checker, editor, rating):
    workflow.assign(new_claim, by=editor, to=checker)
    if setup is None:
        editing.save_verdict(new_claim, by=checker, data={"rating": rating, "summary": "S"})
    else:
        editing.add_evidence(new_claim, by=checker, url="https://a.example.org/", title="A")
        if missing == "a summary":
            editing.save_verdict(new_claim, by=checker, data={"rating": rating, "headline": "H"})
        else:
            setup(new_claim, checker)
    with pytest.raises(TransitionError, match=missing):
        workflow.submit(new_claim, by=checker)
    new_claim.refresh_from_db()
    assert new_claim.status == S.RESEARCHING
    assert new_claim.events.count() == 1


def test_submit_with_nothing_lists_everything_missing(new_claim, checker, editor):
    workflow.assign(new_claim, by=editor, to=checker)
    with pytest.raises(TransitionError) as error:
        workflow.submit(new_claim, by=checker)
    assert "a rating, a summary, at least one evidence link" in str(error.value)


def test_a_verdict_in_review_cannot_be_edited(in_review_claim, checker, editor):
    for user in (checker, editor):
        with pytest.raises(editing.EditRefused):
            editing.save_verdict(in_review_claim, by=user, data={"headline": "Changed"})
    assert in_review_claim.current_draft().headline == "The figure is wrong"


def test_submit_locks_the_revision_and_request_changes_unlocks_it(researching_claim, checker, editor):
    workflow.submit(researching_claim, by=checker)
    assert researching_claim.current_draft().state == Verdict.State.SUBMITTED
    workflow.request_changes(researching_claim, by=editor, comment="Add the 2019 figure")
    assert researching_claim.current_draft().state == Verdict.State.DRAFT
    event = researching_claim.events.last()
    assert event.comment == "Add the 2019 figure"
    assert event.step == "request_changes"


# Assigning


def test_a_fact_checker_can_take_a_new_claim_for_themselves(new_claim, checker):
    workflow.assign(new_claim, by=checker, to=checker)
    assert (new_claim.status, new_claim.assignee) == (S.RESEARCHING, checker)


def test_a_fact_checker_cannot_assign_a_claim_to_someone_else(new_claim, checker, checker2):
    with pytest.raises(TransitionError, match="for themselves"):
        workflow.assign(new_claim, by=checker, to=checker2)
    new_claim.refresh_from_db()
    assert new_claim.assignee is None


def test_a_fact_checker_cannot_take_a_claim_being_researched_by_someone_else(researching_claim, checker2):
    with pytest.raises(TransitionError):
        workflow.assign(researching_claim, by=checker2, to=checker2)
    assert researching_claim.assignee.username == "checker"


def test_an_editor_can_reassign_a_claim_being_researched(researching_claim, editor, checker2):
    workflow.assign(researching_claim, by=editor, to=checker2)
    assert researching_claim.assignee == checker2
    assert researching_claim.status == S.RESEARCHING


def test_claims_are_assigned_only_to_desk_members(new_claim, editor, outsider):
    with pytest.raises(TransitionError, match="active fact-checker or editor"):
        workflow.assign(new_claim, by=editor, to=outsider)
    assert new_claim.assignee is None


def test_only_the_assignee_among_fact_checkers_may_submit(researching_claim, checker2):
    with pytest.raises(TransitionError, match="not allowed"):
        workflow.submit(researching_claim, by=checker2)


# Several approvals


@pytest.mark.parametrize("quorum", [2], indirect=True)
def test_required_approvals_need_distinct_editors(quorum, in_review_claim, editor, editor2):
    workflow.approve(in_review_claim, by=editor)
    assert in_review_claim.status == S.IN_REVIEW
    assert in_review_claim.events.last().comment == "Approval 1 of 2"
    with pytest.raises(TransitionError, match="already approved"):
        workflow.approve(in_review_claim, by=editor)
    workflow.approve(in_review_claim, by=editor2)
    assert in_review_claim.status == S.PUBLISHED
    assert in_review_claim.events.filter(step="approve").count() == 2


@pytest.mark.parametrize("quorum", [2], indirect=True)
def test_changes_requested_start_the_approvals_again(quorum, in_review_claim, checker, editor, editor2):
    workflow.approve(in_review_claim, by=editor)
    workflow.request_changes(in_review_claim, by=editor2, comment="One more source")
    workflow.submit(in_review_claim, by=checker)
    workflow.approve(in_review_claim, by=editor2)
    assert in_review_claim.status == S.IN_REVIEW
    workflow.approve(in_review_claim, by=editor)
    assert in_review_claim.status == S.PUBLISHED


# Publishing, corrections and withdrawals


def test_approval_publishes_the_revision(in_review_claim, editor):
    assert not Claim.objects.published().filter(pk=in_review_claim.pk).exists()
    approve(in_review_claim, by=editor)
    verdict = in_review_claim.published_verdict
    assert verdict.state == Verdict.State.APPROVED and verdict.approved_at is not None
    assert in_review_claim.first_published_at == verdict.approved_at
    assert Claim.objects.published().filter(pk=in_review_claim.pk).exists()


def test_reopening_keeps_the_approved_revision_public_until_the_correction_is_approved(
    published_claim, checker, editor, editor2
):
    first = published_claim.published_verdict
    workflow.reopen(published_claim, by=editor, reason="The 2023 figure was revised")
    assert published_claim.status == S.RESEARCHING
    assert Claim.objects.published().get(pk=published_claim.pk).published_verdict == first

    note = "We added the revised 2023 figure."
    editing.save_verdict(published_claim, by=checker, data={"summary": "Revised records show 14.", "public_note": note})
    workflow.submit(published_claim, by=checker)
    assert Claim.objects.published().get(pk=published_claim.pk).published_verdict == first

    approve(published_claim, by=editor2)
    live = published_claim.published_verdict
    assert live.number == 2 and live.summary == "Revised records show 14."
    assert live.correction_reason == "The 2023 figure was revised"
    assert live.public_note == note
    assert live.approved_at is not None
    assert published_claim.first_published_at == first.approved_at
    assert published_claim.events.last().comment == f"Correction published: {note}"


def test_the_reopening_editor_is_not_counted_as_a_writer(published_claim, checker, editor):
    workflow.reopen(published_claim, by=editor, reason="Typo in the headline")
    data = {"headline": "The figure is wrong, records show", "public_note": "We fixed a typo in the headline."}
    editing.save_verdict(published_claim, by=checker, data=data)
    workflow.submit(published_claim, by=checker)
    approve(published_claim, by=editor)
    assert published_claim.status == S.PUBLISHED


def test_a_correction_cannot_be_submitted_without_a_note_for_readers(published_claim, checker, editor):
    workflow.reopen(published_claim, by=editor, reason="A reader wrote in")
    editing.save_verdict(published_claim, by=checker, data={"summary": "Revised records show 14."})
    with pytest.raises(TransitionError, match="a correction note for readers"):
        workflow.submit(published_claim, by=checker)
    published_claim.refresh_from_db()
    assert published_claim.status == S.RESEARCHING
    assert published_claim.current_draft().state == Verdict.State.DRAFT
    editing.save_verdict(published_claim, by=checker, data={"public_note": "We revised the figure."})
    workflow.submit(published_claim, by=checker)
    assert published_claim.status == S.IN_REVIEW


def test_a_first_revision_takes_no_correction_note(researching_claim, checker):
    with pytest.raises(editing.EditRefused, match="only for a correction"):
        editing.save_verdict(researching_claim, by=checker, data={"public_note": "Corrected"})
    assert researching_claim.current_draft().public_note == ""


def test_a_changed_rating_is_recorded_at_approval(published_claim, checker, editor):
    from claims.models import Rating

    workflow.reopen(published_claim, by=editor, reason="New census")
    half = Rating.objects.get(slug="half-true")
    editing.save_verdict(published_claim, by=checker, data={"rating": half, "public_note": "We used the new census."})
    workflow.submit(published_claim, by=checker)
    approve(published_claim, by=editor)
    live = published_claim.published_verdict
    assert live.rating_changed_from == "False"
    assert live.rating_change_note == "The rating changed from False to Half true."
    assert published_claim.events.last().comment.endswith("The rating changed from False to Half true.")


def test_submitting_freezes_the_claim_and_approval_refuses_a_changed_one(researching_claim, checker, editor):
    workflow.submit(researching_claim, by=checker)
    draft = researching_claim.current_draft()
    assert (draft.statement, draft.claimant) == (researching_claim.statement, researching_claim.claimant)
    assert [item["title"] for item in draft.evidence] == ["Record 0"]
    # No desk path edits a claim in review; a write around the workflow must not reach readers unreviewed.
    Claim.objects.filter(pk=researching_claim.pk).update(statement="Changed behind the review")
    with pytest.raises(TransitionError, match="changed after it was submitted"):
        approve(researching_claim, by=editor)
    researching_claim.refresh_from_db()
    assert researching_claim.status == S.IN_REVIEW and researching_claim.published_verdict is None


def test_withdrawing_removes_the_claim_from_the_public(published_claim, editor):
    workflow.withdraw(published_claim, by=editor, reason="The source was fabricated")
    assert published_claim.status == S.WITHDRAWN
    assert not Claim.objects.published().filter(pk=published_claim.pk).exists()
    assert published_claim.events.last().comment == "The source was fabricated"


def test_restore_brings_a_dismissed_claim_back_to_new(dismissed_claim, editor):
    workflow.restore(dismissed_claim, by=editor)
    assert dismissed_claim.status == S.NEW


def test_each_step_writes_exactly_one_event_with_who_and_when(new_claim, checker, editor2, rating, quorum):
    research(new_claim, checker=checker, editor=editor2, rating=rating)
    workflow.submit(new_claim, by=checker)
    approve(new_claim, by=editor2)
    steps = list(new_claim.events.values_list("step", "actor__username", "from_status", "to_status"))
    assert steps == [
        ("assign", "editor2", "new", "researching"),
        ("submit", "checker", "researching", "in_review"),
        *[("approve", f"quorum-editor{n}", "in_review", "in_review") for n in range(quorum - 1)],
        ("approve", "editor2", "in_review", "published"),
    ]
    assert all(e.created_at for e in new_claim.events.all())


# Review events and the step table


def test_review_events_are_append_only(published_claim):
    event = published_claim.events.first()
    event.comment = "rewritten"
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()
    assert ReviewEvent.objects.get(pk=event.pk).comment != "rewritten"


def test_an_unknown_step_is_refused(new_claim, editor):
    with pytest.raises(TransitionError, match="no workflow step"):
        workflow.take_step(new_claim, "publish_now", by=editor)


def test_available_steps_match_what_the_server_allows(researching_claim, checker, checker2, editor, outsider):
    def names(user):
        return {s.name for s in workflow.available_steps(researching_claim, user)}

    assert names(checker) == {"submit"}
    assert names(checker2) == set()
    assert names(editor) == {"assign", "submit"}
    assert names(outsider) == set()


def test_editors_group_membership_is_what_makes_an_editor(new_claim, checker):
    with pytest.raises(TransitionError):
        workflow.dismiss(new_claim, by=checker, reason="No")
    checker.groups.add(Group.objects.get(name=EDITORS))
    promoted = make_user("checker")  # a fresh object, as on the next request
    workflow.dismiss(new_claim, by=promoted, reason="No")
    assert new_claim.status == S.DISMISSED


def test_a_refused_step_leaves_the_verdict_untouched(in_review_claim, checker):
    draft = in_review_claim.current_draft()
    with pytest.raises(TransitionError):
        workflow.approve(in_review_claim, by=checker)
    assert Verdict.objects.get(pk=draft.pk).state == Verdict.State.SUBMITTED
