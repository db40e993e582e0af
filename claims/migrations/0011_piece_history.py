import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import claims.models


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_outgoing_mail"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name="HistoricalPiece",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("slug", models.SlugField(max_length=120, verbose_name="slug")),
                ("url", claims.models.HttpURLField(blank=True, max_length=1000, verbose_name="canonical URL")),
                ("publisher", models.CharField(blank=True, max_length=200, verbose_name="publisher")),
                ("byline", models.CharField(blank=True, max_length=300, verbose_name="byline")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="publication date")),
                ("language", models.CharField(default="en", max_length=12, verbose_name="language")),
                ("body", models.TextField(blank=True, verbose_name="body text")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical piece",
                "verbose_name_plural": "historical pieces",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
