"""A readable, complete archive of the desk: export to JSON, import into an empty database.

The archive holds every piece, claim, evidence link, verdict revision, review
event, internal comment and reader message, the rating scale, the people who
appear in them, and the change history the desk's timeline and the four-eyes
rule read. Records keep their ids, so links to /verdicts/... and /desk/claims/N/
survive a restore; people are named by user name, ratings by slug and groups by
name, so the file reads without a database at hand and imports into a database
whose accounts were numbered differently.
"""

import json
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from claims import generations
from claims.models import Claim, Comment, Evidence, Piece, Rating, ReaderMessage, ReviewEvent, Verdict

FORMAT = "factcheck-archive"
VERSION = 1
BATCH = 2000

# Sections in the order an import needs them: everything a row points to comes before it.
SECTIONS = [
    ("pieces", Piece),
    ("claims", Claim),
    ("verdicts", Verdict),
    ("evidence", Evidence),
    ("review_events", ReviewEvent),
    ("comments", Comment),
    ("reader_messages", ReaderMessage),
    ("claim_history", Claim.history.model),
    ("verdict_history", Verdict.history.model),
    ("evidence_history", Evidence.history.model),
]
USER_FIELDS = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")
RATING_FIELDS = ("slug", "label", "value", "description", "colour", "order")


class ArchiveError(Exception):
    """The archive cannot be written or read; the message says why in one line."""


def desk_rows() -> dict:
    """How many rows of desk data the database holds, by section (empty means safe to import into)."""
    return {name: model.objects.count() for name, model in SECTIONS if model.objects.exists()}


# Export


def _points_to(field, model) -> bool:
    return field.is_relation and field.related_model is model


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _row(obj, fields, usernames, rating_slugs) -> dict:
    row = {}
    for field in fields:
        value = getattr(obj, field.attname)
        if _points_to(field, get_user_model()):
            value = usernames.get(value)
        elif _points_to(field, Rating):
            value = rating_slugs.get(value)
        row[field.name] = _encode(value)
    return row


def _user_row(user, with_passwords: bool) -> dict:
    row = {name: getattr(user, name) for name in USER_FIELDS}
    row["date_joined"] = user.date_joined.isoformat()
    row["groups"] = sorted(group.name for group in user.groups.all())
    if with_passwords:
        row["password"] = user.password
    return row


def _write_list(out: IO, name: str, rows, *, last=False):
    out.write(f' "{name}": [')
    first = True
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(row, sort_keys=True, ensure_ascii=False))
        first = False
    out.write("\n ]" if not first else "]")
    out.write("\n" if last else ",\n")


def export_archive(out: IO, *, with_passwords: bool = False) -> dict:
    """Write the whole desk to `out` as JSON, one record a line; returns the count of each section.

    Rows stream from the database in batches, so a large desk does not have to fit in memory.
    """
    User = get_user_model()
    counts = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One consistent snapshot while the desk keeps working.
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        usernames = dict(User.objects.values_list("pk", "username"))
        rating_slugs = dict(Rating.objects.values_list("pk", "slug"))
        out.write("{\n")
        out.write(f' "format": "{FORMAT}",\n "version": {VERSION},\n')
        out.write(f' "exported_at": "{timezone.now().isoformat()}",\n')
        users = User.objects.order_by("username").prefetch_related("groups")
        _write_list(out, "users", (_user_row(u, with_passwords) for u in users))
        counts["users"] = len(usernames)
        ratings = Rating.objects.order_by("order", "slug")
        _write_list(out, "ratings", ({name: getattr(r, name) for name in RATING_FIELDS} for r in ratings))
        counts["ratings"] = len(rating_slugs)
        for index, (name, model) in enumerate(SECTIONS):
            fields = model._meta.concrete_fields
            key = model._meta.pk.name
            rows = (_row(obj, fields, usernames, rating_slugs) for obj in model.objects.order_by(key).iterator(BATCH))
            counter = _Counter(rows)
            _write_list(out, name, counter, last=index == len(SECTIONS) - 1)
            counts[name] = counter.count
        out.write("}\n")
    return counts


class _Counter:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


# Import


