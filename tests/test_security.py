"""The security headers of the real production settings, on a public page and a desk page."""

import json
import re

import pytest
from django.urls import reverse

from tests.test_deploy import documented_production_env, manage

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production_values():
    """The security settings as factcheck/settings.py computes them with the documented production variables."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = manage("shell", "-v", "0", "-c", script, env=documented_production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    return settings


def assert_hardened(response):
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def assert_no_inline_code(html):
    """What the policy would block in a browser: inline scripts, <style> blocks and style attributes."""
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert all("src=" in attrs or "application/ld+json" in attrs for attrs in scripts), scripts
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # onclick= and friends


def test_a_public_verdict_page_is_hardened(client, production, published_claim):
    response = client.get(published_claim.get_absolute_url(), secure=True)
    assert_hardened(response)
    assert_no_inline_code(response.content.decode())


def test_the_public_home_page_is_hardened(client, production, published_claim):
    response = client.get(reverse("public:home"), secure=True)
    assert_hardened(response)
    assert_no_inline_code(response.content.decode())


def test_the_desk_queue_is_hardened(client, production, checker, new_claim):
    client.force_login(checker)
    response = client.get(reverse("desk:queue"), secure=True)
    assert_hardened(response)
    assert_no_inline_code(response.content.decode())


def test_the_desk_review_page_is_hardened(client, production, editor, in_review_claim):
    client.force_login(editor)
    response = client.get(reverse("desk:review", args=[in_review_claim.pk]), secure=True)
    assert "desk/review.html" in [template.name for template in response.templates]
    assert_hardened(response)
    assert_no_inline_code(response.content.decode())


def test_the_desk_claim_workspace_is_hardened(client, production, editor, in_review_claim):
    client.force_login(editor)
    response = client.get(reverse("desk:claim", args=[in_review_claim.pk]), secure=True)
    assert_hardened(response)
    assert_no_inline_code(response.content.decode())


def test_plain_http_is_redirected_to_https(client, production, published_claim):
    response = client.get(published_claim.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_proxy_header_marks_a_request_as_https(client, production, published_claim):
    response = client.get(published_claim.get_absolute_url(), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


def test_login_cookies_are_secure_and_http_only(client, production, checker):
    client.get(reverse("login"), secure=True)
    response = client.post(reverse("login"), {"username": "checker", "password": "pass-word-123"}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]


def test_a_nul_character_anywhere_in_the_url_is_a_clear_400(client, db):
    for url in ("/search/?q=a%00b", "/?page=%00", "/verdicts/a%00b/", "/desk/?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert b"NUL" in response.content
    assert client.get("/search/?q=a%2500b").status_code == 200  # the text "%00" is fine
