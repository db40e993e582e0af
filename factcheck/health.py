"""/healthz: what a load balancer asks before sending a server traffic.

It answers 200 only when the database answers, and is never cached, so a
server that lost its database is taken out of rotation at once.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("claims.health")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        log.error("health check failed", extra={"check": "database", "error": str(error)[:200]})
        return False


@never_cache
@require_safe
def healthz(request):
    if not database_answers():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
