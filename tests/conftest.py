"""Personas and factories shared by every test module."""

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from claims import editing, workflow
from claims.models import Claim, Piece, Rating
from claims.roles import EDITORS, FACT_CHECKERS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pass-word-123")
    is_staff = True


class PieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Piece

    title = factory.Sequence(lambda n: f"Test piece number {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/piece-{n}")
    publisher = "Example News"
    body = "The mayor said the city built 40 new schools last year. Rain is expected."


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    piece = factory.SubFactory(PieceFactory)
    statement = factory.Sequence(lambda n: f"The city built {40 + n} new schools last year.")
    quote = "the city built 40 new schools last year"
    claimant = "The mayor"


def make_user(name, group=None, **extra):
    user = UserFactory(username=name, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=user.pk)  # fresh object: no cached roles


@pytest.fixture
def checker(db):
    return make_user("checker", FACT_CHECKERS)


@pytest.fixture
def checker2(db):
    return make_user("checker2", FACT_CHECKERS)


@pytest.fixture
def editor(db):
    return make_user("editor", EDITORS)


@pytest.fixture
def editor2(db):
    return make_user("editor2", EDITORS)


@pytest.fixture
def outsider(db):
    return make_user("outsider", is_staff=False)


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)


@pytest.fixture
def anon(client):
    return client


@pytest.fixture
def rating(db):
    return Rating.objects.get(slug="false")


def research(claim, *, checker, editor, rating, evidence=1, headline="The figure is wrong", summary="Records show 12."):
    """Bring a new claim to 'researching' with evidence and a draft verdict, through the real functions."""
    if claim.status == Claim.Status.NEW:
        workflow.assign(claim, by=editor, to=checker)
    for i in range(evidence):
        editing.add_evidence(
            claim, by=checker, url=f"https://records.example.org/{claim.pk}/{i}", title=f"Record {i}", stance="refutes"
        )
    editing.save_verdict(
        claim, by=checker, data={"rating": rating, "headline": headline, "summary": summary, "explanation": "**Bold**"}
    )
    claim.refresh_from_db()
    return claim


def publish(claim, *, checker, editor, rating, **kwargs):
    research(claim, checker=checker, editor=editor, rating=rating, **kwargs)
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    claim.refresh_from_db()
    return claim


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


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL); runs in CI"
)


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
