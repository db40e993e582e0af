"""PostgreSQL-only indexes: full-text search over claims and verdicts, trigram matching for intake.

SQLite has neither; there the public search uses a plain match and intake
compares normalized text in Python.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS claims_claim_search_gin ON claims_claim USING GIN (
        to_tsvector('english', coalesce(statement, '') || ' ' || coalesce(claimant, '') || ' ' || coalesce(quote, ''))
    )""",
    """CREATE INDEX IF NOT EXISTS claims_verdict_search_gin ON claims_verdict USING GIN (
        to_tsvector('english', coalesce(headline, '') || ' ' || coalesce(summary, ''))
    )""",
    "CREATE INDEX IF NOT EXISTS claims_claim_statement_trgm ON claims_claim USING GIN (statement gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_claim_statement_trgm",
    "DROP INDEX IF EXISTS claims_verdict_search_gin",
    "DROP INDEX IF EXISTS claims_claim_search_gin",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_default_scale_and_roles")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
