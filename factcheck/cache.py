"""Django's Redis cache backend, made to degrade instead of fail when Redis does.

Everything that uses the shared cache (the public page cache, cached sessions,
the readers' rate limit, django-axes) goes through this backend. A cache is an
optimisation, never a dependency, so:

- each call gives up after a short socket timeout (OPTIONS `socket_timeout`
  and `socket_connect_timeout`, REDIS_TIMEOUT) and answers as a miss would:
  `get` returns the default, `add` and `delete` False, `incr` raises
  ValueError as for a missing key, writes are dropped;
- after `failures_before_pause` failures in a row the process stops asking
  Redis for `pause_seconds` (REDIS_PAUSE_SECONDS), then lets one call try
  again; one warning is logged when Redis is given up on, one when it answers
  again;
- keys this process failed to write or delete meanwhile are deleted when Redis
  answers again, so a copy that outlived its database row (a session ended by
  logging out during the outage) is not read back.

It also keeps one client per connection pool: Django's backend builds a new
`redis.Redis` object for every call, and building one sets up some 170
response callbacks, about a tenth of a millisecond, several times per page.
A client is thread-safe and borrows connections from the pool.
"""

import logging
import threading
import time
import urllib.parse

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("claims.cache")

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
MAX_REMEMBERED_KEYS = 10_000  # bounds memory in a long outage; past it, a warning says what may be stale
DELETE_BATCH = 500


