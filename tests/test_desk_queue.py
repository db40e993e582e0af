"""My queue: a fact-checker's own claims by status, and the new claims they may take."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import Claim, Piece
from tests.factories import ClaimFactory

S = Claim.Status


def assigned(user, editor, **fields):
    claim = ClaimFactory(**fields)
    workflow.assign(claim, by=editor, to=user)
    return claim


def statements(response, key="page"):
    return [claim.statement for claim in response.context[key]]


def test_it_lists_my_claims_with_piece_claimant_age_and_priority(as_checker, checker, editor):
    piece = Piece.objects.create(title="Budget speech")
    mine = assigned(checker, editor, piece=piece, claimant="The minister", priority=Claim.Priority.URGENT)
    response = as_checker.get(reverse("desk:queue"))
    page = response.content.decode()
    assert statements(response) == [mine.statement]
    assert "Budget speech" in page and "The minister" in page and "Urgent" in page
    assert "0\xa0minutes" in page
    assert reverse("desk:claim", args=[mine.pk]) in page


def test_it_leaves_out_other_peoples_claims(as_checker, checker2, editor):
    assigned(checker2, editor, statement="Someone else's claim.")
    response = as_checker.get(reverse("desk:queue"))
    assert "Someone else's claim." not in statements(response)
    assert "Someone else's claim." not in statements(response, "new_page")


def test_it_shows_open_claims_unless_a_status_is_chosen(as_checker, checker, editor, rating):
    researching = assigned(checker, editor, statement="Still researching.")
    done = assigned(checker, editor, statement="Already dismissed.")
    Claim.objects.filter(pk=done.pk).update(status=S.DISMISSED)
    assert statements(as_checker.get(reverse("desk:queue"))) == [researching.statement]
    response = as_checker.get(reverse("desk:queue") + "?status=dismissed")
    assert statements(response) == [done.statement]
    assert len(statements(as_checker.get(reverse("desk:queue") + "?status=all"))) == 2


def test_the_status_tabs_count_my_claims(as_checker, checker, editor, in_review_claim):
    assigned(checker, editor)
    response = as_checker.get(reverse("desk:queue"))
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts[S.RESEARCHING] == 1 and counts[S.IN_REVIEW] == 1
    assert response.context["open_count"] == 2


def test_it_filters_by_search_and_priority(as_checker, checker, editor):
    assigned(checker, editor, statement="Trains run late.", claimant="Rail company", priority=Claim.Priority.HIGH)
    assigned(checker, editor, statement="Buses are free.", claimant="The mayor", priority=Claim.Priority.LOW)
    assert statements(as_checker.get(reverse("desk:queue") + "?q=rail")) == ["Trains run late."]
    assert statements(as_checker.get(reverse("desk:queue") + "?priority=0")) == ["Buses are free."]


def test_it_sorts_by_priority_by_default_and_by_age_on_request(as_checker, checker, editor):
    old = assigned(checker, editor, statement="Old and low.", priority=Claim.Priority.LOW)
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assigned(checker, editor, statement="New and urgent.", priority=Claim.Priority.URGENT)
    assert statements(as_checker.get(reverse("desk:queue"))) == ["New and urgent.", "Old and low."]
    assert statements(as_checker.get(reverse("desk:queue") + "?sort=oldest")) == ["Old and low.", "New and urgent."]
    assert statements(as_checker.get(reverse("desk:queue") + "?sort=newest")) == ["New and urgent.", "Old and low."]


def test_a_bad_filter_value_shows_an_error_not_a_crash(as_checker, checker, editor):
    response = as_checker.get(reverse("desk:queue") + "?status=bogus&sort=sideways")
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_it_lists_new_claims_i_can_take_and_taking_one_assigns_it_to_me(as_checker, checker, checker2, editor):
    free = ClaimFactory(statement="Nobody has this one.")
    assigned(checker2, editor, statement="Taken already.")
    response = as_checker.get(reverse("desk:queue"))
    assert statements(response, "new_page") == ["Nobody has this one."]
    take = reverse("desk:step", args=[free.pk, "assign"])
    assert take in response.content.decode()
    response = as_checker.post(take, {"to": checker.pk, "next": reverse("desk:claim", args=[free.pk])})
    assert response["Location"] == reverse("desk:claim", args=[free.pk])
    free.refresh_from_db()
    assert free.assignee == checker and free.status == S.RESEARCHING


def test_the_lists_are_paginated_and_keep_the_filters(as_checker, checker, editor):
    for i in range(30):
        assigned(checker, editor, statement=f"Claim number {i:02d}.", claimant="Census office")
    response = as_checker.get(reverse("desk:queue") + "?q=census")
    assert len(response.context["page"]) == 25
    assert "?q=census&amp;page=2" in response.content.decode()
    second = as_checker.get(reverse("desk:queue") + "?q=census&page=2")
    assert len(second.context["page"]) == 5


@pytest.mark.parametrize("items", [5, 100])
def test_the_queue_query_count_stays_flat(as_checker, checker, editor, items, django_assert_max_num_queries):
    for _ in range(items):
        assigned(checker, editor)
        ClaimFactory()
    with django_assert_max_num_queries(8):
        response = as_checker.get(reverse("desk:queue"))
    assert len(response.context["page"]) == min(items, 25)
    assert len(response.context["new_page"]) == min(items, 10)


def test_both_lists_show_a_score_column_and_sort_by_score(as_checker, checker, editor):
    assigned(checker, editor, statement="Mine, 0.40.", score=0.4, score_reasons=["a comparison"])
    assigned(checker, editor, statement="Mine, 0.90.", score=0.9, score_reasons=["a figure or quantity"])
    ClaimFactory(statement="Free, 0.20.", score=0.2, score_reasons=["an attribution"])
    ClaimFactory(statement="Free, 0.80.", score=0.8, score_reasons=["a named organization"])
    response = as_checker.get(reverse("desk:queue") + "?sort=score")
    assert statements(response) == ["Mine, 0.90.", "Mine, 0.40."]
    assert statements(response, "new_page") == ["Free, 0.80.", "Free, 0.20."]
    page = response.content.decode()
    assert page.count('<th scope="col">Score</th>') == 2
    assert '<summary title="a figure or quantity">' in page and "0.90</summary>" in page
