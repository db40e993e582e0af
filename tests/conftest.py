"""Fixtures and hooks shared by every test module; the factories and helpers they use are in tests/factories.py."""

import pytest
from django.db import connection

from claims import workflow
from claims.models import Rating
from claims.roles import EDITORS, FACT_CHECKERS
from tests.factories import ClaimFactory, make_user, research


def persona(name, group=None, **extra):
    """A fixture giving the user `name` in `group` (password: tests.factories.PASSWORD)."""

    def fixture(db):
        return make_user(name, group, **extra)

    fixture.__doc__ = f"The user {name!r}: {group or extra}."  # what `pytest --fixtures` shows
    return pytest.fixture(fixture)


checker = persona("checker", FACT_CHECKERS)
checker2 = persona("checker2", FACT_CHECKERS)
editor = persona("editor", EDITORS)
editor2 = persona("editor2", EDITORS)
outsider = persona("outsider", is_staff=False)
superuser = persona("root", is_superuser=True)


@pytest.fixture
def anon(client):
    return client


@pytest.fixture
def as_checker(client, checker):
    """The test client, logged in as the fact-checker `checker`."""
    client.force_login(checker)
    return client


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


@pytest.fixture
def new_claim(db):
    return ClaimFactory()


@pytest.fixture
def researching_claim(new_claim, checker, editor, rating):
    return research(new_claim, checker=checker, editor=editor, rating=rating)


@pytest.fixture
def in_review_claim(researching_claim, checker):
    workflow.submit(researching_claim, by=checker)
    return researching_claim


@pytest.fixture
def published_claim(in_review_claim, editor):
    workflow.approve(in_review_claim, by=editor)
    return in_review_claim


@pytest.fixture
def dismissed_claim(db, editor):
    claim = ClaimFactory()
    workflow.dismiss(claim, by=editor, reason="Not check-worthy")
    return claim


@pytest.fixture
def withdrawn_claim(published_claim, editor):
    workflow.withdraw(published_claim, by=editor, reason="Sources failed")
    return published_claim


def pytest_collection_modifyitems(config, items):
    """The markers carry their own rules, so `-m "not postgres"` / `-m "not browser"` select reliably.

    - `postgres`: skipped with its reason unless the test database is PostgreSQL; the mark is the only
      switch, so a test cannot be marked without being skipped on SQLite, nor skipped without the mark.
    - `browser`: every test that drives the browser fixture, even one whose module forgot `pytestmark`.
    """
    on_postgres = connection.vendor == "postgresql"
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...); runs in CI")
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("postgres") and not on_postgres:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (in CI the cache is a shared Redis database)."""
    from django.core.cache import caches

    for alias in ("default", "local"):
        caches[alias].clear()
    yield


@pytest.fixture
def reader(db):
    """An anonymous reader whose requests go through the WSGI application, front cache included."""
    from tests.wsgi_client import WsgiClient

    return WsgiClient()
