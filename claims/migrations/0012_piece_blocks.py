from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_piece_history")]
    operations = [
        migrations.AddField(
            model_name="historicalpiece",
            name="blocks",
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="structure"),
        ),
        migrations.AddField(
            model_name="piece",
            name="blocks",
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="structure"),
        ),
    ]
