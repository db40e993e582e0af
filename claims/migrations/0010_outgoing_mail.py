from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_verdict_snapshot")]
    operations = []
