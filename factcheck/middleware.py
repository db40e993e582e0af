"""Structured logs of refused requests, the client's address behind reverse proxies, and a few answers at the door.

Every refusal (permission denied, CSRF failure, a locked-out or failed login,
a bad request, a desk or admin page that does not exist) becomes one JSON line
on the "claims.requests" logger, so a newsroom can watch for probing and
brute force in the same place as its workflow log.
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import Http404, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.views.csrf import csrf_failure as django_csrf_failure

log = logging.getLogger("claims.requests")

REFUSED_STATUSES = {400, 401, 403, 405, 429}


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry that the last of DJANGO_PROXY_COUNT proxies added."""
    count = settings.DJANGO_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Each proxy appends the address it saw; entries further left can be forged by the client.
    return forwarded[-count] if len(forwarded) >= count else remote


def private_path(path: str) -> bool:
    return path.startswith(("/desk/", "/" + settings.FACTCHECK_ADMIN_PATH))


def user_id(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def request_fields(request) -> dict:
    return {"method": request.method, "path": request.path[:300], "ip": client_ip(request), "user": user_id(request)}


class RefusedRequestLogMiddleware:
    """Logs every refused request as one JSON line; it sits outside axes so it sees lockouts too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status in REFUSED_STATUSES or (status == 404 and private_path(request.path)):
            reason = getattr(request, "refusal_reason", None) or default_reason(request, status)
            log.warning("request refused", extra={**request_fields(request), "status": status, "reason": reason})
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request.refusal_reason = "permission denied"
        elif isinstance(exception, Http404):
            request.refusal_reason = "not found"
        return None


def default_reason(request, status):
    if getattr(request, "axes_locked_out", False):
        return "locked out after repeated failed logins"
    return {
        400: "bad request",
        401: "not authenticated",
        403: "forbidden",
        404: "not found",
        405: "method not allowed",
    }.get(status, "refused")


def csrf_failure(request, reason=""):
    """Django's CSRF page, remembering why for the log line."""
    request.refusal_reason = f"CSRF: {reason}"
    return django_csrf_failure(request, reason=reason)


def _username(credentials):
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_login_failed, dispatch_uid="claims.log_login_failed")
def log_login_failed(sender, credentials=None, request=None, **kwargs):
    fields = request_fields(request) if request is not None else {}
    log.warning("login failed", extra={**fields, "username": _username(credentials), "reason": "wrong credentials"})


@receiver(user_locked_out, dispatch_uid="claims.log_locked_out")
def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    fields = request_fields(request) if request is not None else {}
    log.warning(
        "login locked out",
        extra={**fields, "username": str(username or "")[:150], "ip": ip_address, "reason": "too many failed logins"},
    )


class RefuseNulMiddleware:
    """Answers 400 to a URL with a NUL character in its path or query string.

    No page takes one, and PostgreSQL refuses NUL in text, so it would reach a
    query only to fail there; refusing it at the door keeps every view simple.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            request.refusal_reason = "NUL character in the URL"
            return HttpResponseBadRequest("A URL may not contain a NUL character.", content_type="text/plain")
        return self.get_response(request)


class PrivateDeskPagesMiddleware:
    """Marks desk and admin answers `Cache-Control: private`: no proxy or shared cache may keep them for others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if private_path(request.path):
            patch_cache_control(response, private=True)
        return response


# Set by the front cache (claims/public/front_cache.py) when it could not connect to the database for this request.
DATABASE_UNREACHABLE = "factcheck.database_unreachable"


class DatabaseUnreachableMiddleware:
    """Answers as a failed connection would when the front cache already failed to connect for this request.

    A hung database makes each attempt wait out the whole connect timeout
    (DATABASE_CONNECT_TIMEOUT): trying again in the same request would double
    the reader's wait for the same 500. Django reports the front cache's error
    as it reports any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        error = request.META.get(DATABASE_UNREACHABLE)
        if error is not None:
            raise error
        return self.get_response(request)
