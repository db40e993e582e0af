"""Playwright in Debian's headless chromium: a plugin the browser test modules load with `pytest_plugins`.

One browser per test session, a fresh context (cookies, storage) per person
and test. Where /usr/bin/chromium is missing the browser tests are skipped
with one loud line; with CI=true a missing browser fails them instead.
Screenshots go under the pytest temporary folder (`--basetemp`), which CI
keeps when a test fails.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from tests.browser import CHROMIUM

skipped = []  # why the browser tests were skipped, said once at the end of the run


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        missing = f"the browser tests need Debian's chromium at {CHROMIUM}: install it with `apt-get install chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {missing}", pytrace=False)
        skipped.append(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    # Between two calls of Playwright's sync API its event loop counts as running in this thread.
    # Django then looks its connections up by asyncio context, not by thread, and would open new
    # ones without the test database's serialized data (serialized_rollback): keep this thread's.
    thread_connections = {alias: connections[alias] for alias in connections}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM calls between browser steps are sync code
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's event loop then never overlaps another test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter):
    if skipped:
        terminalreporter.write_line(f"SKIPPED BROWSER TESTS: {skipped[0]}", yellow=True, bold=True)


@pytest.fixture
def open_context(browser, live_server):
    """open_context(**options) -> a new browser context on the live server; closed after the test."""
    contexts = []

    def open_one(**options):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()


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
    folder = tmp_path_factory.getbasetemp() / "screenshots" / re.sub(r"[^\w.-]+", "-", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return Screenshots(folder)
