"""Checking an archive before anything is written: a refusal names the section, the row and the fault.

The checks are read from the models' own fields (type, null, choices, length,
references), so a field added to a model is checked the day it is added, and
an archive that passes them is one the database accepts: an import never ends
in a traceback half-way through.
"""

import json
import math
import re

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.dateparse import parse_date

from claims.models import Claim, Piece, Rating, ReviewEvent, Verdict
from claims.snapshots import EVIDENCE_FIELDS

# The widest whole numbers any database we run on stores, by field type (PostgreSQL's bigint and smaller).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# NUL, and a lone UTF-16 surrogate: JSON may write one as \ud800, UTF-8 cannot hold it.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

WHOLE_NUMBER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


class ArchiveError(Exception):
    """The archive cannot be written or read; the message says why in one line."""


def shown(value) -> str:
    """A value as it reads in the archive, cut short: the message stays one line."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def expected_kind(field) -> tuple[tuple, str]:
    """The JSON types a field's value may have in the archive, and how to name them to a person."""
    kind = field.get_internal_type()
    if kind in WHOLE_NUMBER_TYPES:
        return (int,), "a whole number"
    if kind in ("FloatField", "DecimalField"):
        return (int, float), "a number"
    if kind == "BooleanField":
        return (bool,), "true or false"
    if kind == "JSONField":
        return (object,), "JSON"
    if kind == "DateTimeField":
        return (str,), "a date and time (ISO 8601)"
    if kind == "DateField":
        return (str,), "a date (YYYY-MM-DD)"
    return (str,), "text"


def has_kind(value, types) -> bool:
    # JSON's true and false are Python ints too; neither is a number here.
    if isinstance(value, bool) and bool not in types and object not in types:
        return False
    return isinstance(value, types)


def check_value(field, value, where: str, name: str = ""):
    """The value as Python, or ArchiveError saying what is wrong with it (`name`: the field as the row names it)."""
    name = name or field.name
    if value is None:
        if field.null:
            return None
        raise ArchiveError(f"{where}: {name} is empty, and it may not be.")
    types, label = expected_kind(field)
    if not has_kind(value, types):
        raise ArchiveError(f"{where}: {name} should be {label}, not {shown(value)}.")
    try:
        python = field.to_python(value)
    except ValidationError:
        raise ArchiveError(f"{where}: {name} {shown(value)} is not {label}.") from None
    if field.choices and not (python == "" and field.blank):
        allowed = [str(choice) for choice, _label in field.flatchoices]
        if str(python) not in allowed:
            raise ArchiveError(f"{where}: {name} {shown(value)} is not one of {', '.join(allowed)}.")
    if field.max_length and isinstance(python, str) and len(python) > field.max_length:
        raise ArchiveError(f"{where}: {name} is longer than {field.max_length} characters.")
    check_stored_value(field, python, where, name)
    return python


def check_stored_value(field, python, where: str, name: str):
    """What the field's type allows but a database or a page does not: NULs, huge numbers, other schemes."""
    low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
    if low is not None and isinstance(python, int) and not low <= python <= high:
        raise ArchiveError(f"{where}: {name} {shown(python)} is out of range ({low} to {high}).")
    if isinstance(python, float) and not math.isfinite(python):
        raise ArchiveError(f"{where}: {name} should be a finite number, not {python}.")
    character = unstorable_character(python)
    if character:
        raise ArchiveError(f"{where}: {name} holds {character}, which no text may.")
    if isinstance(field, models.URLField):
        check_url(python, where, name)


def unstorable_character(value) -> str:
    """How to name the first character no database stores (NUL, a lone UTF-16 surrogate), keys and nesting included."""
    if isinstance(value, str):
        found = UNSTORABLE.search(value)
        if not found:
            return ""
        return "a NUL character" if found.group() == "\x00" else f"an unpaired surrogate (U+{ord(found.group()):04X})"
    if isinstance(value, dict):
        value = [part for pair in value.items() for part in pair]
    if isinstance(value, list):
        return next((found for item in value if (found := unstorable_character(item))), "")
    return ""


def check_url(value, where: str, name: str):
    """Links are rendered into href attributes: only http and https ones, or none, are stored."""
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: {name} should be a web address, not {shown(value)}.")
    if value and not value[:8].lower().startswith(("http://", "https://")):
        raise ArchiveError(f"{where}: {name} {shown(value)} is not an http or https address.")


# JSON fields the pages read, by model and field: the shape each must have.


def check_text_list(value, where: str, name: str):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ArchiveError(f"{where}: {name} should be a list of texts, not {shown(value)}.")


def check_object_list(value, where: str, name: str):
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ArchiveError(f"{where}: {name} should be a list of objects, not {shown(value)}.")


