import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_verdict_snapshot")]
    operations = [
        migrations.CreateModel(
            name="OutgoingMail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("recipients", models.JSONField(default=list, verbose_name="recipients")),
                ("subject", models.CharField(max_length=300, verbose_name="subject")),
                ("body", models.TextField(verbose_name="body")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="queued")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                (
                    "next_try_at",
                    models.DateTimeField(
                        blank=True, default=django.utils.timezone.now, null=True, verbose_name="next try"
                    ),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
            ],
            options={
                "verbose_name": "outgoing email",
                "verbose_name_plural": "outgoing emails",
                "ordering": ["created_at", "id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("sent_at__isnull", True)), fields=["next_try_at"], name="outgoing_mail_due"
                    )
                ],
            },
        ),
    ]
