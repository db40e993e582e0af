"""The one rule of what the public may read: the ORM filter, the Python check and the raw SQL agree."""

import pytest
from django.db import connection

from claims.models import Claim, public_rule_sql
from claims.public import cache as public_cache

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [choice for choice, _label in Claim.Status.choices])
@pytest.mark.parametrize("with_live_verdict", [True, False])
def test_the_orm_the_python_check_and_the_sql_agree(published_claim, status, with_live_verdict):
    # Every status with and without a live verdict, set directly: the rule must hold for any row.
    fields = {"status": status}
    if not with_live_verdict:
        fields["published_verdict"] = None
    Claim.objects.filter(pk=published_claim.pk).update(**fields)
    claim = Claim.objects.get(pk=published_claim.pk)

    in_orm = Claim.objects.published().filter(pk=claim.pk).exists()
    rule, params = public_rule_sql(connection, "c")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id FROM claims_claim c WHERE c.id = %s AND {rule}", [claim.pk, *params])
        in_sql = cursor.fetchone() is not None
    by_slug, _generations = public_cache.verdict_state(claim.slug)

    expected = with_live_verdict and status != Claim.Status.WITHDRAWN
    assert in_orm == claim.is_public == in_sql == (by_slug == claim.pk) == expected
