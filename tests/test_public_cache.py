"""Cached public pages change at once when a verdict is published, corrected or withdrawn."""

from django.test import Client
from django.urls import reverse

from claims import editing, public_cache, workflow
from tests.conftest import ClaimFactory, publish, research


def published(claim, *, checker, editor, rating, capture):
    with capture(execute=True):
        return publish(claim, checker=checker, editor=editor, rating=rating)


def warm(client, *urls):
    """Read each page twice, so the second answer comes from the cache."""
    for url in urls:
        client.get(url)
        assert client.get(url).get("X-Public-Cache") == "hit", url


def test_publishing_shows_the_verdict_on_cached_lists_at_once(
    client, checker, editor, rating, django_capture_on_commit_callbacks
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
    warm(client, *lists)
    assert client.get(second.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(second, by=checker)
        workflow.approve(second, by=editor)

    for url in lists:
        assert second.get_absolute_url() in client.get(url).content.decode(), url
    assert client.get(second.get_absolute_url()).status_code == 200


def test_a_correction_replaces_the_cached_verdict_page_at_once(
    client, checker, editor, rating, django_capture_on_commit_callbacks
):
    claim = published(
        ClaimFactory(), checker=checker, editor=editor, rating=rating, capture=django_capture_on_commit_callbacks
    )
    warm(client, claim.get_absolute_url(), "/", "/corrections/")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.reopen(claim, by=editor, reason="The count was revised by the ministry.")
        editing.save_verdict(claim, by=checker, data={"summary": "Records show 14, not 12."})
    during = client.get(claim.get_absolute_url()).content.decode()
    assert "Records show 12." in during and "Records show 14" not in during

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(claim, by=checker)
        workflow.approve(claim, by=editor)
    after = client.get(claim.get_absolute_url())
    assert after["X-Public-Cache"] == "miss"
    html = after.content.decode()
    assert "Records show 14, not 12." in html and "The count was revised by the ministry." in html
    assert "The count was revised by the ministry." in client.get("/corrections/").content.decode()


def test_a_withdrawal_takes_the_verdict_out_of_every_cached_page_at_once(
    client, checker, editor, rating, django_capture_on_commit_callbacks
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
    warm(client, *urls, claim.piece.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(claim, by=editor, reason="Our sources did not hold up.")

    assert client.get(claim.get_absolute_url()).status_code == 410
    assert client.get(claim.piece.get_absolute_url()).status_code == 404
    for url in urls[1:]:
        assert claim.slug not in client.get(url).content.decode(), url


def test_the_withdrawn_page_answers_410_even_if_the_invalidation_was_lost(client, published_claim, editor):
    warm(client, published_claim.get_absolute_url())
    workflow.withdraw(published_claim, by=editor, reason="Our sources did not hold up.")  # on-commit never runs here
    assert client.get(published_claim.get_absolute_url()).status_code == 410


def test_invalidate_bumps_the_claim_piece_and_site_generations(published_claim):
    keys = [
        public_cache.claim_generation(published_claim.pk),
        public_cache.piece_generation(published_claim.piece_id),
        public_cache.SITE,
    ]
    before = [public_cache.current(key) for key in keys]
    public_cache.invalidate(published_claim)
    assert [public_cache.current(key) for key in keys] == [n + 1 for n in before]


def test_a_page_rendered_before_a_bump_is_not_served_after_it(client, published_claim):
    url = published_claim.get_absolute_url()
    warm(client, url)
    public_cache.bump(public_cache.claim_generation(published_claim.pk))
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"


def test_editing_the_rating_scale_in_the_admin_refreshes_every_cached_page(
    client, published_claim, superuser, django_capture_on_commit_callbacks
):
    rating = published_claim.published_verdict.rating
    urls = [published_claim.get_absolute_url(), "/", "/methodology/"]
    for url in urls:
        warm(client, url)
    admin = Client()
    admin.force_login(superuser)
    change_url = reverse("admin:claims_rating_change", args=[rating.pk])
    data = {f: getattr(rating, f) for f in ("slug", "value", "colour", "order", "description")}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(change_url, {**data, "value": data["value"] or "", "label": "Plainly wrong"})
    assert response.status_code == 302
    for url in urls:
        page = client.get(url)
        assert page["X-Public-Cache"] == "miss", url
        assert "Plainly wrong" in page.content.decode(), url


def test_logged_in_users_bypass_the_cache(client, published_claim, checker):
    warm(client, "/")
    client.force_login(checker)
    assert "X-Public-Cache" not in client.get("/")
