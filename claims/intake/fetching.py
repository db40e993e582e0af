"""Fetching a web page for the intake: http and https only, with a deadline and a size limit.

The deadline (settings.FACTCHECK_INTAKE_TIMEOUT, 10 s) covers the whole fetch:
connecting, every redirect and the body together. A per-read timeout alone
lets a server that sends one byte a second hold the desk for ever.

Addresses inside the newsroom's own network (loopback, private, link-local)
are refused unless settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS is on: the
desk must not become a way to read internal services.
"""

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from claims.intake.errors import IntakeError
from claims.intake.reading import ReadPiece, check_size, max_bytes, read_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 64 * 1024


@dataclass
class Fetched:
    data: bytes
    content_type: str
    url: str


def timeout_seconds() -> float:
    return float(getattr(settings, "FACTCHECK_INTAKE_TIMEOUT", 10))


def check_address(url: str) -> None:
    """Refuse anything but an http(s) address of a public host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IntakeError("Only http:// and https:// web addresses can be fetched.")
    if getattr(settings, "FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS", False):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or None)}
    except (socket.gaierror, UnicodeError) as error:
        raise IntakeError(f"Could not reach {parts.hostname}: the name does not resolve.") from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise IntakeError(f"{parts.hostname} is an address inside a private network; the desk does not fetch it.")


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another public http(s) address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Deadline:
    """One fetch's time limit: every connection made for the fetch is shut down when it passes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self.sockets = []
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc_info):
        self.timer.cancel()

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline passed")
        return left

    def expire(self) -> None:
        self.expired = True
        for sock in list(self.sockets):
            # Shutting the socket down wakes a read blocked in another thread.
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class DeadlineHandlerMixin:
    """Make each connection with the time left (no socket wait outlives the deadline) and register it."""

    def __init__(self, deadline: Deadline):
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class, req, **kwargs):
        deadline = self.deadline

        class Connection(http_class):
            def connect(self):
                self.timeout = deadline.remaining()
                super().connect()
                # Kept here: urllib drops the connection's own reference while the body is still read.
                deadline.sockets.append(self.sock)

        return super().do_open(Connection, req, **kwargs)


class DeadlineHTTPHandler(DeadlineHandlerMixin, urllib.request.HTTPHandler):
    pass


class DeadlineHTTPSHandler(DeadlineHandlerMixin, urllib.request.HTTPSHandler):
    pass


def fetch(url: str) -> Fetched:
    check_address(url)
    with Deadline(timeout_seconds()) as deadline:
        try:
            return fetch_within(url, deadline)
        except IntakeError:
            if deadline.expired:
                raise too_slow(url, deadline) from None
            raise


def too_slow(url: str, deadline: Deadline) -> IntakeError:
    return IntakeError(
        _("Gave up on %(host)s: the page did not arrive within %(seconds)s seconds.")
        % {"host": urlsplit(url).hostname, "seconds": f"{deadline.seconds:g}"}
    )


def fetch_within(url: str, deadline: Deadline) -> Fetched:
    opener = urllib.request.build_opener(
        CheckedRedirects, DeadlineHTTPHandler(deadline), DeadlineHTTPSHandler(deadline)
    )
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"{settings.FACTCHECK_ORG_NAME} intake (+{settings.FACTCHECK_SITE_URL})",
            "Accept": "text/html,application/xhtml+xml;q=0.9",
        },
    )
    host = urlsplit(url).hostname
    try:
        with opener.open(request, timeout=deadline.remaining()) as response:
            content_type = response.headers.get("Content-Type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type not in HTML_TYPES:
                raise IntakeError(f"{url} is not a web page: it sent {media_type or 'no content type'}.")
            length = response.headers.get("Content-Length")
            if length and length.isdigit():
                check_size(int(length))
            data = read_limited(response)
            if deadline.expired:
                # The body may have been cut short by the shutdown: never read a partial page.
                raise too_slow(url, deadline)
            return Fetched(data=data, content_type=content_type, url=response.geturl())
    except urllib.error.HTTPError as error:
        raise IntakeError(f"{url} answered {error.code} {error.reason}.") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            # Every socket wait is bounded by the time left, so a timeout means the deadline passed.
            raise too_slow(url, deadline) from error
        raise IntakeError(f"Could not reach {host}: {error.reason}.") from error
    except TimeoutError as error:
        raise too_slow(url, deadline) from error
    except OSError as error:
        raise IntakeError(f"Could not reach {host}: {error}.") from error
    except http.client.HTTPException as error:
        raise IntakeError(f"Could not read the page from {host}: the connection broke off.") from error


def read_limited(response) -> bytes:
    chunks, total = [], 0
    while chunk := response.read(CHUNK):
        total += len(chunk)
        if total > max_bytes():
            check_size(total)
        chunks.append(chunk)
    return b"".join(chunks)


def read_url(url: str) -> ReadPiece:
    """Fetch a web page and read it as HTML; the piece's URL is the page's own (after redirects)."""
    fetched = fetch(url)
    piece = read_bytes(fetched.data, name="page.html", content_type=fetched.content_type or "text/html")
    if not piece.url:
        piece.url = fetched.url
    return piece
