"""The lists: latest verdicts, by rating, by claimant, by piece, search, and their pagination."""

import pytest
from django.db import connection
from django.urls import reverse

from claims import editing, workflow
from claims.models import Rating
from claims.public.pagination import PER_PAGE
from claims.public.search import search_keys
from tests.factories import ClaimFactory, publish


@pytest.fixture
def hidden(db):
    """A claim that is in review: it must never appear in any list."""
    return ClaimFactory(statement="Secret schools figure still in review.", claimant="Hidden Claimant")


def many_published(count, *, checker, editor, rating, **fields):
    return [publish(ClaimFactory(**fields), checker=checker, editor=editor, rating=rating) for _ in range(count)]


def test_home_lists_the_latest_verdicts_but_nothing_unpublished(client, published_claim, hidden, withdrawn_claim):
    html = client.get("/").content.decode()
    assert hidden.statement not in html
    assert withdrawn_claim.published_verdict.headline not in html


def test_home_lists_published_verdicts_newest_first(client, checker, editor, rating):
    older, newer = many_published(2, checker=checker, editor=editor, rating=rating)
    html = client.get("/").content.decode()
    assert html.index(newer.statement) < html.index(older.statement)


def test_home_is_paginated_with_flat_queries(client, checker, editor, rating, django_assert_max_num_queries):
    claims = many_published(PER_PAGE + 1, checker=checker, editor=editor, rating=rating)
    with django_assert_max_num_queries(4):
        first = client.get("/").content.decode()
    assert "Page 1 of 2" in first and claims[0].statement not in first
    second = client.get("/", {"page": 2}).content.decode()
    assert claims[0].statement in second
    assert client.get("/", {"page": "junk"}).status_code == 200


def test_by_rating_lists_only_that_rating(client, published_claim, checker, editor):
    true_claim = publish(ClaimFactory(), checker=checker, editor=editor, rating=Rating.objects.get(slug="true"))
    html = client.get("/ratings/true/").content.decode()
    assert true_claim.statement in html and published_claim.statement not in html


def test_a_rating_without_published_verdicts_lists_nothing_unpublished(client, in_review_claim):
    # The sidebar links every rating of the scale, so an empty one is an empty list, not an error.
    response = client.get("/ratings/false/")
    assert response.status_code == 200
    assert "0 published verdicts" in response.content.decode()
    assert "No published verdicts here yet." in response.content.decode()
    assert in_review_claim.statement not in response.content.decode()
    assert client.get("/ratings/no-such-rating/").status_code == 404


def test_the_home_page_links_every_rating_of_the_scale(client, published_claim):
    html = client.get("/").content.decode()
    for rating in Rating.objects.all():
        assert rating.get_absolute_url() in html


def test_by_claimant_lists_that_claimants_published_claims(client, checker, editor, rating, hidden):
    mine = publish(ClaimFactory(claimant="Jane Minister"), checker=checker, editor=editor, rating=rating)
    other = publish(ClaimFactory(claimant="Someone Else"), checker=checker, editor=editor, rating=rating)
    index = client.get("/claimants/").content.decode()
    assert "Jane Minister" in index and "Hidden Claimant" not in index
    html = client.get("/claimants/jane-minister/").content.decode()
    assert mine.statement in html and other.statement not in html


def test_a_claimant_named_in_another_script_gets_a_page(client, checker, editor, rating):
    claim = publish(ClaimFactory(claimant="Володимир Зеленський"), checker=checker, editor=editor, rating=rating)
    verdict_page = client.get(claim.get_absolute_url()).content.decode()
    claimant_url = reverse("public:by_claimant", args=["володимир-зеленський"])
    assert f'href="{claimant_url}"' in verdict_page
    assert claim.statement in client.get(claimant_url).content.decode()


def test_a_claimant_with_nothing_published_is_404(client, hidden):
    assert client.get("/claimants/hidden-claimant/").status_code == 404