def is_date(value) -> bool:
    try:
        return isinstance(value, str) and parse_date(value) is not None
    except ValueError:
        return False


def check_evidence_list(value, where: str, name: str):
    """A frozen evidence list as the verdict page and the desk's diffs read it (claims/snapshots.py)."""
    check_object_list(value, where, name)
    for number, item in enumerate(value, 1):
        item_where = f"{where}: {name} item {number}"
        for key, text in item.items():
            if key not in EVIDENCE_FIELDS:
                raise ArchiveError(f"{item_where}: {shown(key)} is not an evidence field.")
            if key == "accessed_on":
                if text is not None and not is_date(text):
                    raise ArchiveError(f"{item_where}: accessed_on {shown(text)} is not a date (YYYY-MM-DD).")
            elif not isinstance(text, str):
                raise ArchiveError(f"{item_where}: {key} should be text, not {shown(text)}.")
        for key in ("url", "archived_url"):
            check_url(item.get(key, ""), item_where, key)


def check_review_copy(value, where: str, name: str):
    """What an editor reviewed (claims/snapshots.review_copy): texts, a link and an evidence list."""
    if not isinstance(value, dict):
        raise ArchiveError(f"{where}: {name} should be an object, not {shown(value)}.")
    for key, item in value.items():
        if key == "evidence":
            check_evidence_list(item, where, f"{name} evidence")
        elif not isinstance(item, str):
            raise ArchiveError(f"{where}: {name} {key} should be text, not {shown(item)}.")
    check_url(value.get("appearance_url", ""), where, f"{name} appearance_url")


JSON_SHAPES = {
    (Verdict, "evidence"): check_evidence_list,
    (ReviewEvent, "snapshot"): check_review_copy,
    (Claim, "score_reasons"): check_text_list,
    (Piece, "blocks"): check_object_list,
}


def shape_checks(model) -> dict:
    """The shape check of each of the model's JSON fields the pages read, by field name."""
    # A history model (`instance_type`) keeps the same fields as the model it records.
    recorded = getattr(model, "instance_type", model)
    return {name: check for (owner, name), check in JSON_SHAPES.items() if owner is recorded}


class Checker:
    """What a row may refer to: the ids each section holds, the users' names and the ratings' slugs."""

    def __init__(self, user_model, usernames, rating_slugs):
        self.user_model = user_model
        self.usernames = set(usernames)
        self.rating_slugs = set(rating_slugs)
        self.ids = {}

    def collect_ids(self, section: str, model, rows, *, key=None) -> set:
        """First pass: every row is an object with an id of the right type, and no id appears twice."""
        key = key or model._meta.pk
        seen = set()
        for number, row in enumerate(rows, 1):
            where = f"{section}, row {number}"
            if not isinstance(row, dict):
                raise ArchiveError(f"{where}: not an object but {shown(row)}.")
            if key.name not in row:
                raise ArchiveError(f"{where}: it has no {key.name}.")
            pk = check_value(key, row[key.name], where)
            if pk in seen:
                raise ArchiveError(f"{where}: {key.name} {shown(pk)} appears twice in {section}.")
            seen.add(pk)
        return seen

    def check_rows(self, section: str, model, rows, *, extra=(), required=None):
        """Second pass: every field of every row has a value the database takes, every reference a target."""
        fields = {field.name: field for field in model._meta.concrete_fields}
        if required is None:
            required = [
                name
                for name, field in fields.items()
                if not field.null and not field.has_default() and not getattr(field, "auto_now", False)
            ]
        unique = {name: set() for name, field in fields.items() if field.unique and not field.primary_key}
        shapes = shape_checks(model)
        for number, row in enumerate(rows, 1):
            where = f"{section}, row {number}"
            if not isinstance(row, dict):
                raise ArchiveError(f"{where}: not an object but {shown(row)}.")
            for name, seen in unique.items():
                value = json.dumps(row.get(name))
                if value != "null" and value in seen:
                    raise ArchiveError(f"{where}: {name} {shown(row[name])} appears twice in {section}.")
                seen.add(value)
            for name in required:
                if name not in row:
                    raise ArchiveError(f"{where}: it has no {name}.")
            for name, value in row.items():
                field = fields.get(name)
                if field is None:
                    if name in extra:
                        continue
                    raise ArchiveError(f"{where}: {shown(name)} is not a field of {section}.")
                if field.is_relation:
                    self.check_reference(field, value, where)
                else:
                    check_value(field, value, where)
                    if name in shapes:
                        shapes[name](value, where, name)

    def check_reference(self, field, value, where: str):
        if value is None:
            if not field.null:
                raise ArchiveError(f"{where}: {field.name} is empty, and it may not be.")
            return
        target = field.related_model
        if target is self.user_model:
            if not isinstance(value, str) or value not in self.usernames:
                raise ArchiveError(f"{where}: {field.name} names an unknown user {shown(value)}.")
            return
        if target is Rating:
            if not isinstance(value, str) or value not in self.rating_slugs:
                raise ArchiveError(f"{where}: {field.name} names an unknown rating {shown(value)}.")
            return
        pk = check_value(field.target_field, value, where, field.name)
        # History rows keep pointing at records deleted since (no database constraint): that is history.
        if field.db_constraint and pk not in self.known_ids(target):
            raise ArchiveError(f"{where}: {field.name} {shown(value)} names no {target._meta.verbose_name}.")

    def known_ids(self, model) -> set:
        if model not in self.ids:
            self.ids[model] = set(model.objects.values_list("pk", flat=True))
        return self.ids[model]


