from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_public_generations")]
    operations = []
