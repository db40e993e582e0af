"""Fetching a web page for the intake: http and https only, with a timeout and a size limit.

Addresses inside the newsroom's own network (loopback, private, link-local)
are refused unless settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS is on: the
desk must not become a way to read internal services.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

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


def fetch(url: str) -> Fetched:
    check_address(url)
    opener = urllib.request.build_opener(CheckedRedirects)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"{settings.FACTCHECK_ORG_NAME} intake (+{settings.FACTCHECK_SITE_URL})",
            "Accept": "text/html,application/xhtml+xml;q=0.9",
        },
    )
    host = urlsplit(url).hostname
    try:
        with opener.open(request, timeout=timeout_seconds()) as response:
            content_type = response.headers.get("Content-Type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type not in HTML_TYPES:
                raise IntakeError(f"{url} is not a web page: it sent {media_type or 'no content type'}.")
            length = response.headers.get("Content-Length")
            if length and length.isdigit():
                check_size(int(length))
            data = read_limited(response)
            return Fetched(data=data, content_type=content_type, url=response.geturl())
    except urllib.error.HTTPError as error:
        raise IntakeError(f"{url} answered {error.code} {error.reason}.") from error
    except urllib.error.URLError as error:
        raise IntakeError(f"Could not reach {host}: {error.reason}.") from error
    except TimeoutError as error:
        raise IntakeError(f"Could not reach {host}: no answer within {timeout_seconds():g} seconds.") from error
    except OSError as error:
        raise IntakeError(f"Could not reach {host}: {error}.") from error


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
