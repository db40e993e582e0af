"""Django's Redis cache backend, keeping one client per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call, and
building one sets up some 170 response callbacks: about a tenth of a
millisecond of Python, several times per cached page. A client is
thread-safe and holds no connection of its own (it borrows from the pool), so
one per pool serves every thread of a worker.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
