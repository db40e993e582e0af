"""The moderation workflow's step table: who may take each step from which status, and that refusals change nothing.

Every test runs twice: with one approval needed and with a quorum of two
(FACTCHECK_REQUIRED_APPROVALS=2), where another editor approves first and the
approval a test takes is the one that completes the quorum (tests/workflow_support.py).
The review rules are in test_workflow_review.py, publishing and corrections in
test_workflow_publishing.py.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from claims import workflow
from claims.models import Claim, Verdict
from claims.roles import EDITORS
from claims.workflow import TransitionError
from tests import workflow_support
from tests.factories import make_user
from tests.workflow_support import approvals_but_the_last, claim_in

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db

S = Claim.Status
quorum = workflow_support.quorum  # autouse: each test with one approval needed, then with two


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


# The step table


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
