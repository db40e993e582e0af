"""Generation numbers: how many times what the public sees of a claim, a piece or the site has changed.

The numbers live in the database (`Generation`) and are bumped in the same
transaction as the change they announce, so no publication, correction or
withdrawal can commit without making every copy rendered before it stale.
The public room (claims/public/cache.py) keeps its copies under them; the
core only counts changes and never knows about pages.

One mechanism counts every change: the receivers at the bottom run on each
save and delete of what a public page shows (claims, verdicts, evidence,
pieces, ratings), inside the saving transaction, whichever path saved it:
the workflow, the desk, the admin, a command. Only bulk writes that skip
signals (the archive import) call `invalidate_site` themselves.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from claims.models import Claim, Evidence, Generation, Piece, Rating, Verdict

SITE = "site"
TABLE = Generation._meta.db_table
BUMP_SQL = (
    f"INSERT INTO {TABLE} (name, value) VALUES (%s, 1) ON CONFLICT (name) DO UPDATE SET value = {TABLE}.value + 1"
)


def claim_generation(claim_id):
    return f"claim:{claim_id}"


def piece_generation(piece_id):
    return f"piece:{piece_id}"


def generations(names):
    """The current number under each name (0 for what has never changed), in one query."""
    names = tuple(names)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, value FROM {TABLE} WHERE name IN ({placeholders})", names)
        found = dict(cursor.fetchall())
    return tuple(found.get(name, 0) for name in names)


def bump(name):
    """Count one more change under `name`; call it inside the transaction that makes the change."""
    with connection.cursor() as cursor:
        cursor.execute(BUMP_SQL, [name])


def invalidate(claim):
    # Always in this order (claim, piece, site), so concurrent changes take the rows' locks in one order.
    bump(claim_generation(claim.pk))
    if claim.piece_id:
        bump(piece_generation(claim.piece_id))
    bump(SITE)


def invalidate_site():
    """Every list, feed and page shows the site generation: bump it when the scale itself changes."""
    bump(SITE)


# Claim fields no public page shows: saving only these leaves every cached page as it is.
INTERNAL_CLAIM_FIELDS = frozenset(
    {"assignee", "priority", "due_on", "submitted_at", "version", "updated_at", "score", "score_reasons"}
)


def _claim_changed(sender, instance, update_fields=None, **kwargs):
    # Never-published claims are on no public page; a desk-only field changes nothing readers see.
    if instance.published_verdict_id is None:
        return
    if update_fields and set(update_fields) <= INTERNAL_CLAIM_FIELDS:
        return
    invalidate(instance)


def _claim_row(claim_id):
    return Claim.objects.filter(pk=claim_id).only("pk", "piece_id", "published_verdict_id").first()


def _verdict_changed(sender, instance, **kwargs):
    # Drafts and submitted revisions are private; only an approved one is (or was) public.
    if instance.state == Verdict.State.APPROVED and (claim := _claim_row(instance.claim_id)) is not None:
        invalidate(claim)


def _evidence_changed(sender, instance, **kwargs):
    claim = _claim_row(instance.claim_id)
    if claim is not None and claim.published_verdict_id is not None:
        invalidate(claim)


def _piece_changed(sender, instance, created=False, **kwargs):
    # Its verdict pages show the piece too: the site generation covers them and every list.
    if not created and instance.claims.filter(published_verdict__isnull=False).exists():
        bump(piece_generation(instance.pk))
        bump(SITE)


def _rating_changed(sender, instance, **kwargs):
    invalidate_site()


RECEIVERS = (
    (Claim, _claim_changed),
    (Verdict, _verdict_changed),
    (Evidence, _evidence_changed),
    (Piece, _piece_changed),
    (Rating, _rating_changed),
)


def connect():
    """Called once from ClaimsConfig.ready()."""
    for model, receiver in RECEIVERS:
        uid = f"claims.generations.{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete")
