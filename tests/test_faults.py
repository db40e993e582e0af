"""When Redis or the database fails, the site degrades instead of failing, and /healthz tells the truth.

Stand-ins: a closed port (connection refused), a socket server that accepts
and never answers (a hung server), and a real redis-server the test stops,
pauses and starts again.
"""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis.connection
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import caches

from claims.models import ReaderMessage
from claims.public.ratelimit import READER_MESSAGES_PER_HOUR
from factcheck.cache import reset_breakers
from tests.factories import PASSWORD
from tests.fault_services import RedisServer, SilentServer, closed_port
from tests.wsgi_client import WsgiClient

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
GIVE_UP_AFTER = 3  # failures_before_pause: the calls that wait out a timeout before the breaker opens


def redis_cache(url, *, pause_seconds=10.0):
    """The production cache settings (factcheck/settings.py) pointed at `url`."""
    return {
        "BACKEND": "factcheck.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "faults",
        "OPTIONS": {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
            "failures_before_pause": 3,
            "pause_seconds": pause_seconds,
        },
    }


def use_redis(settings, url, **options):
    reset_breakers()
    settings.CACHES = {**settings.CACHES, "default": redis_cache(url, **options)}


@pytest.fixture(params=["closed port", "never answers"])
def broken_redis(request, settings):
    silent = SilentServer() if request.param == "never answers" else None
    # A pause longer than any test: every attempt to reach Redis a test counts is one a request waited on.
    use_redis(settings, f"redis://127.0.0.1:{silent.port if silent else closed_port()}/0", pause_seconds=3600)
    yield request.param
    reset_breakers()
    if silent:
        silent.stop()


@pytest.fixture
def own_redis(settings):
    server = RedisServer().start()
    use_redis(settings, server.url, pause_seconds=0.5)
    yield server
    reset_breakers()
    if server.process and server.process.poll() is None:
        server.process.send_signal(signal.SIGCONT)
    server.stop()


@pytest.fixture
def redis_attempts(monkeypatch):
    """Each connection this process opens to Redis: a test of a failing Redis counts them instead of timing pages."""
    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counted(self, *args, **kwargs):
        attempts.append(1)
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    return attempts


def public_paths(claim):
    return [
        "/",
        f"/pieces/{claim.piece.slug}/",
        "/pieces/",
        f"/ratings/{claim.published_verdict.rating.slug}/",
        "/claimants/",
        "/search/?q=schools",
        "/feeds/verdicts/",
        "/feeds/verdicts/atom/",
        "/feeds/claimreview.json",
        "/sitemap.xml",
        "/methodology/",
        "/about/",
        "/corrections/",
        "/suggest/",
    ]


def test_every_public_page_answers_from_the_database_when_redis_fails(
    broken_redis, redis_attempts, published_claim, client
):
    reader = WsgiClient()
    for _ in range(2):  # a first render, then what would have been a cached read
        response = reader.get(f"/verdicts/{published_claim.slug}/")
        assert response.status_code == 200, broken_redis
        assert published_claim.published_verdict.headline.encode() in response.content
        for path in public_paths(published_claim):
            response = client.get(path)
            assert response.status_code == 200, (broken_redis, path, response.status_code)
    assert published_claim.slug.encode() in client.get("/").content
    assert len(redis_attempts) == GIVE_UP_AFTER  # then every page went without waiting on Redis


def test_an_editor_logs_in_and_stays_logged_in_when_redis_fails(broken_redis, redis_attempts, editor, client):
    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert len(redis_attempts) <= GIVE_UP_AFTER
    response = client.get("/desk/review/")
    assert response.status_code == 200
    assert int(client.session[SESSION_KEY]) == editor.pk


def test_a_wrong_password_is_still_refused_when_redis_fails(broken_redis, editor, client):
    response = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert client.get("/desk/review/").status_code == 302  # to the login page


def test_readers_can_write_in_and_the_rate_limit_still_holds_when_redis_fails(
    broken_redis, redis_attempts, published_claim, client
):
    for number in range(READER_MESSAGES_PER_HOUR + 2):
        response = client.post("/suggest/", {"text": f"Check the claim about bridges {number}"})
        assert response.status_code == 302
    assert len(redis_attempts) == GIVE_UP_AFTER
    response = client.post(
        f"/verdicts/{published_claim.slug}/correction/", {"text": "The figure is from 2019.", "email": ""}
    )
    assert response.status_code < 500
    # The first messages are stored; past the limit this process keeps counting by itself.
    assert ReaderMessage.objects.count() == READER_MESSAGES_PER_HOUR


def test_healthz_says_degraded_cache_when_only_redis_fails(broken_redis, redis_attempts, client):
    response = client.get("/healthz")
    assert len(redis_attempts) == 1  # one ping, its timeout the only wait
    assert response.status_code == 200
    assert response.content == b"degraded: cache\n"


def test_a_hung_redis_is_given_up_after_three_timeouts_with_one_warning(settings, redis_attempts, caplog):
    silent = SilentServer()
    try:
        use_redis(settings, f"redis://127.0.0.1:{silent.port}/0", pause_seconds=3600)
        cache = caches["default"]
        with caplog.at_level(logging.WARNING, logger="claims.cache"):
            for _ in range(50):
                assert cache.get("page") is None
    finally:
        silent.stop()
        reset_breakers()
    assert (
        len(redis_attempts) == GIVE_UP_AFTER
    )  # three timed-out calls (connect succeeds, the read times out), then none
    assert len(silent.accepted) == GIVE_UP_AFTER
    warnings = [r for r in caplog.records if r.name == "claims.cache"]
    assert [r.getMessage().split(":")[0] for r in warnings] == ["cache unavailable"]


