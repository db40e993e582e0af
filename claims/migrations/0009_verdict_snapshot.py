"""The verdict snapshot: each revision carries everything the public sees of its claim.

Approved and submitted revisions are frozen from their claim as it is now (the
best truth available: edits were refused while a claim was published or in
review, except during a correction, whose draft is not frozen here). An
approved correction's public note is its reopen reason, which is what readers
were already shown. On PostgreSQL the verdict's stored search document covers
the snapshot's words, and the claim's own document (the draft's words) goes.
"""

from django.conf import settings
from django.db import migrations, models

from claims.markdown import render_markdown

BATCH = 500
EVIDENCE_FIELDS = ("title", "url", "publisher", "stance", "note", "accessed_on", "archived_url")
CLAIM_FIELDS = ("statement", "quote", "start", "end", "claimant", "said_on", "appearance_url")
FROZEN = (*CLAIM_FIELDS, "evidence", "explanation_html", "public_note", "rating_changed_from")


def freeze_existing(apps, schema_editor):
    Verdict = apps.get_model("claims", "Verdict")
    Evidence = apps.get_model("claims", "Evidence")
    revisions = Verdict.objects.filter(state__in=["approved", "submitted"]).select_related("claim", "rating")
    earlier_rating = {}  # claim id -> the label of its last approved revision seen so far
    batch = []
    for verdict in revisions.order_by("claim_id", "number").iterator(BATCH):
        claim = verdict.claim
        for name in CLAIM_FIELDS:
            setattr(verdict, name, getattr(claim, name))
        rows = Evidence.objects.filter(claim_id=claim.pk).order_by("position", "id").values(*EVIDENCE_FIELDS)
        verdict.evidence = [
            {**row, "accessed_on": row["accessed_on"] and row["accessed_on"].isoformat()} for row in rows
        ]
        verdict.explanation_html = str(render_markdown(verdict.explanation))
        label = verdict.rating.label if verdict.rating else None
        if verdict.state == "approved":
            if verdict.correction_reason:
                verdict.public_note = verdict.public_note or verdict.correction_reason
                before = earlier_rating.get(claim.pk)
                if before and before != label:
                    verdict.rating_changed_from = before
            earlier_rating[claim.pk] = label
        batch.append(verdict)
        if len(batch) >= BATCH:
            Verdict.objects.bulk_update(batch, FROZEN)
            batch = []
    Verdict.objects.bulk_update(batch, FROZEN)


SNAPSHOT_TEXT = (
    "coalesce(statement, '') || ' ' || coalesce(claimant, '') || ' ' || coalesce(quote, '') || ' ' || "
    "coalesce(headline, '') || ' ' || coalesce(summary, '')"
)
VERDICT_TEXT = "coalesce(headline, '') || ' ' || coalesce(summary, '')"
CLAIM_TEXT = "coalesce(statement, '') || ' ' || coalesce(claimant, '') || ' ' || coalesce(quote, '')"
FORWARD = [
    "ALTER TABLE claims_claim DROP COLUMN search_document",
    "ALTER TABLE claims_verdict DROP COLUMN search_document",
    "ALTER TABLE claims_verdict ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english', {SNAPSHOT_TEXT})) STORED",
    "CREATE INDEX claims_verdict_search_gin ON claims_verdict USING GIN (search_document)",
]
BACKWARD = [
    "ALTER TABLE claims_verdict DROP COLUMN search_document",
    "ALTER TABLE claims_verdict ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english', {VERDICT_TEXT})) STORED",
    "CREATE INDEX claims_verdict_search_gin ON claims_verdict USING GIN (search_document)",
    "ALTER TABLE claims_claim ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english', {CLAIM_TEXT})) STORED",
    "CREATE INDEX claims_claim_search_gin ON claims_claim USING GIN (search_document)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_public_generations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.RemoveIndex(
            model_name="verdict",
            name="verdict_corrections",
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="public_note",
            field=models.TextField(
                blank=True,
                help_text="Shown with the date on the verdict page and in the corrections log once approved.",
                max_length=2000,
                verbose_name="correction note for readers",
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="appearance_url",
            field=models.URLField(blank=True, editable=False, max_length=1000, verbose_name="where it appeared"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="claimant",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="claimant"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="end",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="end offset"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="evidence",
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="evidence as approved"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="explanation_html",
            field=models.TextField(blank=True, editable=False, verbose_name="explanation as HTML"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="public_note",
            field=models.TextField(
                blank=True,
                help_text="Shown with the date on the verdict page and in the corrections log once approved.",
                max_length=2000,
                verbose_name="correction note for readers",
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="quote",
            field=models.TextField(blank=True, editable=False, verbose_name="verbatim quote"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="rating_changed_from",
            field=models.CharField(blank=True, editable=False, max_length=60, verbose_name="earlier rating"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="said_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="date said"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="start",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="start offset"),
        ),
        migrations.AddField(
            model_name="verdict",
            name="statement",
            field=models.CharField(blank=True, editable=False, max_length=500, verbose_name="statement checked"),
        ),
        migrations.AlterField(
            model_name="historicalverdict",
            name="correction_reason",
            field=models.TextField(blank=True, editable=False, verbose_name="why it is being corrected (internal)"),
        ),
        migrations.AlterField(
            model_name="verdict",
            name="correction_reason",
            field=models.TextField(blank=True, editable=False, verbose_name="why it is being corrected (internal)"),
        ),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                models.OrderBy(models.F("approved_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("state", "approved"), models.Q(("public_note", ""), _negated=True)),
                name="verdict_corrections",
            ),
        ),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                condition=models.Q(("state", "approved")), fields=["claimant"], name="verdict_approved_claimant"
            ),
        ),
        migrations.RunPython(freeze_existing, migrations.RunPython.noop),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
