"""The workspace's verdict draft: saving, previewing, and "Submit for review" saving what was typed first."""

import pytest
from django.urls import reverse

from claims import editing
from claims.models import Claim
from tests.desk_forms import verdict_data, workspace
from tests.factories import ClaimFactory


def test_the_checker_saves_the_verdict_draft(as_checker, researching_claim):
    url = reverse("desk:verdict", args=[researching_claim.pk])
    response = as_checker.post(url, verdict_data(researching_claim), follow=True)
    assert "Verdict draft saved." in response.content.decode()
    draft = researching_claim.current_draft()
    assert draft.headline == "Only 12 schools were built" and draft.explanation.startswith("## Sources")


def test_the_first_draft_is_started_from_the_workspace(as_checker, checker, editor, rating, new_claim):
    from claims import workflow

    workflow.assign(new_claim, by=editor, to=checker)
    data = verdict_data(new_claim, rating=rating.pk, version=0)
    as_checker.post(reverse("desk:verdict", args=[new_claim.pk]), data)
    draft = new_claim.current_draft()
    assert draft.rating == rating and draft.author == checker


def test_a_too_long_summary_is_refused_at_the_field(as_checker, researching_claim):
    data = verdict_data(researching_claim, summary="x" * 1001)
    response = as_checker.post(reverse("desk:verdict", args=[researching_claim.pk]), data)
    assert "summary" in response.context["verdict_form"].errors
    assert researching_claim.current_draft().summary == "Records show 12."


def test_the_preview_button_renders_markdown_without_saving(as_checker, researching_claim):
    data = {**verdict_data(researching_claim, explanation="**Checked** <script>alert(1)</script>"), "preview": "1"}
    response = as_checker.post(reverse("desk:verdict", args=[researching_claim.pk]), data)
    page = response.content.decode()
    assert "<strong>Checked</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert researching_claim.current_draft().explanation == "**Bold**"


def test_the_preview_url_returns_sanitized_html(as_checker, researching_claim):
    url = reverse("desk:preview", args=[researching_claim.pk])
    response = as_checker.post(url, {"explanation": "[x](javascript:alert(1)) *ok* <img src=x onerror=alert(1)>"})
    html = response.content.decode()
    assert "<em>ok</em>" in html
    assert "javascript:" not in html and "onerror" not in html


def test_a_fact_checker_cannot_edit_a_verdict_in_review(as_checker, in_review_claim):
    data = verdict_data(in_review_claim, headline="Changed behind the editor's back")
    response = as_checker.post(reverse("desk:verdict", args=[in_review_claim.pk]), data, follow=True)
    assert "The verdict can only be edited while the claim is being researched." in response.content.decode()
    assert in_review_claim.current_draft().headline == "The figure is wrong"


def test_another_checker_cannot_write_the_verdict_by_crafting_a_post(client, checker2, researching_claim):
    client.force_login(checker2)
    data = verdict_data(researching_claim, headline="Planted headline")
    response = client.post(reverse("desk:verdict", args=[researching_claim.pk]), data, follow=True)
    assert "The verdict can only be edited while the claim is being researched." in response.content.decode()
    assert researching_claim.current_draft().headline == "The figure is wrong"


# "Submit for review" saves the verdict typed on the page first -----------------------


def submit_with(client, claim, data):
    return client.post(reverse("desk:step", args=[claim.pk, "submit"]), data)


@pytest.fixture
def taken_claim(checker, editor):
    """A claim the checker took and found evidence for, with no verdict written yet."""
    from claims import workflow

    claim = ClaimFactory()
    workflow.assign(claim, by=editor, to=checker)
    editing.add_evidence(claim, by=checker, url="https://records.example.org/1", title="Register", stance="refutes")
    return claim


def test_the_submit_button_posts_the_verdict_form_without_javascript(as_checker, taken_claim):
    page = as_checker.get(workspace(taken_claim)).content.decode()
    step = reverse("desk:step", args=[taken_claim.pk, "submit"])
    assert f'form="verdict-form" formaction="{step}"' in page  # the button in "Next steps"
    assert '<form method="post" id="verdict-form"' in page


def test_submit_saves_the_typed_verdict_then_submits_it(as_checker, taken_claim, rating):
    data = verdict_data(taken_claim, rating=rating.pk, headline="Only 12 were built")
    response = submit_with(as_checker, taken_claim, data)
    assert response.status_code == 302
    taken_claim.refresh_from_db()
    assert taken_claim.status == Claim.Status.IN_REVIEW
    draft = taken_claim.current_draft()
    assert (draft.rating, draft.headline, draft.summary) == (rating, "Only 12 were built", data["summary"])
    page = as_checker.get(response["Location"]).content.decode()
    assert "Submitted for review." in page


def test_submit_without_evidence_keeps_everything_typed_and_changes_nothing(as_checker, checker, editor, rating):
    from claims import workflow

    claim = ClaimFactory()
    workflow.assign(claim, by=editor, to=checker)
    data = verdict_data(claim, rating=rating.pk, headline="Typed headline", summary="Typed summary")
    data["explanation"] = "Typed explanation, carefully."
    response = submit_with(as_checker, claim, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Before submitting, add at least one evidence link." in page
    assert 'value="Typed headline"' in page and "Typed summary</textarea>" in page
    assert "Typed explanation, carefully.</textarea>" in page
    assert f'<option value="{rating.pk}" selected>' in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESEARCHING
    assert claim.verdicts.count() == 0  # the draft save went back with the refused submission


def test_submit_with_a_stale_verdict_is_refused_as_a_conflict(as_checker, checker, editor, researching_claim):
    editing.save_verdict(
        researching_claim, by=editor, data={"headline": "The editor's headline"}, version=editing.LATEST
    )
    stale = verdict_data(researching_claim, headline="My headline", version=1)
    response = submit_with(as_checker, researching_claim, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this verdict" in page and 'value="My headline"' in page
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING
    assert researching_claim.current_draft().headline == "The editor's headline"


def test_submit_with_an_invalid_verdict_shows_it_at_the_field(as_checker, researching_claim):
    response = submit_with(as_checker, researching_claim, verdict_data(researching_claim, summary="x" * 1001))
    assert response.status_code == 400
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING


def test_another_checker_cannot_submit_by_posting_the_verdict(client, checker2, researching_claim):
    client.force_login(checker2)
    response = submit_with(client, researching_claim, verdict_data(researching_claim, headline="Not mine"))
    assert response.status_code == 400
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING
    assert researching_claim.current_draft().headline != "Not mine"
