"""Cached public pages change at once when a verdict is published, corrected or withdrawn."""

import pytest
from django.core.cache import caches
from django.db.models import F
from django.test import Client
from django.urls import reverse

from claims import editing, workflow
from claims import generations as counters
from claims.models import Generation
from claims.public import cache as public_cache
from tests.factories import ClaimFactory, publish, research


def published(claim, *, checker, editor, rating, capture):
    with capture(execute=True):
        return publish(claim, checker=checker, editor=editor, rating=rating)


def warm(reader, *urls):
    """Read each page twice, so the second answer comes from the cache."""
    for url in urls:
        reader.get(url)
        assert reader.get(url).get("X-Public-Cache") == "hit", url


def test_publishing_shows_the_verdict_on_cached_lists_at_once(
    reader, checker, editor, rating, django_capture_on_commit_callbacks
):
    first = published(
        ClaimFactory(), checker=checker, editor=editor, rating=rating, capture=django_capture_on_commit_callbacks
    )
    second = research(
        ClaimFactory(piece=first.piece), checker=checker, editor=editor, rating=rating, headline="Second one"
    )
    lists = [
        "/",
        "/ratings/false/",
        "/feeds/verdicts/",
        "/feeds/claimreview.json",
        "/sitemap-verdicts.xml",
        first.piece.get_absolute_url(),
    ]
    warm(reader, *lists)
    assert reader.get(second.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(second, by=checker)
        workflow.approve(second, by=editor)

    for url in lists:
        assert second.get_absolute_url() in reader.get(url).content.decode(), url
    assert reader.get(second.get_absolute_url()).status_code == 200


def test_a_correction_replaces_the_cached_verdict_page_at_once(
    reader, checker, editor, rating, django_capture_on_commit_callbacks
):
    claim = published(
        ClaimFactory(), checker=checker, editor=editor, rating=rating, capture=django_capture_on_commit_callbacks
    )
    warm(reader, claim.get_absolute_url(), "/", "/corrections/")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.reopen(claim, by=editor, reason="The count was revised by the ministry.")
        note = "We updated the count: the ministry revised it."
        editing.save_verdict(claim, by=checker, data={"summary": "Records show 14, not 12.", "public_note": note})
    during = reader.get(claim.get_absolute_url()).content.decode()
    assert "Records show 12." in during and "Records show 14" not in during

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(claim, by=checker)
        workflow.approve(claim, by=editor)
    after = reader.get(claim.get_absolute_url())
    assert after["X-Public-Cache"] == "miss"
    html = after.content.decode()
    assert "Records show 14, not 12." in html and note in html
    assert note in reader.get("/corrections/").content.decode()
    assert "The count was revised by the ministry." not in html  # the reopen reason is internal


def test_a_withdrawal_takes_the_verdict_out_of_every_cached_page_at_once(
    reader, checker, editor, rating, django_capture_on_commit_callbacks
):
    claim = published(
        ClaimFactory(), checker=checker, editor=editor, rating=rating, capture=django_capture_on_commit_callbacks
    )
    urls = [
        claim.get_absolute_url(),
        "/",
        "/feeds/verdicts/",
        "/feeds/verdicts/atom/",
        "/feeds/claimreview.json",
        "/sitemap-verdicts.xml",
    ]
    warm(reader, *urls, claim.piece.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(claim, by=editor, reason="Our sources did not hold up.")

    assert reader.get(claim.get_absolute_url()).status_code == 410
    assert reader.get(claim.piece.get_absolute_url()).status_code == 404
    for url in urls[1:]:
        assert claim.slug not in reader.get(url).content.decode(), url


def test_the_withdrawn_page_answers_410_even_if_its_copy_still_looked_fresh(reader, published_claim, editor):
    warm(reader, published_claim.get_absolute_url())
    before = list(Generation.objects.values_list("name", "value"))
    workflow.withdraw(published_claim, by=editor, reason="Our sources did not hold up.")
    for name, value in before:  # as if the withdrawal had not counted as a change
        Generation.objects.filter(name=name).update(value=value)
    assert reader.get(published_claim.get_absolute_url()).status_code == 410


def test_a_step_that_fails_leaves_the_generations_as_they_were(published_claim, editor):
    names = [public_cache.claim_generation(published_claim.pk), public_cache.SITE]
    before = public_cache.generations(names)
    with pytest.raises(workflow.TransitionError):
        workflow.withdraw(published_claim, by=editor, reason="")
    assert public_cache.generations(names) == before


def test_invalidate_bumps_the_claim_piece_and_site_generations(published_claim):
    names = [
        public_cache.claim_generation(published_claim.pk),
        public_cache.piece_generation(published_claim.piece_id),
        public_cache.SITE,
    ]
    before = public_cache.generations(names)
    counters.invalidate(published_claim)
    assert public_cache.generations(names) == tuple(n + 1 for n in before)


def test_publishing_counts_as_a_change_in_the_same_transaction(in_review_claim, editor):
    names = [public_cache.claim_generation(in_review_claim.pk), public_cache.SITE]
    before = public_cache.generations(names)
    workflow.approve(in_review_claim, by=editor)  # no on-commit callbacks run in this test
    assert all(after > earlier for after, earlier in zip(public_cache.generations(names), before, strict=True))


def test_a_page_rendered_before_a_bump_is_not_served_after_it(reader, published_claim):
    url = published_claim.get_absolute_url()
    warm(reader, url)
    counters.bump(public_cache.claim_generation(published_claim.pk))
    assert reader.get(url)["X-Public-Cache"] == "miss"
    assert reader.get(url)["X-Public-Cache"] == "hit"


def test_editing_the_rating_scale_in_the_admin_refreshes_every_cached_page(
    reader, published_claim, superuser, django_capture_on_commit_callbacks
):
    rating = published_claim.published_verdict.rating
    urls = [published_claim.get_absolute_url(), "/", "/methodology/"]
    for url in urls:
        warm(reader, url)
    admin = Client()
    admin.force_login(superuser)
    change_url = reverse("admin:claims_rating_change", args=[rating.pk])
    data = {f: getattr(rating, f) for f in ("slug", "value", "colour", "order", "description")}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(change_url, {**data, "value": data["value"] or "", "label": "Plainly wrong"})
    assert response.status_code == 302
    pages = {url: reader.get(url) for url in urls}
    assert all(page["X-Public-Cache"] == "miss" for page in pages.values())
    # The scale's own pages show it as it is now; the verdict keeps the rating as approved (test_public_frozen.py).
    assert "Plainly wrong" in pages["/"].content.decode() and "Plainly wrong" in pages["/methodology/"].content.decode()
    assert "Plainly wrong" not in pages[published_claim.get_absolute_url()].content.decode()


def test_logged_in_users_bypass_the_cache(client, published_claim, checker):
    warm(client, "/")
    client.force_login(checker)
    assert "X-Public-Cache" not in client.get("/")


def test_a_copy_this_process_holds_is_served_without_the_shared_cache(reader, published_claim):
    url = published_claim.get_absolute_url()
    warm(reader, url, "/")
    caches["default"].clear()  # the shared cache (Redis in production) lost everything
    for page in (url, "/"):
        assert reader.get(page)["X-Public-Cache"] == "hit", page


def test_another_process_reuses_the_copy_in_the_shared_cache(reader, published_claim, django_assert_num_queries):
    url = published_claim.get_absolute_url()
    warm(reader, url)
    caches["local"].clear()  # as a second worker or server, which never served the page
    with django_assert_num_queries(1):
        assert reader.get(url)["X-Public-Cache"] == "hit"


def test_a_change_made_by_another_server_makes_this_process_copy_stale(reader, published_claim):
    url = published_claim.get_absolute_url()
    warm(reader, url)
    Generation.objects.filter(name=public_cache.SITE).update(value=F("value") + 1)  # committed by another server
    assert reader.get(url)["X-Public-Cache"] == "miss"
