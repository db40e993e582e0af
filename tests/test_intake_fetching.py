"""Fetching a web page: http(s) only, a timeout, a size limit, HTML only. Served from 127.0.0.1, never the network."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.intake.errors import IntakeError
from claims.intake.fetching import check_address, read_url

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
        if self.path.startswith("/to/"):  # /to/<host>: a redirect to that name, on this server's port
            self.send_response(302)
            self.send_header("Location", f"http://{self.path[4:]}:{self.server.server_address[1]}/article.html")
            self.end_headers()
            return
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
    """Sends one byte every 0.2 s: each read succeeds, the page never ends in time. Notes when the desk hangs up."""

    hung_up = threading.Event()

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
            self.hung_up.set()  # the desk hung up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def drip_server():
    DripHandler.hung_up.clear()
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

    # The page would take 200 s at this pace: the message names the deadline, and the desk hung up mid-page.
    with pytest.raises(IntakeError, match=r"Gave up on 127\.0\.0\.1: the page did not arrive within 1 seconds"):
        read_url(f"{drip_server}{path}")
    assert DripHandler.hung_up.wait(5)


def test_a_server_that_accepts_and_never_answers_ends_at_the_deadline(settings):
    settings.FACTCHECK_INTAKE_ALLOW_PRIVATE_HOSTS = True
    settings.FACTCHECK_INTAKE_TIMEOUT = 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        with pytest.raises(IntakeError, match="did not arrive within 1 seconds"):
            read_url(f"http://127.0.0.1:{silent.getsockname()[1]}/")
        accepted, _ = silent.accept()
        with accepted:
            accepted.settimeout(5)
            assert accepted.recv(4096).startswith(b"GET / HTTP/1.1")
            assert accepted.recv(4096) == b""  # the desk closed the connection: nothing is left waiting
    finally:
        silent.close()


PRIVATE_FORMS = {
    "loopback": "127.0.0.1",
    "private 10/8": "10.0.0.1",
    "private 172.16/12": "172.16.0.1",
    "private 192.168/16": "192.168.1.1",
    "link-local (cloud metadata)": "169.254.169.254",
    "shared 100.64/10": "100.64.0.1",
    "unspecified": "0.0.0.0",
    "multicast": "224.0.0.1",
    "reserved 240/4": "240.0.0.1",
    "broadcast": "255.255.255.255",
    "IPv6 loopback": "[::1]",
    "IPv6 unspecified": "[::]",
    "IPv6 link-local": "[fe80::1]",
    "IPv6 unique local": "[fc00::1]",
    "IPv6 site-local": "[fec0::1]",
    "IPv6 multicast": "[ff02::1]",
    "IPv6 documentation": "[2001:db8::1]",
    "IPv4-mapped loopback": "[::ffff:127.0.0.1]",
    "IPv4-mapped private": "[::ffff:10.0.0.1]",
    "IPv4-compatible private": "[::10.0.0.1]",
    "NAT64 of a private address": "[64:ff9b::a00:1]",
    "NAT64 of loopback": "[64:ff9b::7f00:1]",
    "local-use NAT64": "[64:ff9b:1::808:808]",
    "6to4 of a private address": "[2002:a00:1::]",
    "6to4 of loopback": "[2002:7f00:1::1]",
    "Teredo": "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
    "decimal IPv4": "2130706433",
    "hexadecimal IPv4": "0x7f000001",
    "octal IPv4": "0177.0.0.1",
    "short IPv4": "127.1",
    "hexadecimal part": "0x7f.0.0.1",
}


@pytest.mark.parametrize("host", PRIVATE_FORMS.values(), ids=PRIVATE_FORMS.keys())
def test_every_form_of_a_private_address_is_refused(host):
    with pytest.raises(IntakeError, match="private network"):
        read_url(f"http://{host}/article.html")


@pytest.mark.parametrize("host", ["93.184.216.34", "[2606:4700::1111]", "[64:ff9b::808:808]", "[2002:808:808::]"])
def test_public_addresses_and_their_ipv6_forms_pass_the_check(host):
    check_address(f"http://{host}/article.html")  # no IntakeError: the check alone, nothing is fetched


PUBLIC = "93.184.216.34"


class FakeDns:
    """getaddrinfo answering from `answers` (name: addresses, one list per lookup, the last repeated); other names
    (127.0.0.1 itself) resolve as usual. Connections to PUBLIC go to the test server, as if it were that host."""

    def __init__(self, monkeypatch, answers, server_port):
        self.answers = answers
        self.lookups = []
        self.connected = []
        self.server_port = server_port
        self.real_getaddrinfo = socket.getaddrinfo
        self.real_create_connection = socket.create_connection
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", self.create_connection)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self.real_getaddrinfo(host, port, *args, **kwargs)
        self.lookups.append(host)
        answers = self.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    def create_connection(self, address, *args, **kwargs):
        self.connected.append(address[0])
        if address[0] == PUBLIC:
            return self.real_create_connection(("127.0.0.1", self.server_port), *args, **kwargs)
        if address[0] in self.answers:  # the name itself, as urllib alone connects: it resolves it again
            address = (self.getaddrinfo(*address)[0][4][0], address[1])
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"no network in tests: {address[0]}")
        return self.real_create_connection(address, *args, **kwargs)


def port_of(server):
    return int(server.rsplit(":", 1)[1])


def test_a_name_that_turns_into_loopback_after_the_check_is_never_connected_to_loopback(server, monkeypatch):
    dns = FakeDns(monkeypatch, {"rebind.example": [[PUBLIC], ["127.0.0.1"]]}, port_of(server))

    piece = read_url(f"http://rebind.example:{port_of(server)}/article.html")

    assert dns.connected == [PUBLIC]  # the address that was checked, and only it
    assert dns.lookups == ["rebind.example"]  # resolved once
    assert piece.url == f"http://rebind.example:{port_of(server)}/article.html"


def test_a_name_with_one_private_address_among_public_ones_is_refused(server, monkeypatch):
    dns = FakeDns(monkeypatch, {"mixed.example": [[PUBLIC, "10.0.0.7"]]}, port_of(server))

    with pytest.raises(IntakeError, match="mixed.example is an address inside a private network"):
        read_url(f"http://mixed.example:{port_of(server)}/article.html")
    assert dns.connected == []


def test_a_redirect_is_connected_to_the_address_its_own_check_passed(server, monkeypatch):
    dns = FakeDns(
        monkeypatch, {"news.example": [[PUBLIC]], "inside.example": [[PUBLIC], ["127.0.0.1"]]}, port_of(server)
    )

    piece = read_url(f"http://news.example:{port_of(server)}/to/inside.example")

    assert piece.url == f"http://inside.example:{port_of(server)}/article.html"
    assert dns.connected == [PUBLIC, PUBLIC]
    assert dns.lookups == ["news.example", "inside.example"]


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    dns = FakeDns(monkeypatch, {"news.example": [[PUBLIC]], "inside.example": [["10.0.0.7"]]}, port_of(server))

    with pytest.raises(IntakeError, match="inside.example is an address inside a private network"):
        read_url(f"http://news.example:{port_of(server)}/to/inside.example")
    assert dns.connected == [PUBLIC]  # the first page only


def test_environment_proxies_are_not_used(server, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    FakeDns(monkeypatch, {"news.example": [[PUBLIC]]}, port_of(server))

    piece = read_url(f"http://news.example:{port_of(server)}/article.html")

    assert piece.title == "Port report"
