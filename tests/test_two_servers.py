"""Two gunicorn servers over one PostgreSQL database and one Redis behave as one site.

An editor logs in and publishes through the first server; the second server,
whose cache already held the old pages, shows the new verdict, the corrected
one and the updated feed at once, and knows the editor's login. The same
again with Redis stopped halfway through: both servers keep serving, and once
Redis is back, what is published on one is seen on the other.
"""

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from claims import editing, workflow
from claims.models import Claim
from tests.factories import PASSWORD, ClaimFactory, publish, research
from tests.fault_services import RedisServer, free_port, stop_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent


def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no usable Redis
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and did not answer at {url}: {error}")
        pytest.skip(f"needs Redis at {url} (set REDIS_URL); runs in CI")
    return url


def database_url():
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, env, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn on {self.port} exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn on {self.port} never became healthy")

    def stop(self):
        stop_process(self.process)
        self.log.close()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser: one cookie jar, whichever server answers (cookies do not depend on the port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects())

    def get(self, url):
        return self.request(url)

    def post(self, url, data):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        return self.request(url, urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode())

    def request(self, url, body=None):
        try:
            with self.opener.open(url, body, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production static files (hashed, compressed), built once for both servers."""
    root = tmp_path_factory.mktemp("static")
    # Brotli pre-compression (when the brotli package is installed) takes half a minute on two cores;
    # gzip alone proves the same thing here, so a stand-in module makes `import brotli` fail.
    no_brotli = tmp_path_factory.mktemp("no-brotli")
    (no_brotli / "brotli.py").write_text('raise ImportError("brotli skipped in tests")\n')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DJANGO_DEBUG": "0"}
    env.update(DJANGO_SECRET_KEY="collectstatic-only-" + "x" * 40, DJANGO_STATIC_ROOT=str(root))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(no_brotli), env.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return root


def server_env(static_root, redis, prefix):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "FACTCHECK_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="two-servers-share-this-secret-" + uuid.uuid4().hex,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url(),
        REDIS_URL=redis,
        CACHE_KEY_PREFIX=prefix,
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        FACTCHECK_LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def two_servers(env, tmp_path):
    started = [Server(env, tmp_path / "one.log"), Server(env, tmp_path / "two.log")]
    try:
        for server in started:
            server.wait_until_healthy()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def servers(static_root, tmp_path):
    url = redis_url()
    prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
    try:
        with two_servers(server_env(static_root, url, prefix), tmp_path) as started:
            yield started
    finally:
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def with_password(user):
    # The servers run the production hashers; the test settings' fast MD5 is not among them.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers", iterations=1000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def newsroom(checker, editor, rating):
    with_password(editor)
    fresh = ClaimFactory(statement="The harbour handled 3 million containers last year.")
    research(fresh, checker=checker, editor=editor, rating=rating, headline="Fresh verdict headline")
    workflow.submit(fresh, by=checker)
    corrected = ClaimFactory(statement="The bridge cost 40 million to build.")
    publish(corrected, checker=checker, editor=editor, rating=rating, headline="Old headline before correction")
    workflow.reopen(corrected, by=editor, reason="The final cost was published.")
    editing.save_verdict(
        corrected,
        by=checker,
        data={"headline": "Corrected headline after the audit", "public_note": "The final cost was published."},
    )
    workflow.submit(corrected, by=checker)
    return fresh, corrected


def test_a_verdict_published_on_one_server_shows_on_the_other_at_once(servers, newsroom):
    one, two = servers
    fresh, corrected = newsroom
    reader = Browser()

    # The second server caches the pages as they are before the editor acts.
    assert reader.get(f"{two.url}/verdicts/{fresh.slug}/")[0] == 404
    status, page = reader.get(f"{two.url}/verdicts/{corrected.slug}/")
    assert status == 200 and "Old headline before correction" in page
    status, feed = reader.get(f"{two.url}/feeds/verdicts/")
    assert status == 200 and fresh.slug not in feed
    assert "Old headline before correction" in reader.get(f"{two.url}/verdicts/{corrected.slug}/")[1]

    editor = Browser()
    editor.get(f"{one.url}/accounts/login/")
    status, _ = editor.post(f"{one.url}/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert status == 302, "the editor could not log in on server one"
    for claim in (fresh, corrected):
        status, _ = editor.post(f"{one.url}/desk/claims/{claim.pk}/step/approve/", {"comment": ""})
        assert status == 302
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED

    status, page = reader.get(f"{two.url}/verdicts/{fresh.slug}/")
    assert status == 200 and "Fresh verdict headline" in page
    status, page = reader.get(f"{two.url}/verdicts/{corrected.slug}/")
    assert "Corrected headline after the audit" in page and "Old headline before correction" not in page
    status, feed = reader.get(f"{two.url}/feeds/verdicts/")
    assert status == 200 and fresh.slug in feed
    assert fresh.slug in reader.get(f"{two.url}/")[1]

    # The login made on server one is valid on server two: sessions live in the shared database and cache.
    status, desk = editor.get(f"{two.url}/desk/review/")
    assert status == 200 and "editor" in desk


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def test_both_servers_keep_serving_while_redis_is_stopped_and_agree_once_it_returns(
    static_root, tmp_path, own_redis, newsroom
):
    fresh, corrected = newsroom
    env = server_env(static_root, own_redis.url, "two-servers-outage")
    env["REDIS_PAUSE_SECONDS"] = "1"
    with two_servers(env, tmp_path) as (one, two):
        reader, editor = Browser(), Browser()
        status, page = reader.get(f"{two.url}/verdicts/{corrected.slug}/")
        assert status == 200 and "Old headline before correction" in page
        editor.get(f"{one.url}/accounts/login/")
        assert editor.post(f"{one.url}/accounts/login/", {"username": "editor", "password": PASSWORD})[0] == 302

        own_redis.stop()
        for server in (one, two):
            assert reader.get(f"{server.url}/healthz") == (200, "degraded: cache\n")
        for path in ("/", f"/verdicts/{corrected.slug}/", "/feeds/verdicts/", "/sitemap.xml", "/search/?q=bridge"):
            status, _ = reader.get(two.url + path)
            assert status == 200, path
        # Published during the outage: the generations live in the database, so server two shows it at once.
        assert editor.post(f"{one.url}/desk/claims/{corrected.pk}/step/approve/", {"comment": ""})[0] == 302
        status, page = reader.get(f"{two.url}/verdicts/{corrected.slug}/")
        assert "Corrected headline after the audit" in page and "Old headline before correction" not in page
        assert editor.get(f"{two.url}/desk/review/")[0] == 200, "the login is read from the database on server two"

        own_redis.start()
        time.sleep(1.2)  # each server asks Redis again after REDIS_PAUSE_SECONDS
        for server in (one, two):
            assert reader.get(f"{server.url}/healthz") == (200, "ok\n")
        assert reader.get(f"{two.url}/verdicts/{fresh.slug}/")[0] == 404
        assert editor.post(f"{one.url}/desk/claims/{fresh.pk}/step/approve/", {"comment": ""})[0] == 302
        status, page = reader.get(f"{two.url}/verdicts/{fresh.slug}/")
        assert status == 200 and "Fresh verdict headline" in page
        assert fresh.slug in reader.get(f"{two.url}/feeds/verdicts/")[1]
        assert editor.get(f"{two.url}/desk/review/")[0] == 200


def copy_of(browser):
    """The browser's cookies as someone who copied them keeps them: whatever a server answers, never deleted."""
    return list(browser.jar)


def logged_in_editor(server):
    editor = Browser()
    editor.get(f"{server.url}/accounts/login/")
    assert editor.post(f"{server.url}/accounts/login/", {"username": "editor", "password": PASSWORD})[0] == 302
    return editor


def refused(cookies, server):
    """Whether the desk sends these cookies to the login page (a fresh browser each time, holding only them)."""
    browser = Browser()
    for cookie in cookies:
        browser.jar.set_cookie(cookie)
    status, _ = browser.get(f"{server.url}/desk/review/")
    return status == 302


@pytest.fixture
def lasting_redis(tmp_path):
    """A Redis that keeps its data through a restart: when it returns, so do the copies it held."""
    server = RedisServer(data_dir=tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def outage_env(static_root, lasting_redis, newsroom):
    env = server_env(static_root, lasting_redis.url, "two-servers-logout")
    env["REDIS_PAUSE_SECONDS"] = "1"
    return env


def come_back(redis_server):
    redis_server.start()
    time.sleep(1.2)  # each server asks Redis again after REDIS_PAUSE_SECONDS


def test_a_logout_during_a_redis_outage_holds_on_the_other_server_once_redis_returns(
    outage_env, lasting_redis, tmp_path
):
    with two_servers(outage_env, tmp_path) as (one, two):
        editor = logged_in_editor(one)
        assert not refused(copy_of(editor), two)
        old_cookie = copy_of(editor)

        lasting_redis.stop()
        assert editor.post(f"{one.url}/accounts/logout/", {})[0] == 302
        assert refused(old_cookie, two)
        come_back(lasting_redis)
        assert refused(old_cookie, two), "server two accepted a session logged out during the outage"
        assert refused(old_cookie, one)


def test_a_logout_during_a_redis_outage_holds_after_that_server_restarts(outage_env, lasting_redis, tmp_path):
    with two_servers(outage_env, tmp_path) as (one, two):
        editor = logged_in_editor(one)
        old_cookie = copy_of(editor)
        lasting_redis.stop()
        assert editor.post(f"{one.url}/accounts/logout/", {})[0] == 302
        one.stop()  # and with it what it remembered to delete from Redis
        restarted = Server(outage_env, tmp_path / "one-again.log")
        come_back(lasting_redis)
        try:
            restarted.wait_until_healthy()
            for server in (two, restarted):
                assert refused(old_cookie, server), f"{server.url} accepted a session logged out during the outage"
        finally:
            restarted.stop()
