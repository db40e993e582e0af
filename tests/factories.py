"""Factories and persona helpers the test modules import; tests/conftest.py builds its fixtures from them.

A test module imports from here, never from conftest.py: conftest holds only fixtures and hooks.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims import editing, workflow
from claims.models import Claim, Piece

PASSWORD = "pass-word-123"  # every persona's password, for tests that log in through a form


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)
    is_staff = True


class PieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Piece

    title = factory.Sequence(lambda n: f"Test piece number {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/piece-{n}")
    publisher = "Example News"
    body = "The mayor said the city built 40 new schools last year. Rain is expected."
    may_republish = True  # tests of the annotated text; the model's default (not ours to republish) is tested apart


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
    """Research, submit and approve a claim: published through the real workflow."""
    research(claim, checker=checker, editor=editor, rating=rating, **kwargs)
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    claim.refresh_from_db()
    return claim
