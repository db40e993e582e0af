"""A per-address rate limit for the readers' forms, counted in Django's cache.

The cache is shared by every app server when Redis is configured; with the
local-memory cache each process counts for itself, which is good enough to
slow a bot down.
"""

import hashlib

from django.core.cache import cache

from factcheck.middleware import client_ip

READER_MESSAGES_PER_HOUR = 5


def client_address(request) -> str:
    # The proxy-aware address (DJANGO_PROXY_COUNT), never a raw X-Forwarded-For a bot can write itself.
    return client_ip(request) or "unknown"


def hit(scope: str, address: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the address stays within `limit` attempts per `window` seconds."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return True
    return count <= limit


def allow_reader_message(request) -> bool:
    return hit("reader-message", client_address(request), limit=READER_MESSAGES_PER_HOUR, window=3600)
