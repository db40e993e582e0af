"""The workflow's review rules: four eyes, what a submission needs, and several approvals.

Every test runs with one approval needed and with a quorum of two (tests/workflow_support.py).
"""

import pytest

from claims import editing, workflow
from claims.models import Claim, Verdict
from claims.workflow import TransitionError
from tests import workflow_support
from tests.factories import research
from tests.workflow_support import approve

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db

S = Claim.Status
quorum = workflow_support.quorum  # autouse: each test with one approval needed, then with two


# Four-eyes


def written_and_submitted_by(user, claim, *, rating):
    """The claim researched, its verdict written and submitted, all by `user`."""
    research(claim, checker=user, editor=user, rating=rating)
    workflow.submit(claim, by=user)


def test_an_editor_cannot_approve_a_verdict_they_wrote(new_claim, editor, editor2, rating):
    written_and_submitted_by(editor, new_claim, rating=rating)
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
    written_and_submitted_by(superuser, new_claim, rating=rating)
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
