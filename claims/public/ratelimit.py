"""The readers' forms' limit per address, on the site's rate limit (factcheck/ratelimit.py)."""

from factcheck.ratelimit import client_address, hit

READER_MESSAGES_PER_HOUR = 5


def allow_reader_message(request) -> bool:
    return hit("reader-message", client_address(request), limit=READER_MESSAGES_PER_HOUR, window=3600)