def public_address(url: str) -> str:
    """host:port/db of a Redis URL, never its password (it goes into logs)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.hostname or parts.path}:{parts.port or 6379}{parts.path if parts.hostname else ''}"


class Breaker:
    """Whether this process should ask Redis now; shared by every thread (Django's cache objects are per thread)."""

    def __init__(self, address, *, failures_before_pause, pause_seconds):
        self.address = address
        self.failures_before_pause = failures_before_pause
        self.pause_seconds = pause_seconds
        self.lock = threading.Lock()
        self.failures = 0
        self.is_open = False
        self.retry_at = 0.0
        self.opened_at = 0.0
        self.unwritten = set()
        self.overflowed = False

    def allow(self) -> bool:
        if not self.is_open:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.pause_seconds  # this call is the one retry; the others keep skipping
            return True

    def succeeded(self):
        """Returns the keys to delete now that Redis answers again (none unless it had been given up on)."""
        if not self.failures and not self.is_open:
            return ()
        with self.lock:
            was_open, self.is_open, self.failures = self.is_open, False, 0
            unwritten, self.unwritten, self.overflowed = self.unwritten, set(), False
        if was_open:
            log.warning(
                "cache available again: pages, sessions and rate limits use Redis again",
                extra={"cache": self.address, "outage_seconds": round(time.monotonic() - self.opened_at, 1)},
            )
        return unwritten

    def failed(self, error):
        with self.lock:
            self.failures += 1
            if self.is_open or self.failures < self.failures_before_pause:
                return
            self.is_open = True
            self.opened_at = time.monotonic()
            self.retry_at = self.opened_at + self.pause_seconds
        log.warning(
            "cache unavailable: pages are rendered from the database, sessions read from the database, "
            "the readers' rate limit counts in each process",
            extra={"cache": self.address, "error": str(error)[:200], "retry_seconds": self.pause_seconds},
        )

    def remember(self, keys):
        with self.lock:
            if len(self.unwritten) + len(keys) <= MAX_REMEMBERED_KEYS:
                self.unwritten.update(keys)
                return
            first_overflow, self.overflowed = not self.overflowed, True
        if first_overflow:
            log.warning(
                "cache outage too long to track every unwritten key: a session ended meanwhile may be read "
                "back from Redis until it expires",
                extra={"cache": self.address, "remembered": MAX_REMEMBERED_KEYS},
            )


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(servers, **options) -> Breaker:
    key = tuple(servers)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = Breaker(", ".join(map(public_address, servers)), **options)
        return _breakers[key]


def reset_breakers():
    """Forget every breaker's state (tests start each case with Redis presumed up)."""
    with _breakers_lock:
        _breakers.clear()


class MissingKey(ValueError):
    pass


# What each call answers when Redis does not: the answer for a missing key. Writes name the keys they change.
MISSES = {
    "get": lambda key, default: default,
    "get_many": lambda keys: {},
    "has_key": lambda key: False,
    "add": lambda key, value, timeout: False,
    "set": lambda key, value, timeout: None,
    "touch": lambda key, timeout: False,
    "delete": lambda key: False,
    "delete_many": lambda keys: None,
    "set_many": lambda data, timeout: None,
    "clear": lambda: False,
}
READS = {"get", "get_many", "has_key"}
WRITES = {"add", "set", "touch", "delete", "incr"}
MANY_WRITES = {"delete_many", "set_many"}


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, failures_before_pause=3, pause_seconds=10.0, **options):
        super().__init__(servers, **options)
        self.breaker = breaker_for(
            self._servers, failures_before_pause=failures_before_pause, pause_seconds=pause_seconds
        )
        self.failed_last_call = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def call(self, name, *args):
        method = getattr(super(), name)
        if self.breaker.allow():
            try:
                result = method(*args)
            except UNAVAILABLE as error:
                self.breaker.failed(error)
            except RedisError as error:  # a refused command (wrong type, out of memory): a miss, not an outage
                log.error("cache call refused", extra={"call": name, "error": str(error)[:200]})
            else:
                self.failed_last_call.value = False
                if unwritten := self.breaker.succeeded():
                    self.forget(unwritten)
                    if name in READS:  # what was just read may be one of the copies now forgotten: a miss
                        return MISSES[name](*args)
                return result
        self.failed_last_call.value = True
        if name in WRITES:
            self.breaker.remember([args[0]])
        elif name in MANY_WRITES:
            self.breaker.remember(list(args[0]))
        if name == "incr":
            raise MissingKey(f"Key '{args[0]}' not counted: the cache is unavailable.")
        return MISSES[name](*args)

    def forget(self, keys):
        keys = list(keys)
        try:
            for start in range(0, len(keys), DELETE_BATCH):
                super().delete_many(keys[start : start + DELETE_BATCH])
        except (*UNAVAILABLE, RedisError) as error:
            self.breaker.failed(error)
            self.breaker.remember(keys)

    def ping(self) -> bool:
        """True when Redis answers now (a health check; it counts like any other call)."""
        if not self.breaker.allow():
            return False
        try:
            self.get_client(None).ping()
        except (*UNAVAILABLE, RedisError) as error:
            self.breaker.failed(error)
            return False
        if unwritten := self.breaker.succeeded():
            self.forget(unwritten)
        return True

    def add(self, key, value, timeout):
        return self.call("add", key, value, timeout)

    def get(self, key, default):
        return self.call("get", key, default)

    def set(self, key, value, timeout):
        return self.call("set", key, value, timeout)

    def touch(self, key, timeout):
        return self.call("touch", key, timeout)

    def delete(self, key):
        return self.call("delete", key)

    def get_many(self, keys):
        return self.call("get_many", keys)

    def has_key(self, key):
        return self.call("has_key", key)

    def incr(self, key, delta):
        return self.call("incr", key, delta)

    def set_many(self, data, timeout):
        return self.call("set_many", data, timeout)

    def delete_many(self, keys):
        return self.call("delete_many", keys)

    def clear(self):
        return self.call("clear")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        return self._cache.ping()

    def failed_last_call(self) -> bool:
        """Whether this thread's last call found Redis unavailable (its answer was a stand-in)."""
        return getattr(self._cache.failed_last_call, "value", False)


def cache_answers(cache) -> bool:
    """True unless `cache` is the Redis cache and Redis does not answer now (other backends live in memory)."""
    return cache.ping() if isinstance(cache, ResilientRedisCache) else True


def cache_failed_last_call(cache) -> bool:
    return isinstance(cache, ResilientRedisCache) and cache.failed_last_call()
