"""Fetching a web page for the intake: http and https only, with a deadline and a size limit.

The deadline (settings.FACTCHECK_INTAKE_TIMEOUT, 10 s) covers the whole fetch:
connecting, every redirect and the body together. A per-read timeout alone
lets a server that sends one byte a second hold the desk for ever.

Addresses inside the newsroom's own network are refused unless
settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS is on: the desk must not become
a way to read internal services. Each connection (the first one and one per
redirect) resolves the host name once, refuses it if any of its addresses is
not public (`refused_address` lists the forms, IPv4 inside IPv6 included), and
connects to an address it checked, so a name that changes its answer between
the check and the connection (DNS rebinding) cannot lead elsewhere. The name
is still what the request carries in its Host header, in TLS's SNI and in the
certificate check. Proxies from the environment are not used: a proxy would
connect to a name it resolves itself.

For other fetchers (evidence, webhooks): `fetch(url, accept=...)` returns the
body, its content type and the final URL, or raises IntakeError with a
message for the desk; `check_address(url)` refuses a URL without fetching it.
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


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IntakeError(_("Only http:// and https:// web addresses can be fetched."))


# Ranges that embed an IPv4 address in their last 32 bits (RFC 6052 NAT64; the deprecated IPv4-compatible form).
EMBEDDING_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: translates to addresses of the local network


def refused_address(address) -> bool:
    """Whether an address is not a public one: private, loopback, link-local, multicast, unspecified, reserved,
    shared (100.64/10), or an IPv6 form (IPv4-mapped, NAT64, 6to4, Teredo, IPv4-compatible) of such an address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return refused_address(address.ipv4_mapped)
        if address.sixtofour:
            return refused_address(address.sixtofour)
        if address.teredo or address in LOCAL_NAT64:
            return True  # Teredo's client address is obfuscated and its relay is anyone's: never fetched
        if any(address in network for network in EMBEDDING_IPV4):
            return refused_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.is_site_local:
            return True
    return not address.is_global or address.is_multicast or address.is_reserved or address.is_unspecified


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, each checked; refuses the name if any one is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise IntakeError(_("Could not reach %(host)s: the name does not resolve.") % {"host": host}) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    allow_private = getattr(settings, "FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS", False)
    if not allow_private and any(refused_address(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        raise IntakeError(
            _("%(host)s is an address inside a private network; the desk does not fetch it.") % {"host": host}
        )
    return addresses


def check_address(url: str) -> None:
    """Refuse anything but an http(s) address of a public host."""
    check_scheme(url)
    parts = urlsplit(url)
    public_addresses(parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80))


def connect_checked(address, timeout, source_address=None):
    """http.client's connection factory: the name is resolved and checked here, and only those addresses are used."""
    host, port = address
    error = None
    for checked in public_addresses(host, port):
        try:
            return socket.create_connection((checked, port), timeout, source_address)
        except OSError as failed:
            error = failed
    raise error


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) address (its connection checks the host, as every one does)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_scheme(newurl)
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
                self._create_connection = connect_checked
                super().connect()
                # Kept here: urllib drops the connection's own reference while the body is still read.
                deadline.sockets.append(self.sock)

        return super().do_open(Connection, req, **kwargs)


class DeadlineHTTPHandler(DeadlineHandlerMixin, urllib.request.HTTPHandler):
    pass


class DeadlineHTTPSHandler(DeadlineHandlerMixin, urllib.request.HTTPSHandler):
    pass


def fetch(url: str, accept=HTML_TYPES) -> Fetched:
    """The page at `url` if its media type is one of `accept`; IntakeError with the reason otherwise."""
    check_scheme(url)
    with Deadline(timeout_seconds()) as deadline:
        try:
            return fetch_within(url, deadline, accept)
        except IntakeError:
            if deadline.expired:
                raise too_slow(url, deadline) from None
            raise


def too_slow(url: str, deadline: Deadline) -> IntakeError:
    return IntakeError(
        _("Gave up on %(host)s: the page did not arrive within %(seconds)s seconds.")
        % {"host": urlsplit(url).hostname, "seconds": f"{deadline.seconds:g}"}
    )


def fetch_within(url: str, deadline: Deadline, accept) -> Fetched:
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), CheckedRedirects, DeadlineHTTPHandler(deadline), DeadlineHTTPSHandler(deadline)
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
            if media_type not in accept:
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