def check_names(rows, section: str, key: str, known: set, what: str):
    """A list of names in each row (a user's groups, a group's permissions) must name known things."""
    for number, row in enumerate(rows, 1):
        names = row.get(key, [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ArchiveError(f"{section}, row {number}: {key} should be a list of names, not {shown(names)}.")
        for name in names:
            if name not in known:
                raise ArchiveError(f"{section}, row {number}: {key} names an unknown {what} {shown(name)}.")


def permission_names() -> dict:
    """Every permission by its 'app_label.codename', the name the archive uses."""
    rows = Permission.objects.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in rows}


def check_published_verdicts(claims, verdicts):
    """A claim's published verdict is an approved revision of that claim: readers see it, the feeds date it."""
    for number, row in enumerate(verdicts, 1):
        if row.get("state") == Verdict.State.APPROVED and row.get("approved_at") is None:
            raise ArchiveError(f"verdicts, row {number}: it is approved but has no approved_at.")
    revisions = {row["id"]: row for row in verdicts}
    for number, row in enumerate(claims, 1):
        pk = row.get("published_verdict")
        if pk is None or pk not in revisions:
            continue  # none, or one the database already holds (check_reference found it)
        where = f"claims, row {number}: published_verdict {pk}"
        verdict = revisions[pk]
        if verdict["claim"] != row["id"]:
            raise ArchiveError(f"{where} is a revision of claim {shown(verdict['claim'])}, not of this one.")
        if verdict.get("state") != Verdict.State.APPROVED:
            raise ArchiveError(f"{where} is a {verdict.get('state', 'draft')} revision, not an approved one.")
        if row.get("first_published_at") is None:
            raise ArchiveError(f"claims, row {number}: it has a published verdict but no first_published_at.")


def new_superusers(users, existing_usernames) -> list[tuple[int, str]]:
    """(row number, user name) of every superuser the archive would create; existing accounts are kept as they are."""
    existing = set(existing_usernames)
    return [
        (number, row["username"])
        for number, row in enumerate(users, 1)
        if row.get("is_superuser") and row["username"] not in existing
    ]


def check_archive(
    data: dict, sections, *, user_model, existing_usernames, existing_rating_slugs, allow_superusers=False
) -> dict:
    """Refuse the archive with one line at its first fault; return the permissions by name for the import."""
    existing_usernames = set(existing_usernames)
    checker = Checker(user_model, existing_usernames, existing_rating_slugs)
    permissions = permission_names()

    groups = data.get("groups", [])
    if not isinstance(groups, list):
        raise ArchiveError(f"groups should be a list, not {shown(groups)}.")
    archived_groups = checker.collect_ids("groups", Group, groups, key=Group._meta.get_field("name"))
    checker.check_rows("groups", Group, groups, extra=("permissions",), required=["name"])
    check_names(groups, "groups", "permissions", set(permissions), "permission")

    users = data["users"]
    names = checker.collect_ids("users", user_model, users, key=user_model._meta.get_field("username"))
    checker.check_rows(
        "users", user_model, users, extra=("groups", "permissions"), required=["username", "date_joined"]
    )
    check_names(users, "users", "groups", archived_groups | set(Group.objects.values_list("name", flat=True)), "group")
    check_names(users, "users", "permissions", set(permissions), "permission")
    checker.usernames |= names
    superusers = new_superusers(users, existing_usernames)
    if superusers and not allow_superusers:
        number, username = superusers[0]
        raise ArchiveError(
            f"users, row {number}: {shown(username)} is a superuser; "
            "pass --allow-superusers to create superusers from an archive."
        )

    ratings = data["ratings"]
    checker.rating_slugs |= checker.collect_ids("ratings", Rating, ratings, key=Rating._meta.get_field("slug"))
    checker.check_rows("ratings", Rating, ratings, required=["slug", "label"])

    for name, model in sections:
        checker.ids[model] = checker.collect_ids(name, model, data[name])
    for name, model in sections:
        checker.check_rows(name, model, data[name])
    check_published_verdicts(data["claims"], data["verdicts"])
    return permissions
