"""Migration 0016: the revisions open at the upgrade keep the writers their history rows named."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims import editing
from claims.models import Claim, ProjectionChange

BEFORE, AFTER = [("claims", "0015_jobs")], [("claims", "0016_projection_change")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the rows migrations made
def test_an_open_revision_keeps_the_writers_its_history_named(researching_claim, checker, editor):
    editing.update_claim(researching_claim, by=editor, data={"claimant": "The mayor's office"})
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # the table goes, with what editing recorded
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later migrations too, so the models match the tables

    draft = Claim.objects.get(pk=researching_claim.pk).current_draft()
    assert draft.writers() == {checker.pk, editor.pk}
    assert set(ProjectionChange.objects.values_list("what", flat=True)) == {"recorded before 0016"}
