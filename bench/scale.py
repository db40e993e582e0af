"""How the busiest pages scale: their median response time on a small desk and on a large one.

    python bench/scale.py measure --database-url URL
    python bench/scale.py compare SMALL_URL LARGE_URL

Fill the databases first with bench/populate.py (1,000 claims for the small
one). Each page is requested in-process through Django's test client, so the
figures are the application's own time (views, queries, templates) without
network or gunicorn. The cache is cleared before every request: these are the
uncached times, the worst case. Each page is requested once to warm up, then
--repeat times; the median counts. `compare` runs `measure` on both databases
and prints a Markdown table with the ratio (the aim: at most 2).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.populate import setup_django  # noqa: E402

PAGES = [
    ("fact-checker queue", "bench-checker-1", "desk:queue", ""),
    ("editor review queue", "bench-editor-1", "desk:review_queue", ""),
    ("dashboard", "bench-editor-1", "desk:dashboard", ""),
    ("triage by score", "bench-editor-1", "desk:triage", "?sort=score"),
    ("desk search, every claim", "bench-editor-1", "desk:search", "?q=unemployment"),
    ("admin claim list", "bench-admin", "admin:claims_claim_changelist", ""),
    ("public home", None, "public:home", ""),
    ("search", None, "public:search", "?q=unemployment+rate"),
    ("verdict page", None, "public:verdict", ""),
]
AIM = 2.0
STATEMENT_TIMEOUT_SECONDS = 30  # PostgreSQL: a query slower than this is reported as timed out
SLOW_SECONDS = 5


def verdict_slug():
    """A published claim from the middle of the table, not the newest (which any cache would favour)."""
    from claims.models import Claim

    highest = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    claim = Claim.objects.published().filter(pk__gte=highest // 2).order_by("pk").first()
    return claim.slug


def bench_admin():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True, "email": "bench-admin@example.org"}
    )
    return user


def measure(repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import OperationalError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from claims.models import Claim

    setup_test_environment(debug=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'")
    bench_admin()
    slug = verdict_slug()
    results = {"claims": Claim.objects.count(), "vendor": connection.vendor, "pages": {}}
    for label, username, name, query in PAGES:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        url = reverse(name, args=[slug] if name == "public:verdict" else []) + query
        times, attempts = [], repeat + 1
        for attempt in range(attempts):
            for alias in caches:  # the shared cache and this process's copies
                caches[alias].clear()
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                try:
                    response = client.get(url)
                except OperationalError as error:  # the statement timeout: record it and go on
                    results["pages"][label] = timed_out(url, queries, error)
                    break
                elapsed = time.perf_counter() - began
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
            if attempt:
                times.append(elapsed)
            elif elapsed > SLOW_SECONDS:
                attempts = 2  # a page this slow is measured once after the warm-up, to keep the run bounded
        else:
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default={"sql": "", "time": "0"})
            results["pages"][label] = {
                "url": url,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "queries": len(queries.captured_queries),
                "slowest_query_ms": round(float(slowest["time"]) * 1000, 1),
                "slowest_query": slowest["sql"][:300],
            }
    return results


def timed_out(url, queries, error):
    connection_error = str(error).splitlines()[0]
    return {
        "url": url,
        "median_ms": STATEMENT_TIMEOUT_SECONDS * 1000,
        "timed_out": True,
        "queries": len(queries.captured_queries),
        "slowest_query_ms": STATEMENT_TIMEOUT_SECONDS * 1000,
        "slowest_query": f"{connection_error}: {queries.captured_queries[-1]['sql'][:300] if queries else ''}",
    }


def run_measure(database_url: str, repeat: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "REDIS_URL": ""}
    command = [sys.executable, __file__, "measure", "--database-url", database_url, "--repeat", str(repeat)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"measuring {database_url} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def compare(small_url: str, large_url: str, repeat: int) -> str:
    small, large = run_measure(small_url, repeat), run_measure(large_url, repeat)
    lines = [
        f"{large['vendor']}: {small['claims']:,} claims vs {large['claims']:,} claims "
        f"(median of {repeat}, uncached, in-process)",
        "",
        f"| page | {small['claims']:,} claims | {large['claims']:,} claims | ratio | within {AIM:g}× | queries |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for label in small["pages"]:
        a, b = small["pages"][label], large["pages"][label]
        ratio = b["median_ms"] / a["median_ms"] if a["median_ms"] else float("inf")
        over = " (timed out)" if b.get("timed_out") else ""
        lines.append(
            f"| {label} | {a['median_ms']:.1f} ms | {b['median_ms']:.1f} ms{over} | {ratio:.2f} | "
            f"{'yes' if ratio <= AIM else '**no**'} | {b['queries']} |"
        )
    slow = [
        (label, large["pages"][label])
        for label in large["pages"]
        if large["pages"][label]["median_ms"] > AIM * small["pages"][label]["median_ms"]
    ]
    for label, page in slow:
        lines += ["", f"{label}: slowest query {page['slowest_query_ms']} ms: `{page['slowest_query']}`"]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("measure", help="time the pages on one database; prints JSON")
    one.add_argument("--database-url")
    one.add_argument("--repeat", type=int, default=7)
    two = sub.add_parser("compare", help="measure a small and a large database and print a table")
    two.add_argument("small_url")
    two.add_argument("large_url")
    two.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if args.command == "measure":
        setup_django(args.database_url)
        print(json.dumps(measure(args.repeat), indent=1))
    else:
        print(compare(args.small_url, args.large_url, args.repeat))


if __name__ == "__main__":
    main()
