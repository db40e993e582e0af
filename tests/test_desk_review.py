"""The editors' review queue and review screen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import editing, workflow
from claims.models import Claim
from tests.conftest import ClaimFactory, research

S = Claim.Status


@pytest.fixture
def as_editor(client, editor2):
    client.force_login(editor2)
    return client


def submitted(checker, editor, rating, *, hours_ago, evidence=1, statement=None):
    claim = ClaimFactory(**({"statement": statement} if statement else {}))
    research(claim, checker=checker, editor=editor, rating=rating, evidence=evidence)
    workflow.submit(claim, by=checker)
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    return claim


def test_the_review_queue_lists_claims_in_review_oldest_first(as_editor, checker, editor, rating):
    recent = submitted(checker, editor, rating, hours_ago=1, statement="Recent claim about buses.")
    old = submitted(checker, editor, rating, hours_ago=50, statement="Old claim about trains.")
    ClaimFactory(statement="A new claim nobody reviewed.")
    page = as_editor.get(reverse("desk:review_queue")).content.decode()
    assert page.index("Old claim about trains.") < page.index("Recent claim about buses.")
    assert "A new claim nobody reviewed." not in page
    assert "2\xa0days" in page  # how long the old one has waited
    assert reverse("desk:review", args=[old.pk]) in page and reverse("desk:review", args=[recent.pk]) in page


def test_the_published_tab_lists_live_verdicts(as_editor, published_claim, withdrawn_claim):
    page = as_editor.get(reverse("desk:review_queue") + "?show=published").content.decode()
    assert reverse("desk:review", args=[published_claim.pk]) not in page  # withdrawn (same claim)
    assert "Nothing is published yet." in page


def test_the_review_screen_shows_the_verdict_next_to_its_evidence(as_editor, in_review_claim):
    response = as_editor.get(reverse("desk:review", args=[in_review_claim.pk]))
    page = response.content.decode()
    assert "The figure is wrong" in page and "Records show 12." in page
    assert "<strong>Bold</strong>" in page  # the explanation, rendered
    assert "Record 0" in page
    assert reverse("desk:step", args=[in_review_claim.pk, "approve"]) in page
    assert reverse("desk:step", args=[in_review_claim.pk, "request_changes"]) in page


def test_the_review_screen_shows_what_a_correction_changes(as_editor, checker, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="The count was updated.")
    editing.save_verdict(
        published_claim,
        by=checker,
        data={"summary": "Records show 14 <new> schools.", "headline": "The figure is wrong"},
    )
    workflow.submit(published_claim, by=checker)
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    assert "Changes from the published revision 1" in page
    assert "<del>12.</del><ins>14 &lt;new&gt; schools.</ins>" in page
    assert "The count was updated." in page
    assert page.count("unchanged") == 3  # rating, headline, explanation


def test_approving_from_the_review_screen_publishes_and_returns_to_the_queue(as_editor, in_review_claim):
    url = reverse("desk:step", args=[in_review_claim.pk, "approve"])
    response = as_editor.post(url, {"next": reverse("desk:review_queue")})
    assert response["Location"] == reverse("desk:review_queue")
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.PUBLISHED


def test_requesting_changes_needs_a_comment(as_editor, in_review_claim):
    url = reverse("desk:step", args=[in_review_claim.pk, "request_changes"])
    response = as_editor.post(url, {"comment": ""})
    assert response.context["form"].errors["comment"] == ["Say why: this step needs a comment."]
    as_editor.post(url, {"comment": "Cite the register directly."})
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.RESEARCHING
    assert in_review_claim.events.last().comment == "Cite the register directly."


def test_published_claims_offer_reopen_and_withdraw(as_editor, published_claim):
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    assert reverse("desk:step", args=[published_claim.pk, "reopen"]) in page
    assert reverse("desk:step", args=[published_claim.pk, "withdraw"]) in page
    assert reverse("desk:step", args=[published_claim.pk, "approve"]) not in page


@pytest.mark.parametrize("items", [5, 100])
def test_the_review_screen_query_count_stays_flat(
    as_editor, checker, editor, rating, items, django_assert_max_num_queries
):
    claim = submitted(checker, editor, rating, hours_ago=2, evidence=items)
    for i in range(items):
        editing.add_comment(claim, by=editor, body=f"Note {i}")
    with django_assert_max_num_queries(9):
        response = as_editor.get(reverse("desk:review", args=[claim.pk]))
    assert response.content.decode().count('class="evidence-title') == items


@pytest.mark.parametrize("items", [5, 100])
def test_the_review_queue_query_count_stays_flat(
    as_editor, checker, editor, rating, items, django_assert_max_num_queries
):
    for i in range(items):
        submitted(checker, editor, rating, hours_ago=i)
    with django_assert_max_num_queries(7):
        response = as_editor.get(reverse("desk:review_queue"))
    assert len(response.context["page"]) == min(items, 25)
