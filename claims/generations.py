"""Generation numbers: how many times what the public sees of a claim, a piece or the site has changed.

The numbers live in the database (`Generation`) and are bumped in the same
transaction as the change they announce, so no publication, correction or
withdrawal can commit without making every copy rendered before it stale.
The public room (claims/public/cache.py) keeps its copies under them; the
core only counts changes and never knows about pages.
"""

from django.db import connection

from claims.models import Generation

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
