"""The demo newsroom: every status, ready-made accounts, and safe to load twice."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from claims.models import Claim, Evidence, Piece, ReviewEvent, Verdict

S = Claim.Status


def snapshot():
    return {
        "pieces": list(Piece.objects.values_list("slug", flat=True)),
        "claims": sorted(Claim.objects.values_list("slug", "status", "assignee__username")),
        "evidence": Evidence.objects.count(),
        "verdicts": sorted(Verdict.objects.values_list("claim__slug", "number", "state")),
        "events": ReviewEvent.objects.count(),
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_it_puts_claims_in_every_status(demo):
    counts = {status: Claim.objects.filter(status=status).count() for status in S.values}
    assert Claim.objects.count() >= 8
    assert counts[S.PUBLISHED] >= 2
    assert counts[S.NEW] >= 2
    assert counts[S.IN_REVIEW] >= 1 and counts[S.RESEARCHING] >= 1 and counts[S.DISMISSED] >= 1
    assert counts[S.WITHDRAWN] >= 1


def test_published_demo_claims_have_evidence_and_verdicts(demo):
    for claim in Claim.objects.published():
        assert claim.evidence.exists()
        assert claim.published_verdict.rating and claim.published_verdict.summary


def test_the_claim_in_review_was_written_by_checker(demo):
    claim = Claim.objects.get(status=S.IN_REVIEW)
    assert claim.current_draft().author.username == "checker"


def test_the_researching_claim_is_ready_for_checker_to_submit(demo):
    from django.contrib.auth import get_user_model

    from claims import workflow

    claim = Claim.objects.get(status=S.RESEARCHING, published_verdict=None)
    checker = get_user_model().objects.get(username="checker")
    assert claim.assignee == checker
    workflow.submit(claim, by=checker)
    assert claim.status == S.IN_REVIEW


def test_demo_accounts_log_in_with_their_names(demo, rf):
    for name in ("checker", "editor", "admin"):
        assert authenticate(rf.post("/accounts/login/"), username=name, password=name) is not None


def test_loading_twice_gives_the_same_data(demo, capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert "already loaded" in capsys.readouterr().out


def test_demo_claims_carry_no_quote_the_claimants_did_not_say(demo):
    # The piece is the desk's own summary: its words are ours, so none is shown as a claimant's.
    claims = list(Claim.objects.exclude(start=None))
    assert claims
    for claim in claims:
        assert claim.quote == ""
        assert claim.piece.may_republish
        assert claim.end > claim.start  # the sentence as reported stays the context on the piece page


def test_a_demo_correction_is_on_record(demo):
    corrected = Verdict.objects.filter(state=Verdict.State.APPROVED).exclude(correction_reason="")
    assert corrected.exists()


def test_it_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not Piece.objects.exists()


def test_force_loads_with_debug_off(db, settings):
    settings.DEBUG = False
    call_command("load_demo", force=True)
    assert Claim.objects.published().count() >= 2


def test_the_demo_correction_has_a_note_for_readers_and_an_internal_reason(demo, client):
    corrected = Verdict.objects.get(state=Verdict.State.APPROVED, number=2)
    page = client.get(corrected.claim.get_absolute_url()).content.decode()
    assert corrected.public_note in page
    assert corrected.correction_reason not in page


def test_it_loads_with_a_quorum_of_two_editors(db, settings):
    settings.DEBUG = True
    settings.FACTCHECK_REQUIRED_APPROVALS = 2
    call_command("load_demo")
    corrected = Verdict.objects.get(state=Verdict.State.APPROVED, number=2)
    approvals = corrected.claim.events.filter(step="approve").values_list("actor__username", flat=True)
    assert list(approvals) == ["editor", "admin", "editor", "admin"]
    assert Claim.objects.published().count() >= 2
    assert Claim.objects.filter(status=S.IN_REVIEW).count() == 1


def test_the_demo_verdict_pages_name_their_author_and_editor(demo, client):
    claim = Claim.objects.published().filter(status=S.PUBLISHED).first()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Fact check by Maya Keller" in page
    assert "approved by Daniel Osei" in page


def test_an_unknown_option_is_one_line_and_exit_code_2(db):
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", "--forse")
    assert str(refused.value) == "Unrecognized arguments: --forse."
    assert refused.value.returncode == 2
