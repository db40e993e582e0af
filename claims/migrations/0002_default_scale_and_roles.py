"""Seed the default rating scale and the two desk roles with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCALE = [
    # slug, label, value, colour, meaning
    ("true", "True", 5, "#146c43", "The statement is accurate and nothing significant is missing."),
    ("mostly-true", "Mostly true", 4, "#2f7d32", "The statement is accurate but needs clarification or added detail."),
    (
        "half-true",
        "Half true",
        3,
        "#8a6d00",
        "The statement is partly accurate but leaves out important details or takes things out of context.",
    ),
    (
        "mostly-false",
        "Mostly false",
        2,
        "#b54708",
        "The statement contains an element of truth but ignores facts that would give a different impression.",
    ),
    ("false", "False", 1, "#b02a37", "The statement is not accurate."),
    (
        "misleading",
        "Misleading",
        None,
        "#6f42c1",
        "Accurate facts presented so as to give a wrong impression; outside the numeric scale.",
    ),
    (
        "unproven",
        "Unproven",
        None,
        "#495057",
        "The available evidence neither proves nor disproves the statement; outside the numeric scale.",
    ),
]

CHECKER_PERMS = [
    "view_piece",
    "add_piece",
    "change_piece",
    "view_claim",
    "add_claim",
    "change_claim",
    "view_evidence",
    "add_evidence",
    "change_evidence",
    "delete_evidence",
    "view_verdict",
    "change_verdict",
    "view_comment",
    "add_comment",
    "view_rating",
    "view_reviewevent",
    "view_historicalclaim",
    "view_historicalevidence",
    "view_historicalverdict",
]
EDITOR_PERMS = CHECKER_PERMS + [
    "delete_piece",
    "delete_claim",
    "add_rating",
    "change_rating",
    "view_readermessage",
    "change_readermessage",
    "take_workflow_steps",
]


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for order, (slug, label, value, colour, meaning) in enumerate(SCALE):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "colour": colour, "description": meaning, "order": order},
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Fact-checkers", CHECKER_PERMS), ("Editors", EDITOR_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Fact-checkers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
