"""PostgreSQL only: store each claim's and verdict's search document instead of computing it per row.

Search walks the latest published claims and keeps those whose words match;
with the document stored (a generated column, kept current by PostgreSQL
itself) each row costs a lookup rather than a fresh to_tsvector(). The GIN
indexes move onto the stored columns. Django's models do not know these
columns: only the public search reads them (claims/views/public.py).
"""

from django.db import migrations

CLAIM_TEXT = "coalesce(statement, '') || ' ' || coalesce(claimant, '') || ' ' || coalesce(quote, '')"
VERDICT_TEXT = "coalesce(headline, '') || ' ' || coalesce(summary, '')"

FORWARD = [
    "ALTER TABLE claims_claim ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english', {CLAIM_TEXT})) STORED",
    "DROP INDEX IF EXISTS claims_claim_search_gin",
    "CREATE INDEX claims_claim_search_gin ON claims_claim USING GIN (search_document)",
    "ALTER TABLE claims_verdict ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english', {VERDICT_TEXT})) STORED",
    "DROP INDEX IF EXISTS claims_verdict_search_gin",
    "CREATE INDEX claims_verdict_search_gin ON claims_verdict USING GIN (search_document)",
]
BACKWARD = [
    "ALTER TABLE claims_verdict DROP COLUMN search_document",
    f"CREATE INDEX claims_verdict_search_gin ON claims_verdict USING GIN (to_tsvector('english', {VERDICT_TEXT}))",
    "ALTER TABLE claims_claim DROP COLUMN search_document",
    f"CREATE INDEX claims_claim_search_gin ON claims_claim USING GIN (to_tsvector('english', {CLAIM_TEXT}))",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_latest_first_indexes")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
