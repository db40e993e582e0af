"""A per-address rate limit, counted in Django's cache (readers' forms, password reset).

The cache is shared by every app server when Redis is configured; with the
local-memory cache each process counts for itself, which is good enough to
slow a bot down. When Redis does not answer, the count falls back to this
process's memory: an address gets at most `limit` attempts per process while
Redis is down (fail safe, never closed).
"""

import hashlib

from django.core.cache import caches

from factcheck.cache import cache_failed_last_call
from factcheck.middleware import client_ip


def client_address(request) -> str:
    # The proxy-aware address (DJANGO_PROXY_COUNT), never a raw X-Forwarded-For a bot can write itself.
    return client_ip(request) or "unknown"


def hit(scope: str, address: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the address stays within `limit` attempts per `window` seconds."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    shared = caches["default"]
    count = count_in(shared, key, window)
    if cache_failed_last_call(shared):  # Redis did not answer: this process counts for itself
        count = count_in(caches["local"], key, window)
    return count <= limit


def count_in(store, key, window) -> int:
    if store.add(key, 1, timeout=window):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr (or the cache did not answer)
        store.set(key, 1, timeout=window)
        return 1
