"""/healthz: what a load balancer asks before sending a server traffic.

- 200 `ok`: the database and the cache answer;
- 200 `degraded: cache`: Redis does not answer; pages are rendered from the
  database meanwhile, so the server still takes traffic;
- 200 `degraded: jobs`: a background job has waited longer than
  FACTCHECK_JOBS_MAX_WAIT_SECONDS to start (no worker runs, or too few);
- 503 `database unavailable`: the database did not answer within
  DATABASE_SECONDS; nothing can be served, take the server out.

It answers within 2 s whatever hangs: the database is asked from one thread
kept for the purpose, and a question still pending is waited on again, never
asked twice, so a database that never answers holds one thread, not one per
probe. It is never cached.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from factcheck.cache import cache_answers

log = logging.getLogger("claims.health")

DATABASE_SECONDS = 1.0  # a healthy database answers in milliseconds; the rest of 2 s is for the request itself

_asker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz-database")
_pending = None
_pending_lock = threading.Lock()


def ask_database() -> bool:
    connection = connections["default"]
    # As at the start and end of a request: reconnect if the last question failed or the connection is old.
    connection.close_if_unusable_or_obsolete()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # noqa: BLE001 - any failure to answer is the answer
        log.error("health check failed", extra={"check": "database", "error": str(error)[:200]})
        return False
    finally:
        connection.close_if_unusable_or_obsolete()


def jobs_wait_too_long() -> bool:
    from claims import jobs  # the job layer needs the apps loaded

    try:
        waited = jobs.oldest_wait()
    except Exception as error:  # noqa: BLE001 - a failed look at the queue is not a failed server
        log.error("health check failed", extra={"check": "jobs", "error": str(error)[:200]})
        return False
    return waited is not None and waited.total_seconds() > settings.FACTCHECK_JOBS_MAX_WAIT_SECONDS


def ask_database_once():
    """The pending question to the database, or a new one."""
    global _pending
    with _pending_lock:
        if _pending is None or _pending.done():
            _pending = _asker.submit(ask_database)
        return _pending


def answered(question, deadline: float) -> bool:
    try:
        return question.result(timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        log.error("health check failed", extra={"check": "database", "error": "no answer in time"})
        return False


@never_cache
@require_safe
def healthz(request):
    deadline = time.monotonic() + DATABASE_SECONDS
    question = ask_database_once()
    cache_ok = cache_answers(caches["default"])  # at most two socket timeouts, while the database thinks
    if not answered(question, deadline):
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not cache_ok:
        return HttpResponse("degraded: cache\n", content_type="text/plain")
    if jobs_wait_too_long():
        return HttpResponse("degraded: jobs\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
