"""The workflow's publishing steps: approval, corrections, withdrawals, and the review events they write.

Every test runs with one approval needed and with a quorum of two (tests/workflow_support.py).
"""

import pytest

from claims import editing, workflow
from claims.models import Claim, ReviewEvent, Verdict
from claims.workflow import TransitionError
from tests import workflow_support
from tests.factories import research
from tests.workflow_support import approve

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db

S = Claim.Status
quorum = workflow_support.quorum  # autouse: each test with one approval needed, then with two
published_claim = workflow_support.published_claim  # published with the quorum the test runs with


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


# Review events


def test_review_events_are_append_only(published_claim):
    event = published_claim.events.first()
    event.comment = "rewritten"
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()
    assert ReviewEvent.objects.get(pk=event.pk).comment != "rewritten"
