"""A readable, complete archive of the desk: export to JSON, import into an empty database.

The archive holds every piece, claim (and its verdict page's old addresses),
evidence link, verdict revision, review event, internal comment and reader
message, the rating scale, the people who appear in them with their groups and
permissions, the change history the desk's timeline reads, and who changed
what readers see of each revision (the four-eyes rule reads it). Records keep
their ids, so links to /verdicts/... and /desk/claims/N/ survive a restore;
people are named by user name, ratings by slug and groups by name, so the file
reads without a database at hand and imports into a database whose accounts
were numbered differently.
"""

import json
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims import generations
from claims.archive_checks import ArchiveError, check_archive, new_superusers
from claims.models import (
    Claim,
    ClaimSlugRedirect,
    Comment,
    Evidence,
    Piece,
    ProjectionChange,
    Rating,
    ReaderMessage,
    ReviewEvent,
    Verdict,
)

FORMAT = "factcheck-archive"
VERSION = 1
BATCH = 2000
# Sections added after the first archives were written: an archive without them has none of those rows.
LATER_SECTIONS = {"claim_slug_redirects", "piece_history", "projection_changes"}

# Sections in the order an import needs them: everything a row points to comes before it.
SECTIONS = [
    ("pieces", Piece),
    ("claims", Claim),
    ("claim_slug_redirects", ClaimSlugRedirect),
    ("verdicts", Verdict),
    ("evidence", Evidence),
    ("review_events", ReviewEvent),
    ("projection_changes", ProjectionChange),
    ("comments", Comment),
    ("reader_messages", ReaderMessage),
    ("piece_history", Piece.history.model),
    ("claim_history", Claim.history.model),
    ("verdict_history", Verdict.history.model),
    ("evidence_history", Evidence.history.model),
]
USER_FIELDS = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")
RATING_FIELDS = ("slug", "label", "value", "description", "colour", "order")


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
    row["last_login"] = _encode(user.last_login)
    row["groups"] = sorted(group.name for group in user.groups.all())
    row["permissions"] = _permission_names(user.user_permissions.all())
    if with_passwords:
        row["password"] = user.password
    return row


def _permission_names(permissions) -> list:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


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
        groups = Group.objects.order_by("name").prefetch_related("permissions__content_type")
        rows = ({"name": g.name, "permissions": _permission_names(g.permissions.all())} for g in groups)
        _write_list(out, "groups", rows)
        users = User.objects.order_by("username").prefetch_related("groups", "user_permissions__content_type")
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
    for name in LATER_SECTIONS:
        data.setdefault(name, [])
    missing = [name for name in ("users", "ratings", *dict(SECTIONS)) if not isinstance(data.get(name), list)]
    if missing:
        raise ArchiveError(f"This archive is incomplete: it has no {', '.join(missing)}.")
    return data


def _decode(field, value, user_ids, rating_ids):
    """A checked archive value as the database stores it (claims/archive_checks.py checked it first)."""
    if value is None:
        return None
    if _points_to(field, get_user_model()):
        return user_ids[value]
    if _points_to(field, Rating):
        return rating_ids[value]
    if field.is_relation:
        return value
    return field.to_python(value)


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


def _restore_groups(rows, permissions) -> dict:
    """Archived groups that the database lacks, with their permissions; the roles it has are kept as they are."""
    groups = {group.name: group for group in Group.objects.all()}
    for row in rows:
        if row["name"] not in groups:
            group = groups[row["name"]] = Group.objects.create(name=row["name"])
            group.permissions.add(*(permissions[name] for name in row.get("permissions", [])))
    return groups


def _restore_users(rows, groups, permissions) -> dict:
    User = get_user_model()
    existing = {u.username: u for u in User.objects.all()}
    for row in rows:
        user = existing.get(row["username"])
        if user is None:
            user = User(
                **{name: row[name] for name in USER_FIELDS if name in row},
                date_joined=parse_datetime(row["date_joined"]),
                last_login=parse_datetime(row["last_login"]) if row.get("last_login") else None,
            )
            if row.get("password"):
                user.password = row["password"]
            else:
                user.set_unusable_password()
            user.save()
            existing[user.username] = user
        user.groups.add(*(groups[name] for name in row.get("groups", [])))
        user.user_permissions.add(*(permissions[name] for name in row.get("permissions", [])))
    return {name: user.pk for name, user in existing.items()}


