"""The developer guardrails agree with each other: markers select reliably, the pre-commit ruff is CI's ruff."""

import re
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_the_pre_commit_ruff_is_the_pinned_ruff():
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-test.txt").read_text(), re.M).group(1)
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    hook_rev = re.search(r"ruff-pre-commit\s+rev:\s*v(\S+)", config).group(1)

    assert hook_rev == pinned


def test_postgres_tests_are_skipped_with_their_reason_only_off_postgresql(request):
    on_postgres = connection.vendor == "postgresql"
    marked = [item for item in request.session.items if item.get_closest_marker("postgres")]
    for item in marked:
        skips = [mark.kwargs.get("reason", "") for mark in item.iter_markers("skip")]
        if on_postgres:
            assert not skips, item.nodeid
        else:
            assert any("needs PostgreSQL" in reason for reason in skips), item.nodeid


def test_every_test_that_drives_the_browser_carries_the_browser_mark(request):
    for item in request.session.items:
        if "browser" in getattr(item, "fixturenames", ()):
            assert item.get_closest_marker("browser"), item.nodeid
