"""Triage: editors assign new claims, dismiss them with a reason, and restore dismissed ones."""

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import Claim
from tests.factories import ClaimFactory

S = Claim.Status


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def test_it_lists_new_claims_with_an_assign_choice_of_desk_people(as_editor, new_claim, checker, outsider):
    response = as_editor.get(reverse("desk:triage"))
    page = response.content.decode()
    assert new_claim.statement in page
    assert f'<option value="{checker.pk}">checker</option>' in page
    assert ">outsider</option>" not in page


def test_the_editor_assigns_a_new_claim(as_editor, new_claim, checker):
    url = reverse("desk:step", args=[new_claim.pk, "assign"])
    response = as_editor.post(url, {"to": checker.pk, "next": reverse("desk:triage")}, follow=True)
    assert f"“{new_claim.statement}” is assigned to checker now." in response.content.decode()
    new_claim.refresh_from_db()
    assert new_claim.assignee == checker and new_claim.status == S.RESEARCHING
    assert new_claim.statement not in [c.statement for c in response.context["page"]]


def test_assigning_needs_a_person(as_editor, new_claim):
    response = as_editor.post(reverse("desk:step", args=[new_claim.pk, "assign"]), {"to": ""})
    assert response.context["form"].errors["to"] == ["Choose a fact-checker or editor from the list."]


def test_the_editor_dismisses_with_a_reason_and_it_shows_in_the_dismissed_list(as_editor, new_claim):
    url = reverse("desk:step", args=[new_claim.pk, "dismiss"])
    response = as_editor.post(url, {"comment": "An opinion, not a fact.", "next": reverse("desk:triage")}, follow=True)
    new_claim.refresh_from_db()
    assert new_claim.status == S.DISMISSED
    page = response.content.decode()
    assert "Reason: An opinion, not a fact." in page
    assert reverse("desk:step", args=[new_claim.pk, "restore"]) in page


def test_dismissing_without_a_reason_keeps_the_claim_new(as_editor, new_claim):
    response = as_editor.post(reverse("desk:step", args=[new_claim.pk, "dismiss"]), {"comment": ""})
    assert response.status_code == 400
    assert "Say why: this step needs a comment." in response.content.decode()
    new_claim.refresh_from_db()
    assert new_claim.status == S.NEW


def test_the_editor_restores_a_dismissed_claim(as_editor, dismissed_claim):
    as_editor.post(reverse("desk:step", args=[dismissed_claim.pk, "restore"]))
    dismissed_claim.refresh_from_db()
    assert dismissed_claim.status == S.NEW


def test_it_filters_new_claims(as_editor):
    ClaimFactory(statement="Unemployment fell to 4%.", claimant="Labour ministry")
    ClaimFactory(statement="Crime doubled.", claimant="Opposition")
    response = as_editor.get(reverse("desk:triage") + "?q=labour")
    assert [c.statement for c in response.context["page"]] == ["Unemployment fell to 4%."]


@pytest.mark.parametrize("items", [5, 100])
def test_the_triage_query_count_stays_flat(as_editor, editor, items, django_assert_max_num_queries):
    for i in range(items):
        ClaimFactory()
        workflow.dismiss(ClaimFactory(), by=editor, reason=f"Reason {i}")
    with django_assert_max_num_queries(9):
        response = as_editor.get(reverse("desk:triage"))
    assert len(response.context["rows"]) == min(items, 25)


def test_it_shows_each_candidates_score_with_its_reasons(as_editor):
    ClaimFactory(statement="Exports rose 40%.", score=1.0, score_reasons=["a figure or quantity", "an attribution"])
    ClaimFactory(statement="Typed in by hand.")
    page = as_editor.get(reverse("desk:triage")).content.decode()
    assert '<details class="score-reasons"><summary title="a figure or quantity; an attribution">' in page
    assert "1.00</summary>" in page and "<li>a figure or quantity</li>" in page
    assert 'title="Added by hand: no score"' not in page  # a claim without a score shows no score at all


def test_it_sorts_by_score_highest_first_with_unscored_claims_last(as_editor):
    ClaimFactory(statement="Unscored.")
    ClaimFactory(statement="Scored 0.70.", score=0.7, score_reasons=["an attribution"])
    ClaimFactory(statement="Scored 1.00.", score=1.0, score_reasons=["a figure or quantity"])
    response = as_editor.get(reverse("desk:triage") + "?sort=score")
    assert [c.statement for c in response.context["page"]] == ["Scored 1.00.", "Scored 0.70.", "Unscored."]
    assert '<option value="score" selected>Score, highest first</option>' in response.content.decode()


def test_score_reasons_are_escaped(as_editor):
    ClaimFactory(score=0.5, score_reasons=["<b>bold</b>"])
    page = as_editor.get(reverse("desk:triage")).content.decode()
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
