"""The workspace's evidence links: adding, editing, removing and reordering them, and who may."""

import pytest
from django.urls import reverse

from claims.models import Evidence
from tests.desk_forms import evidence_data
from tests.factories import ClaimFactory, research


def test_the_checker_adds_an_evidence_link(as_checker, researching_claim):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(), follow=True)
    assert "Evidence link added." in response.content.decode()
    added = researching_claim.evidence.get(title="School statistics 2024")
    assert added.stance == "refutes" and added.position == 2


@pytest.mark.parametrize(
    "bad_url", ["javascript:alert(1)", "ftp://files.example.org/x", "data:text/html,hi", "not a url"]
)
def test_evidence_urls_must_be_http_or_https(as_checker, researching_claim, bad_url):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(url=bad_url, archived_url=bad_url))
    assert response.status_code == 200
    errors = response.context["evidence_form"].errors
    assert "url" in errors and "archived_url" in errors
    assert "http:// or https://" in response.content.decode()
    assert researching_claim.evidence.count() == 1


def test_evidence_needs_a_title(as_checker, researching_claim):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(title=""))
    assert "title" in response.context["evidence_form"].errors
    assert 'value="https://stats.example.org/schools"' in response.content.decode()  # what was typed is kept


def test_the_checker_edits_an_evidence_link(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_edit", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, evidence_data(title="Register of schools"), follow=True)
    assert "Evidence link saved." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Register of schools" and item.note == "Lists 12 new schools."


def test_a_bad_evidence_edit_keeps_the_form_open_with_its_error(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_edit", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, evidence_data(url="javascript:void(0)"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="evidence-{item.pk}-url"' in page and "is-invalid" in page
    item.refresh_from_db()
    assert item.url.startswith("https://records.example.org/")


def test_the_checker_removes_an_evidence_link(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    as_checker.post(reverse("desk:evidence_delete", args=[researching_claim.pk, item.pk]))
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_the_checker_reorders_evidence(as_checker, checker, editor, rating, new_claim):
    claim = research(new_claim, checker=checker, editor=editor, rating=rating, evidence=3)
    first, second, third = claim.evidence.all()
    as_checker.post(reverse("desk:evidence_move", args=[claim.pk, third.pk]), {"offset": "-1"})
    assert list(claim.evidence.all()) == [first, third, second]
    as_checker.post(reverse("desk:evidence_move", args=[claim.pk, first.pk]), {"offset": "1"})
    assert list(claim.evidence.all()) == [third, first, second]


def test_evidence_cannot_be_moved_by_a_crafted_offset(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_move", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, {"offset": "99"}, follow=True)
    assert "Choose to move the link up or down." in response.content.decode()


def test_evidence_of_another_claim_is_not_found(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_delete", args=[ClaimFactory().pk, item.pk])
    assert as_checker.post(url).status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("action", ["evidence_add", "evidence_edit", "evidence_delete", "evidence_move"])
def test_another_checker_cannot_touch_the_evidence(client, checker2, researching_claim, action):
    client.force_login(checker2)
    item = researching_claim.evidence.get()
    args = [researching_claim.pk] if action == "evidence_add" else [researching_claim.pk, item.pk]
    data = {**evidence_data(title="Planted"), "offset": "1"}
    response = client.post(reverse(f"desk:{action}", args=args), data, follow=True)
    assert "only" in response.content.decode()  # "Evidence can only be … while the claim is being researched."
    item.refresh_from_db()
    assert list(researching_claim.evidence.values_list("title", flat=True)) == ["Record 0"]


def test_evidence_is_frozen_while_in_review(as_checker, in_review_claim):
    response = as_checker.post(reverse("desk:evidence_add", args=[in_review_claim.pk]), evidence_data(), follow=True)
    assert "Evidence can only be added while the claim is being researched." in response.content.decode()
    assert in_review_claim.evidence.count() == 1
