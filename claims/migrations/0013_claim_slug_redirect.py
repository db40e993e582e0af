import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_piece_blocks")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="slug_chosen",
            field=models.BooleanField(default=False, editable=False, verbose_name="address chosen by a person"),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="slug_chosen",
            field=models.BooleanField(default=False, editable=False, verbose_name="address chosen by a person"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="what was reviewed"),
        ),
        migrations.CreateModel(
            name="ClaimSlugRedirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_slug", models.SlugField(max_length=120, unique=True, verbose_name="old address")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created"),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slug_redirects",
                        to="claims.claim",
                    ),
                ),
            ],
            options={"verbose_name": "old address", "verbose_name_plural": "old addresses"},
        ),
    ]
