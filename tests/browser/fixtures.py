"""Playwright in Debian's headless chromium: a plugin the browser test modules load with `pytest_plugins`.

One browser per test session, a fresh context (cookies, storage) per person
and test. Where /usr/bin/chromium is missing the browser tests are skipped
with one loud line; with CI=true a missing browser fails them instead.
Screenshots go under the pytest temporary folder (`--basetemp`), which CI
keeps when a test fails, next to the server's log of the test: every error
the live server logged, with its traceback; a test whose pages got one fails.
"""

import logging
import os
import re
import threading
from pathlib import Path

import pytest
from django.db import connections

from tests.browser import CHROMIUM, STEP_TIMEOUT
from tests.browser.layout import LAPTOP

skipped = []  # why the browser tests were skipped, said once at the end of the run


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        missing = f"the browser tests need Debian's chromium at {CHROMIUM}: install it with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {missing}", pytrace=False)
        skipped.append(missing)
        pytest.skip(missing)
    from playwright.sync_api import expect, sync_playwright

    # Between two calls of Playwright's sync API its event loop counts as running in this thread.
    # Django then looks its connections up by asyncio context, not by thread, and would open new
    # ones without the test database's serialized data (serialized_rollback): keep this thread's.
    thread_connections = {alias: connections[alias] for alias in connections}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM calls between browser steps are sync code
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        # An assertion waits as long as an action (open_context): 5 s was short on 2 busy CI cores.
        expect.set_options(timeout=STEP_TIMEOUT)
        yield chromium
        chromium.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's event loop then never overlaps another test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter):
    if skipped:
        terminalreporter.write_line(f"SKIPPED BROWSER TESTS: {skipped[0]}", yellow=True, bold=True)


class OneAtATime:
    """The live server's application, serving one request at a time.

    On SQLite the test database is in memory, and every thread of the live server shares the test's one
    connection to it: two requests at once (a login while another page loads) fail with "database table
    is locked", a 500 no real server shows. The response is read and closed inside the lock because
    closing it runs Django's request_finished handlers, which use the connection too.
    """

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()


def serve_one_at_a_time(live_server):
    """Only where the server's threads share the test's connection (SQLite in memory); PostgreSQL gives each its own."""
    httpd = live_server.thread.httpd
    if live_server.thread.connections_override and not isinstance(httpd.get_app(), OneAtATime):
        httpd.set_app(OneAtATime(httpd.get_app()))


class ServerLog(logging.Handler):
    """Keeps the errors Django logs while serving a test's pages (a 500 and its traceback)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def folder_of(request, tmp_path_factory) -> Path:
    """<basetemp>/screenshots/<test name>/: the test's screenshots and server log."""
    folder = tmp_path_factory.getbasetemp() / "screenshots" / re.sub(r"[^\w.-]+", "-", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def open_context(request, tmp_path_factory, browser, live_server):
    """open_context(**options) -> a new browser context on the live server; closed after the test.

    After the test the server's errors, if any, are written to server.log in the test's folder, and fail it.
    """
    serve_one_at_a_time(live_server)
    server_log = ServerLog()
    logging.getLogger("django.request").addHandler(server_log)
    contexts = []

    def open_one(**options):
        options.setdefault("viewport", LAPTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(STEP_TIMEOUT)
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()
    logging.getLogger("django.request").removeHandler(server_log)
    if server_log.lines:
        path = folder_of(request, tmp_path_factory) / "server.log"
        path.write_text("\n\n".join(server_log.lines) + "\n")
        first = server_log.lines[0].splitlines()[0]
        pytest.fail(f"the live server logged {len(server_log.lines)} error(s), the first: {first} (see {path})")


class Screenshots:
    """Full-page screenshots of one test, numbered in the order taken: 01-login.png, 02-intake.png…"""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def shot(request, tmp_path_factory):
    """shot(page, step) saves a full-page screenshot under <basetemp>/screenshots/<test name>/."""
    return Screenshots(folder_of(request, tmp_path_factory))
