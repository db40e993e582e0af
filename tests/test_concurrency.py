"""Two people acting on the same claim at once: one wins, the other is told, nothing is doubled."""

import threading

import pytest
from django.db import connection

from claims import workflow
from claims.models import Claim

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_at_once(*actions):
    """Start every action at the same moment in its own thread; return what each raised, or None."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_editors_approving_at_once_publish_once(in_review_claim, editor, editor2):
    claim = Claim.objects.get(pk=in_review_claim.pk)
    results = run_at_once(
        lambda: workflow.approve(Claim.objects.get(pk=claim.pk), by=editor),
        lambda: workflow.approve(Claim.objects.get(pk=claim.pk), by=editor2),
    )
    errors = [r for r in results if r is not None]
    assert len(errors) == 1
    assert isinstance(errors[0], workflow.TransitionError)
    assert "already handled" in str(errors[0])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.events.filter(step="approve").count() == 1


def test_approve_and_request_changes_at_once_leave_one_consistent_outcome(in_review_claim, editor, editor2):
    results = run_at_once(
        lambda: workflow.approve(Claim.objects.get(pk=in_review_claim.pk), by=editor),
        lambda: workflow.request_changes(Claim.objects.get(pk=in_review_claim.pk), by=editor2, comment="Wait"),
    )
    assert sum(r is None for r in results) == 1
    claim = Claim.objects.get(pk=in_review_claim.pk)
    last = claim.events.order_by("-id").first()
    assert claim.status == last.to_status
    assert claim.events.filter(from_status="in_review").count() == 1