def _restore_ratings(rows) -> dict:
    for number, row in enumerate(rows, 1):
        try:
            with transaction.atomic():
                defaults = {k: row[k] for k in RATING_FIELDS if k != "slug" and k in row}
                Rating.objects.update_or_create(slug=row["slug"], defaults=defaults)
        except IntegrityError as error:
            raise ArchiveError(f"ratings, row {number}: the database refused it ({_first_line(error)}).") from None
    return dict(Rating.objects.values_list("slug", "pk"))


class Imported(NamedTuple):
    counts: dict  # rows restored, by section
    superusers: list  # the user names of the superusers the import created


def import_archive(source: IO, *, allow_superusers: bool = False) -> Imported:
    """Restore an archive into a database with no desk data, in one transaction.

    Accounts that already exist (e.g. the administrator who runs the import) are kept and linked by
    user name; the rating scale is updated to the archived one. An archive that would create a
    superuser is refused unless `allow_superusers`.
    """
    data = read_archive(source)
    User = get_user_model()
    with transaction.atomic():
        present = desk_rows()
        if present:
            found = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in present.items())
            raise ArchiveError(f"The database already holds desk data ({found}); import into an empty database.")
        existing_usernames = set(User.objects.values_list("username", flat=True))
        permissions = check_archive(
            data,
            SECTIONS,
            user_model=User,
            existing_usernames=existing_usernames,
            existing_rating_slugs=Rating.objects.values_list("slug", flat=True),
            allow_superusers=allow_superusers,
        )
        superusers = [username for _number, username in new_superusers(data["users"], existing_usernames)]
        groups = _restore_groups(data.get("groups", []), permissions)
        user_ids = _restore_users(data["users"], groups, permissions)
        rating_ids = _restore_ratings(data["ratings"])
        counts = {"users": len(data["users"]), "ratings": len(data["ratings"])}
        with _keeping_timestamps([model for _name, model in SECTIONS]):
            for name, model in SECTIONS:
                counts[name] = _insert(name, model, data[name], user_ids, rating_ids)
            _link_published_verdicts(data["claims"])
            if not data["projection_changes"]:
                _writers_from_history()
        _reset_sequences()
        # bulk_create skips the save receivers (claims/generations.py): pages cached before showed an empty desk
        generations.invalidate_site()
    return Imported(counts, superusers)


def _insert(name, model, rows, user_ids, rating_ids) -> int:
    fields = {f.name: f for f in model._meta.concrete_fields}
    batch = []
    for number, row in enumerate(rows, 1):
        values = {fields[k].attname: _decode(fields[k], v, user_ids, rating_ids) for k, v in row.items()}
        if model is Claim:
            values["published_verdict_id"] = None  # its verdict is not imported yet; linked afterwards
        batch.append(model(**values))
        if len(batch) >= BATCH or number == len(rows):
            _create(name, model, batch, first=number - len(batch) + 1)
            batch = []
    return len(rows)


def _create(name, model, batch, *, first):
    """Store one batch; a rule only the database knows (a check or a unique pair) is still one line."""
    try:
        with transaction.atomic():
            model.objects.bulk_create(batch)
    except IntegrityError as error:
        last = first + len(batch) - 1
        raise ArchiveError(f"{name}, rows {first}-{last}: the database refused them ({_first_line(error)}).") from None


def _first_line(error) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _link_published_verdicts(claim_rows):
    links = [Claim(pk=row["id"], published_verdict_id=row.get("published_verdict")) for row in claim_rows]
    Claim.objects.bulk_update([c for c in links if c.published_verdict_id], ["published_verdict"], batch_size=BATCH)


def _writers_from_history():
    """An archive written before `ProjectionChange` names who changed an open revision only in its history rows.

    Those people become its writers, so the four-eyes rule holds for them after the restore as it did before.
    """
    rows = []
    for draft in Verdict.objects.filter(state__in=[Verdict.State.DRAFT, Verdict.State.SUBMITTED]):
        approved = draft.claim.events.filter(step="approve").order_by("-id").first()
        since = {"history_date__gt": approved.created_at} if approved else {}
        users = {draft.author_id}
        users |= set(Verdict.history.filter(id=draft.pk).values_list("history_user_id", flat=True))
        users |= set(Claim.history.filter(id=draft.claim_id, **since).values_list("history_user_id", flat=True))
        users |= set(
            Evidence.history.filter(claim_id=draft.claim_id, **since).values_list("history_user_id", flat=True)
        )
        rows += [
            ProjectionChange(claim_id=draft.claim_id, revision=draft.number, user_id=user, what="from the history")
            for user in users - {None}
        ]
    ProjectionChange.objects.bulk_create(rows)


def _reset_sequences():
    """Make the next new row's id follow the imported ones (PostgreSQL keeps a counter per table)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [model for _name, model in SECTIONS])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
