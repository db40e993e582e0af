"""Cache keys of the public pages, and their invalidation when what the public sees changes.

Each claim and piece has a generation number in the cache; public pages put
it in their cache keys, so bumping it makes every cached copy stale at once,
on every app server sharing the cache. A site-wide generation covers the
lists and feeds that show many claims.
"""

from django.core.cache import cache
from django.db import transaction


def _generation(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def claim_key(claim_id):
    return f"public:claim:{claim_id}:{_generation(f'gen:claim:{claim_id}')}:{site_generation()}"


def piece_key(piece_id):
    return f"public:piece:{piece_id}:{_generation(f'gen:piece:{piece_id}')}:{site_generation()}"


def site_generation():
    return _generation("gen:site")


def invalidate(claim):
    _bump(f"gen:claim:{claim.pk}")
    if claim.piece_id:
        _bump(f"gen:piece:{claim.piece_id}")
    _bump("gen:site")


def on_commit_invalidate(claim):
    transaction.on_commit(lambda: invalidate(claim))
