"""Anonymous verdict pages served from the cache in front of Django (claims/front_cache.py)."""

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler

from claims import editing, workflow
from claims.public.front_cache import CachedVerdictPages, verdict_key
from tests.wsgi_client import WsgiClient

pytestmark = pytest.mark.django_db


def test_a_hit_replays_the_page_and_every_header_django_set(reader, published_claim):
    url = published_claim.get_absolute_url()
    first = reader.get(url)
    assert first["X-Public-Cache"] == "miss"
    hit = reader.get(url)
    assert hit.status_code == 200 and hit["X-Public-Cache"] == "hit"
    assert hit.content == first.content
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Vary"):
        assert hit[header] == first[header], header
    assert published_claim.statement in hit.content.decode()


def test_a_query_string_is_served_the_same_shared_page(reader, published_claim):
    url = published_claim.get_absolute_url()
    reader.get(url)
    assert reader.get(url, {"utm_source": "newsletter", "preview": "1"})["X-Public-Cache"] == "hit"


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_request_with_a_session_or_messages_cookie_is_rendered_by_django(reader, published_claim, cookie):
    url = published_claim.get_absolute_url()
    reader.get(url)
    reader.cookies[cookie] = "something"
    response = reader.get(url)
    assert response.status_code == 200 and response["X-Public-Cache"] == "miss"


def test_a_desk_user_gets_their_own_page_and_it_is_never_shared(reader, client, published_claim, checker):
    url = published_claim.get_absolute_url()
    reader.get(url)  # a reader's visit leaves a shared copy
    client.force_login(checker)
    reader.cookies["sessionid"] = client.cookies["sessionid"].value
    desk_page = reader.get(url)
    assert "X-Public-Cache" not in desk_page and checker.username in desk_page.content.decode()

    del reader.cookies["sessionid"]
    public_page = reader.get(url)
    assert public_page["X-Public-Cache"] == "hit"
    assert checker.username not in public_page.content.decode()


def test_a_draft_preview_is_never_kept_for_readers(reader, client, published_claim, checker, editor):
    workflow.reopen(published_claim, by=editor, reason="A new figure came out.")
    editing.save_verdict(published_claim, by=checker, data={"summary": "Draft wording nobody may see."})
    url = published_claim.get_absolute_url()
    client.force_login(checker)
    reader.cookies["sessionid"] = client.cookies["sessionid"].value
    assert "Draft wording nobody may see." in reader.get(url, {"preview": "1"}).content.decode()

    del reader.cookies["sessionid"]
    for _ in range(2):
        html = reader.get(url, {"preview": "1"}).content.decode()
        assert "Draft wording nobody may see." not in html and "Records show 12." in html


@pytest.mark.parametrize("claim_fixture, status", [("in_review_claim", 404), ("withdrawn_claim", 410)])
def test_pages_that_are_not_public_are_decided_by_django_and_never_kept(request, reader, claim_fixture, status):
    claim = request.getfixturevalue(claim_fixture)
    for _ in range(2):
        response = reader.get(claim.get_absolute_url())
        assert response.status_code == status and "X-Public-Cache" not in response
    assert cache.get(verdict_key(claim.pk)) is None


def test_a_head_request_gets_the_copys_headers_without_the_page(reader, published_claim):
    url = published_claim.get_absolute_url()
    assert reader.head(url).get("X-Public-Cache") == "miss"  # nothing kept yet: Django answers
    page = reader.get(url)
    head = reader.head(url)
    assert head.status_code == 200 and head["X-Public-Cache"] == "hit" and head.content == b""
    assert head["Content-Length"] == str(len(page.content))


def test_a_host_django_refuses_is_refused_even_when_the_page_is_cached(reader, published_claim):
    url = published_claim.get_absolute_url()
    reader.get(url)
    assert reader.get(url, HTTP_HOST="attacker.example").status_code == 400


def test_plain_http_is_redirected_when_https_is_required(published_claim, settings):
    settings.SECURE_SSL_REDIRECT = True
    reader = WsgiClient(CachedVerdictPages(WSGIHandler()))  # Django's middleware reads the setting when built
    url = published_claim.get_absolute_url()
    reader.get(url, secure=True)
    insecure = reader.get(url)
    assert insecure.status_code == 301 and insecure["Location"].startswith("https://")
    assert reader.get(url, secure=True)["X-Public-Cache"] == "hit"
