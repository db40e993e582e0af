"""Helpers of the browser tests (tests/test_browser_*.py); their fixtures are in tests/browser/fixtures.py."""

import re

import pytest

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"

# The live server needs a transactional database, and the flush after each test must
# restore the migrations' groups and ratings for the tests that follow.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# Where the desk opens after logging in: editors on the review queue, fact-checkers on their own queue.
LANDING = re.compile(r"/desk/(review|mine)/$")
# How long an action or an assertion waits, in ms; a login under load (2 cores, several test runs at
# once) can take seconds more, so it waits longer.
STEP_TIMEOUT = 10_000
LOGIN_TIMEOUT = 30_000


def log_in(context, username, password=PASSWORD):
    """A page of `context` logged in through the login form, on the queue the desk opens with."""
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(LANDING, timeout=LOGIN_TIMEOUT)
    return page
