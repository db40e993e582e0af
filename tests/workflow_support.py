"""What the workflow's test modules share: every test runs with one approval needed and with a quorum of two.

With FACTCHECK_REQUIRED_APPROVALS=2 another editor approves first, and the
approval a test takes is the one that completes the quorum. A module takes
part by importing `quorum` (autouse) and, where it uses it, `published_claim`.
"""

import pytest
from django.conf import settings

from claims import workflow
from claims.models import Claim
from claims.roles import EDITORS
from tests.factories import ClaimFactory, make_user, research

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
