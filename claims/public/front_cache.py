"""Anonymous verdict pages served from cached copies before Django handles the request.

A verdict page is the page readers, search engines and partners fetch most,
and for anyone not logged in it is the same bytes. `CachedVerdictPages` wraps
the WSGI application: for a plain anonymous GET of /verdicts/<slug>/ it reads,
in one indexed query, the claim's status and the generations of what the page
shows. A verdict that is not public is never served from a copy; Django
decides its 404 or 410. Otherwise the copy kept at those generations is
served (claims/public/cache.py: this process's memory, then the shared
cache). On a miss Django answers as usual, and the complete response it
produced, with every header the middleware added, is kept for the next
reader (a HEAD request gets the copy's headers). Anything else (a session or
messages cookie, a host Django would refuse, plain http where https is
required, any other method or page) goes straight to Django. When the lookup
could not connect to the database, Django is told so and answers 500 at once
(factcheck.middleware.DatabaseUnreachableMiddleware): one connect timeout per
request, not two.
"""

import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection

from claims.public import cache as public_cache
from factcheck.middleware import DATABASE_UNREACHABLE

VERDICT_PATH = re.compile(r"/verdicts/(?P<slug>[-a-zA-Z0-9_]+)/")


def read_all(response) -> bytes:
    """A WSGI response's body, closed afterwards as PEP 3333 asks (Django's closes its database work there)."""
    try:
        return b"".join(response)
    finally:
        if hasattr(response, "close"):
            response.close()


def verdict_key(pk):
    return public_cache.page_key("verdict-response", pk)  # (status, headers, body)


def anonymous_verdict_slug(environ):
    """The slug if Django would answer this request with the shared page for anonymous readers, else None."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    cookies = environ.get("HTTP_COOKIE", "")
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None  # perhaps logged in, or with a message to show: Django renders the page for this reader
    match = VERDICT_PATH.fullmatch(environ.get("PATH_INFO", ""))
    if match is None:
        return None
    request = WSGIRequest(environ)
    try:
        request.get_host()
    except DisallowedHost:
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    return match["slug"]


class CachedVerdictPages:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        slug = anonymous_verdict_slug(environ)
        if slug is None:
            return self.application(environ, start_response)
        request_started.send(sender=self.__class__, environ=environ)
        # The lookup below is this request's only query and checks the connection as well as Django's
        # health check would (its SELECT 1 would double a hit's round trips): if it fails, Django answers
        # instead, and its own request start drops the broken connection.
        connection.health_check_done = True
        try:
            pk, now = public_cache.verdict_state(slug)
            stored = public_cache.lookup(verdict_key(pk), now) if pk else None
        except Exception as error:  # noqa: BLE001 - Django answers instead, and reports the error as it reports any other
            pk = stored = None
            if isinstance(error, OperationalError) and connection.connection is None:
                # Connecting failed, not a kept connection: Django answers without waiting out another connect timeout.
                environ[DATABASE_UNREACHABLE] = error
        finally:
            request_finished.send(sender=self.__class__)
        if stored is not None:
            status, headers, body = stored
            start_response(status, [*headers, ("X-Public-Cache", "hit")])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        if pk is None or environ["REQUEST_METHOD"] == "HEAD":  # not public (404, 410), or no page to keep
            return self.application(environ, start_response)
        return self.render_and_keep(environ, start_response, pk, now)

    def render_and_keep(self, environ, start_response, pk, generations_now):
        answer = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = read_all(self.application(environ, capture))
        headers = answer["headers"]
        names = {name.lower(): value for name, value in headers}
        if answer["status"].startswith("200 ") and names.get("x-public-cache") == "miss" and "set-cookie" not in names:
            kept = [(name, value) for name, value in headers if name.lower() != "x-public-cache"]
            public_cache.keep(verdict_key(pk), generations_now, (answer["status"], kept, body))
        return [body]
