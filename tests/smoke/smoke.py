"""Render what readers see from the smoke database: a verdict page, its piece, the home page and a feed.

Run by .ci/smoke with the requirements-only virtual environment; prints one line
per page and exits non-zero when a page does not answer as a reader expects.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from claims.models import Claim  # noqa: E402


def main() -> int:
    claim = Claim.objects.published().first()
    if claim is None:
        print("FAIL verdict page: the demo data has no published claim")
        return 1
    client = Client(HTTP_HOST="127.0.0.1")
    pages = [
        (claim.get_absolute_url(), "ClaimReview"),
        (claim.piece.get_absolute_url(), "<mark"),
        ("/", "</html>"),
        ("/feeds/claimreview.json", "ClaimReview"),
    ]
    failed = 0
    for url, expected in pages:
        response = client.get(url)
        body = response.content.decode("utf-8", "replace")
        if response.status_code == 200 and expected in body:
            print(f"ok   page {url} ({len(response.content)} bytes)")
        else:
            print(f"FAIL page {url}: status {response.status_code}, {expected!r} not in the page")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
