"""Database rules the models enforce on their own."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from claims.models import Claim, Rating, Verdict


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_default_scale_is_seeded(db):
    labels = list(Rating.objects.values_list("label", flat=True))
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Unproven"]
    assert Rating.scale_bounds() == (1, 5)
    assert Rating.objects.get(slug="misleading").value is None


def test_the_roles_exist_with_permissions(db):
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    checkers = set(Group.objects.get(name="Fact-checkers").permissions.values_list("codename", flat=True))
    assert "change_rating" in editors and "change_rating" not in checkers
    assert "add_evidence" in checkers and checkers < editors


def test_the_database_refuses_an_unknown_status(new_claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=new_claim.pk).update(status="approved")


def test_the_database_refuses_a_non_http_evidence_url(researching_claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        researching_claim.evidence.update(url="javascript:alert(1)")


def test_a_claim_has_at_most_one_open_revision(researching_claim, checker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=researching_claim, number=9, author=checker)


def test_slugs_are_unique_and_readable(db):
    from tests.factories import ClaimFactory

    a = ClaimFactory(statement="Same words here.")
    b = ClaimFactory(statement="Same words here.")
    assert a.slug == "same-words-here" and b.slug == "same-words-here-2"


def test_a_claim_url_is_its_public_verdict_page(published_claim):
    assert published_claim.get_absolute_url() == f"/verdicts/{published_claim.slug}/"