def test_pieces_lists_only_pieces_with_published_claims(client, published_claim, hidden):
    html = client.get("/pieces/").content.decode()
    assert published_claim.piece.title in html
    assert hidden.piece.title not in html


def test_search_finds_by_statement_claimant_and_verdict(client, checker, editor, rating, hidden):
    claim = publish(
        ClaimFactory(statement="Hospitals closed in the north.", claimant="Health Minister"),
        checker=checker,
        editor=editor,
        rating=rating,
        headline="No hospital closed",
        summary="Registry shows zero closures.",
    )
    for words in ("hospitals", "minister", "registry"):
        assert claim.statement in client.get("/search/", {"q": words}).content.decode()
    assert hidden.statement not in client.get("/search/", {"q": "secret schools"}).content.decode()


def test_search_echoes_the_query_safely(client, published_claim):
    response = client.get("/search/", {"q": '<script>alert("q")</script>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script>alert("q")' not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html


def test_search_is_never_cached_nor_indexed(client, published_claim):
    response = client.get("/search/", {"q": "schools"})
    assert "X-Public-Cache" not in response
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.postgres
def test_postgres_search_documents_are_stored_and_gin_indexed(db, published_claim):
    # One document: the published revision's snapshot (migration 0009), the one search_keys reads.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        words = "websearch_to_tsquery('english', %s)"
        cursor.execute(f"EXPLAIN SELECT v.id FROM claims_verdict v WHERE v.search_document @@ {words}", ["schools"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "claims_verdict_search_gin" in plan


@pytest.mark.postgres
def test_postgres_search_finds_the_snapshot_not_the_draft(db, published_claim, editor, checker):
    workflow.reopen(published_claim, by=editor, reason="Internal")
    editing.update_claim(published_claim, by=checker, data={"statement": "Zebulon ferries sailed daily."})
    assert search_keys("zebulon", 10) == set()
    assert search_keys("schools", 10) == {(published_claim.first_published_at, published_claim.pk)}


@pytest.mark.postgres
def test_postgres_search_follows_an_edited_verdict(db, published_claim, editor, checker):
    verdict = published_claim.published_verdict
    type(verdict).objects.filter(pk=verdict.pk).update(headline="Ferries never sailed on Sundays")
    assert search_keys("ferry", 10) == {(published_claim.first_published_at, published_claim.pk)}


@pytest.mark.postgres
def test_postgres_search_matches_word_forms(db, published_claim):
    for query in ("school", "built schools -rain"):
        assert search_keys(query, 10) == {(published_claim.first_published_at, published_claim.pk)}
    assert search_keys("built schools -city", 10) == set()


def test_long_lists_count_a_bounded_number_of_rows_and_every_page_still_opens(
    client, checker, editor, rating, monkeypatch
):
    from claims.public import pagination
    from claims.public import search as public_search

    monkeypatch.setattr(pagination, "PER_PAGE", 1)
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 2)
    monkeypatch.setattr(public_search, "SEARCH_AHEAD", 2)
    claims = many_published(5, checker=checker, editor=editor, rating=rating)
    url = reverse("public:by_rating", args=[rating.slug])
    first = client.get(url).content.decode()
    assert "More than 2 published verdicts" in first
    assert "Page 1 of 3+" in first
    fourth = client.get(url, {"page": 4}).content.decode()
    assert claims[1].statement in fourth
    assert "Page 4 of 5" in fourth and "Page 4 of 5+" not in fourth
    searched = client.get(reverse("public:search"), {"q": "schools"}).content.decode()
    assert "More than 2 verdicts match" in searched


@pytest.mark.parametrize("page", ["99999999999999999999", "-5", "abc", "1e9", str(10**6)])
def test_any_page_number_answers_a_page(client, published_claim, page):
    for url in ("/?", "/ratings/false/?", "/pieces/?", "/corrections/?", "/search/?q=schools&"):
        response = client.get(f"{url}page={page}")
        assert response.status_code == 200, url