def test_redis_is_retried_after_the_pause_and_its_return_is_logged_once(own_redis, caplog):
    cache = caches["default"]
    cache.set("kept", "before")
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="claims.cache"):
        for _ in range(10):
            assert cache.get("kept") is None
        own_redis.start()
        assert cache.get("kept") is None, "still paused: this process does not ask Redis yet"
        time.sleep(0.6)
        cache.get("probe")  # the one retry after the pause
        cache.set("kept", "after")
        assert cache.get("kept") == "after"
    messages = [r.getMessage().split(":")[0] for r in caplog.records if r.name == "claims.cache"]
    assert messages == ["cache unavailable", "cache available again"]


def test_a_session_ended_while_redis_hung_is_not_read_back_when_it_returns(own_redis, editor, client):
    client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert client.get("/desk/review/").status_code == 200
    old_session = client.cookies["sessionid"].value
    own_redis.process.send_signal(signal.SIGSTOP)  # Redis keeps its data but answers nothing
    try:
        assert client.post("/accounts/logout/").status_code in (200, 302)
    finally:
        own_redis.process.send_signal(signal.SIGCONT)
    time.sleep(0.6)
    client.cookies["sessionid"] = old_session  # someone who kept the cookie of the ended session
    response = client.get("/desk/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_session_ended_in_the_database_ends_at_once_though_redis_answers(own_redis, editor, client):
    client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert client.get("/desk/review/").status_code == 200
    # What another server's logout leaves behind when it could not reach Redis: only the row is gone.
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()
    response = client.get("/desk/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cache_works_through_the_breaker_when_redis_answers(own_redis, published_claim, client):
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Public-Cache"] == "hit"
    caches["local"].clear()
    assert client.get("/")["X-Public-Cache"] == "hit"  # from Redis this time
    assert client.get("/healthz").content == b"ok\n"


def run_against_database(url: str, *paths) -> list[str]:
    """Request `paths` in a fresh process whose DATABASE_URL is `url`; one line per path: status and body."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.urls import resolve; resolve('/')  # imports every view, as a server's first request would\n"
        "client = Client(raise_request_exception=False)\n"
        f"for path in {paths!r}:\n"
        "    response = client.get(path, HTTP_HOST='127.0.0.1')\n"
        "    print(response.status_code, response.content[:40], flush=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=url,
        DATABASE_CONNECT_TIMEOUT="2",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    lines = [line for line in result.stdout.splitlines() if line[:3].isdigit()]
    assert len(lines) == len(paths), result.stdout + result.stderr[-3000:]
    return lines


@pytest.mark.parametrize("stand_in", ["closed port", "never answers"])
def test_healthz_answers_503_and_pages_500_when_postgresql_fails(stand_in):
    # How long the probe may take is held by tests/test_health.py without a clock: here, that it answers at all.
    silent = SilentServer() if stand_in == "never answers" else None
    port = silent.port if silent else closed_port()
    try:
        url = f"postgres://postgres@127.0.0.1:{port}/desk"
        health, again, home = run_against_database(url, "/healthz", "/healthz", "/")
    finally:
        if silent:
            silent.stop()
    for line in (health, again):
        status, body = line.split(" ", 1)
        assert status == "503" and "database unavailable" in body, (health, again)
    assert home.split(" ", 1)[0] == "500", home  # gives up after DATABASE_CONNECT_TIMEOUT, no hang


@pytest.mark.postgres
def test_postgresql_connections_carry_the_connect_and_statement_timeouts():
    from django.db import connection

    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "25s"


def wsgi_status_against_database(url: str, path: str) -> str:
    """The status of one anonymous GET of `path` through factcheck.wsgi.application (front cache included)."""
    script = (
        "from factcheck.wsgi import application\n"
        "from django.test import RequestFactory\n"
        "from claims.public.front_cache import read_all\n"
        "statuses = []\n"
        f"environ = RequestFactory().get({path!r}, HTTP_HOST='127.0.0.1').environ\n"
        "read_all(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))\n"
        "print(statuses[0], flush=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(DJANGO_SETTINGS_MODULE="factcheck.settings", DJANGO_DEBUG="1", DATABASE_URL=url)
    env["DATABASE_CONNECT_TIMEOUT"] = "2"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip() or result.stderr[-3000:]


def test_a_verdict_page_tries_a_hung_database_once_per_request():
    """The front cache's failed connection is Django's answer too: one connect timeout, not two."""
    silent = SilentServer()
    url = f"postgres://postgres@127.0.0.1:{silent.port}/desk"
    try:
        home = wsgi_status_against_database(url, "/")  # Django alone: one attempt to connect
        one_attempt = len(silent.accepted)
        verdict = wsgi_status_against_database(url, "/verdicts/schools-budget/")
        verdict_attempts = len(silent.accepted) - one_attempt
    finally:
        silent.stop()

    assert home.startswith("500") and verdict.startswith("500"), (home, verdict)
    assert one_attempt >= 1
    assert verdict_attempts == one_attempt
