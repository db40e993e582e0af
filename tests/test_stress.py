"""50 people taking conflicting workflow steps on 10 claims at once: every outcome stays consistent.

Each thread is an editor or the fact-checker clicking buttons on claims that
others are changing under them. Refusals (`TransitionError`) are expected;
anything else is a bug. Afterwards every claim's status is its last event's
`to_status`, each event starts where the previous one ended (no step taken
twice from the same state, none lost), and the revisions agree with the status.
"""

import random
import threading

import pytest
from django.db import connection

from claims import workflow
from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, publish, research
from tests.factories import make_user as make_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

THREADS = 50
CLAIMS = 10
STEPS_PER_THREAD = 6
# Weighted so claims keep cycling: withdrawing ends a claim's life, so it is rare.
MOVES = [("approve", 4), ("request_changes", 2), ("submit", 4), ("reopen", 2), ("withdraw", 1)]


def take(claim_id, move, people, rng):
    claim = Claim.objects.get(pk=claim_id)
    if move == "submit":
        return workflow.submit(claim, by=people["checker"])
    editor = rng.choice(people["editors"])
    if move == "approve":
        return workflow.approve(claim, by=editor)
    return workflow.take_step(claim, move, by=editor, comment=f"{move} by {editor.username}")


def worker(index, claim_ids, people, barrier, outcomes):
    rng = random.Random(index)
    names, weights = zip(*MOVES, strict=True)
    try:
        barrier.wait(timeout=30)
        for _ in range(STEPS_PER_THREAD):
            claim_id, move = rng.choice(claim_ids), rng.choices(names, weights)[0]
            try:
                take(claim_id, move, people, rng)
                outcomes.append(("done", move, None))
            except workflow.TransitionError as refusal:
                outcomes.append(("refused", move, refusal))
            except Exception as error:  # noqa: BLE001 - anything but a refusal fails the test below
                outcomes.append(("error", move, error))
    finally:
        connection.close()


@pytest.fixture
def people(db):
    from claims.roles import EDITORS, FACT_CHECKERS

    return {
        "checker": make_person("checker", FACT_CHECKERS),
        "editors": [make_person(f"editor{n}", EDITORS) for n in range(1, 4)],
    }


@pytest.fixture
def claim_ids(people, rating):
    """Ten claims spread over the states the moves act on."""
    checker, editor = people["checker"], people["editors"][0]
    ids = []
    for n in range(CLAIMS):
        claim = ClaimFactory()
        if n % 3 == 0:
            publish(claim, checker=checker, editor=editor, rating=rating)
        else:
            research(claim, checker=checker, editor=editor, rating=rating)
            if n % 3 == 1:
                workflow.submit(claim, by=checker)
        ids.append(claim.pk)
    return ids


def test_fifty_threads_of_conflicting_steps_leave_every_claim_consistent(claim_ids, people):
    before = {c.pk: (c.version, c.events.count()) for c in Claim.objects.filter(pk__in=claim_ids)}
    barrier = threading.Barrier(THREADS)
    outcomes = []
    threads = [threading.Thread(target=worker, args=(i, claim_ids, people, barrier, outcomes)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a step hung"

    errors = [(move, repr(error)) for kind, move, error in outcomes if kind == "error"]
    assert errors == []
    assert len(outcomes) == THREADS * STEPS_PER_THREAD
    done = [move for kind, move, _ in outcomes if kind == "done"]
    assert len(done) >= CLAIMS  # the race was real: steps succeeded, and others were refused
    assert any(kind == "refused" for kind, _, _ in outcomes)

    for claim in Claim.objects.filter(pk__in=claim_ids):
        events = list(claim.events.order_by("id"))
        assert claim.status == events[-1].to_status, claim.pk
        for previous, event in zip(events, events[1:], strict=False):
            assert event.from_status == previous.to_status, (claim.pk, previous, event)
        version_before, events_before = before[claim.pk]
        assert claim.version - version_before == len(events) - events_before
        assert_revisions_agree(claim)
    assert len(done) == sum(Claim.objects.get(pk=pk).events.count() - before[pk][1] for pk in claim_ids)


def assert_revisions_agree(claim):
    open_revisions = claim.verdicts.filter(state__in=[Verdict.State.DRAFT, Verdict.State.SUBMITTED])
    assert open_revisions.count() <= 1
    if claim.status == Claim.Status.IN_REVIEW:
        assert open_revisions.get().state == Verdict.State.SUBMITTED
    if claim.status == Claim.Status.RESEARCHING:
        assert open_revisions.get().state == Verdict.State.DRAFT
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.WITHDRAWN):
        assert claim.published_verdict.state == Verdict.State.APPROVED
        assert not open_revisions.exists()
