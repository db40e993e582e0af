"""Fetching a web page: http(s) only, a timeout, a size limit, HTML only. Served from 127.0.0.1, never the network."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.intake.errors import IntakeError
from claims.intake.fetching import read_url

ARTICLE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Port report</title></head>
<body><article><h1>Port report</h1>
<p>The port authority said 1,200 ships docked in 2023, the most in a decade.</p>
<p>Dock workers blamed the delays on a shortage of cranes, according to their union.</p>
</article></body></html>"""

ROUTES = {
    "/article.html": (200, "text/html; charset=utf-8", ARTICLE),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.7 not a page"),
    "/big.html": (200, "text/html", b"<p>" + b"The port said 5 ships docked. " * 200 + b"</p>"),
    "/gone": (404, "text/html", b"<p>Not here</p>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local_hosts_allowed(settings):
    settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS = True
    settings.FACTCHECK_INTAKE_TIMEOUT = 5


def test_a_web_page_is_fetched_and_read_as_html(server, local_hosts_allowed):
    piece = read_url(f"{server}/article.html")

    assert piece.source_format == "html"
    assert piece.title == "Port report"
    assert "1,200 ships docked in 2023" in piece.body
    assert piece.url == f"{server}/article.html"


def test_a_redirect_is_followed_and_the_final_address_kept(server, local_hosts_allowed):
    piece = read_url(f"{server}/moved")

    assert piece.url == f"{server}/article.html"


def test_a_page_that_is_not_html_is_refused(server, local_hosts_allowed):
    with pytest.raises(IntakeError, match="not a web page: it sent application/pdf"):
        read_url(f"{server}/report.pdf")


def test_a_page_over_the_size_limit_is_refused(server, local_hosts_allowed, settings):
    settings.FACTCHECK_INTAKE_MAX_BYTES = 1000

    with pytest.raises(IntakeError, match="over the limit"):
        read_url(f"{server}/big.html")


def test_an_error_status_is_reported(server, local_hosts_allowed):
    with pytest.raises(IntakeError, match="answered 404"):
        read_url(f"{server}/gone")


def test_an_unreachable_address_is_reported(local_hosts_allowed):
    with pytest.raises(IntakeError, match="Could not reach 127.0.0.1"):
        read_url("http://127.0.0.1:9/nothing-listens-here")


@pytest.mark.parametrize("address", ["ftp://example.org/piece.html", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(address):
    with pytest.raises(IntakeError, match="Only http:// and https://"):
        read_url(address)


def test_addresses_inside_the_private_network_are_refused_by_default(server):
    with pytest.raises(IntakeError, match="private network"):
        read_url(f"{server}/article.html")


class DripHandler(BaseHTTPRequestHandler):
    """Sends one byte every 0.2 s: each read succeeds, the page never ends in time."""

    def do_GET(self):
        try:
            if self.path == "/slow-headers":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 200:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the desk hung up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def drip_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), DripHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_slow_drip_ends_at_the_deadline_with_a_clear_message(drip_server, settings, path):
    settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS = True
    settings.FACTCHECK_INTAKE_TIMEOUT = 1
    started = time.monotonic()

    with pytest.raises(IntakeError, match=r"Gave up on 127\.0\.0\.1: the page did not arrive within 1 seconds"):
        read_url(f"{drip_server}{path}")

    assert time.monotonic() - started < 1.5


def test_a_server_that_accepts_and_never_answers_ends_at_the_deadline(settings):
    settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS = True
    settings.FACTCHECK_INTAKE_TIMEOUT = 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    started = time.monotonic()
    try:
        with pytest.raises(IntakeError, match="did not arrive within 1 seconds"):
            read_url(f"http://127.0.0.1:{silent.getsockname()[1]}/")
    finally:
        silent.close()

    assert time.monotonic() - started < 1.5