def read_archive(source: IO) -> dict:
    try:
        data = json.load(source)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArchiveError(f"This file is not a desk archive: it is not valid JSON ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError('This file is not a desk archive: it has no "format": "factcheck-archive" header.')
    if data.get("version") != VERSION:
        raise ArchiveError(f"This archive is version {data.get('version')}; this desk reads version {VERSION}.")
    missing = [name for name in ("users", "ratings", *dict(SECTIONS)) if not isinstance(data.get(name), list)]
    if missing:
        raise ArchiveError(f"This archive is incomplete: it has no {', '.join(missing)}.")
    return data


def _decode(field, value, user_ids, rating_ids):
    if value is None:
        return None
    if _points_to(field, get_user_model()):
        return user_ids[value]
    if _points_to(field, Rating):
        return rating_ids[value]
    if isinstance(field, models.DateTimeField):
        return parse_datetime(value)
    if isinstance(field, models.DateField):
        return parse_date(value)
    return value


@contextmanager
def _keeping_timestamps(models_list):
    """Store `auto_now` fields as archived instead of stamping them with the time of the import."""
    fields = [f for m in models_list for f in m._meta.concrete_fields if getattr(f, "auto_now", False)]
    for field in fields:
        field.auto_now = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now = True


def _restore_users(rows) -> dict:
    User = get_user_model()
    existing = {u.username: u for u in User.objects.all()}
    groups = {}
    for row in rows:
        user = existing.get(row["username"])
        if user is None:
            user = User(**{name: row[name] for name in USER_FIELDS}, date_joined=parse_datetime(row["date_joined"]))
            if row.get("password"):
                user.password = row["password"]
            else:
                user.set_unusable_password()
            user.save()
            existing[user.username] = user
        for name in row.get("groups", []):
            if name not in groups:
                groups[name], _ = Group.objects.get_or_create(name=name)
            user.groups.add(groups[name])
    return {name: user.pk for name, user in existing.items()}


def _restore_ratings(rows) -> dict:
    for row in rows:
        Rating.objects.update_or_create(slug=row["slug"], defaults={k: row[k] for k in RATING_FIELDS if k != "slug"})
    return dict(Rating.objects.values_list("slug", "pk"))


def import_archive(source: IO) -> dict:
    """Restore an archive into a database with no desk data, in one transaction; returns the counts.

    Accounts that already exist (e.g. the administrator who runs the import) are kept and linked by
    user name; the rating scale is updated to the archived one.
    """
    data = read_archive(source)
    with transaction.atomic():
        present = desk_rows()
        if present:
            found = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in present.items())
            raise ArchiveError(f"The database already holds desk data ({found}); import into an empty database.")
        user_ids = _restore_users(data["users"])
        rating_ids = _restore_ratings(data["ratings"])
        counts = {"users": len(data["users"]), "ratings": len(data["ratings"])}
        with _keeping_timestamps([model for _name, model in SECTIONS]):
            for name, model in SECTIONS:
                counts[name] = _insert(model, data[name], user_ids, rating_ids)
            _link_published_verdicts(data["claims"])
        _reset_sequences()
        generations.invalidate_site()  # pages cached before the import showed an empty desk
    return counts


def _insert(model, rows, user_ids, rating_ids) -> int:
    fields = {f.name: f for f in model._meta.concrete_fields}
    batch = []
    try:
        for row in rows:
            values = {fields[k].attname: _decode(fields[k], v, user_ids, rating_ids) for k, v in row.items()}
            if model is Claim:
                values["published_verdict_id"] = None  # its verdict is not imported yet; linked afterwards
            batch.append(model(**values))
            if len(batch) >= BATCH:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
    except KeyError as error:
        raise ArchiveError(f"The archive's {model._meta.verbose_name_plural} name an unknown {error}.") from None
    return len(rows)


def _link_published_verdicts(claim_rows):
    links = [Claim(pk=row["id"], published_verdict_id=row["published_verdict"]) for row in claim_rows]
    Claim.objects.bulk_update([c for c in links if c.published_verdict_id], ["published_verdict"], batch_size=BATCH)


def _reset_sequences():
    """Make the next new row's id follow the imported ones (PostgreSQL keeps a counter per table)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model for _name, model in SECTIONS])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
