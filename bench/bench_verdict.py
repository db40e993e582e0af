"""How much does one verdict page cost? Rendered without the page cache, and served from it.

    python bench/bench_verdict.py                      # a fresh temporary SQLite database
    python bench/bench_verdict.py --database-url postgres://postgres@127.0.0.1:5432/bench_verdict -n 500

The database is migrated and holds the demo newsroom plus `--claims` generated
ones (bench/populate.py), so the page has related verdicts to find. Each
figure is the median of N requests made in process (wall clock and CPU time) by an anonymous reader:
"uncached" through Django's test client (which never passes the WSGI front
cache, so every request renders the page), "cached" through the WSGI
application as gunicorn calls it (claims/public/front_cache.py), after one
warming request. The corrected demo verdict is measured too: its page also
lists its correction notes; and a generated one whose explanation is about 1,000 words long.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str, claims: int):
    from bench.populate import populate
    from bench.populate import setup_django as setup_django

    # Connections kept between requests, as the production setting does (DEBUG's default closes each one).
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    if claims:
        populate(claims, seed=11)


def count_queries(get) -> int:
    """The queries one call of `get` makes, counted at the cursor: a request's start empties Django's own log."""
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        get()
    return len(queries)


def queries_with_empty_caches(get) -> int:
    """The queries of a call when no cache holds anything yet: a fresh server, or the first read after a change."""
    from django.core.cache import caches

    for name in ("default", "local"):
        caches[name].clear()
    return count_queries(get)


def timings(get, n: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU milliseconds of `n` calls of `get`, and the queries one call makes.

    CPU time is the steadier figure on a shared machine: it leaves out the time spent waiting for a core.
    """
    get()  # warm: templates compiled, the copy kept for a cached read
    queries = count_queries(get)
    wall, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(wall), statistics.median(cpu), queries


def long_explanation(claim):
    """`claim`, its approved snapshot given an explanation of about 1,000 words, as a thorough fact check has."""
    from claims.markdown import render_markdown
    from claims.models import Verdict

    paragraph = "The figure counts **every** contract signed, not the [ones delivered](https://example.org/d). "
    text = "\n\n".join(f"## Step {n}\n\n" + paragraph * 6 for n in range(1, 13))
    # Written to the stored snapshot as approval would have frozen it (the demo's explanations are short).
    Verdict.objects.filter(pk=claim.published_verdict_id).update(
        explanation=text, explanation_html=str(render_markdown(text))
    )
    return claim


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("-n", type=int, default=300, help="requests per figure")
    parser.add_argument("--claims", type=int, default=2000, help="generated claims besides the demo's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(args.database_url or f"sqlite:///{folder}/bench.sqlite3", args.claims)
        from django.test import Client

        from claims.models import Claim
        from tests.wsgi_client import WsgiClient

        demo = Claim.objects.published().filter(piece__slug="foreign-fighters-in-the-war-in-ukraine")
        pages = {
            "plain": demo.filter(published_verdict__number=1).order_by("id").first(),
            "corrected": demo.filter(published_verdict__number__gt=1).first(),
            "long": long_explanation(Claim.objects.published().exclude(piece__slug=demo[0].piece.slug).first()),
        }
        print(f"{'page':<10} {'how':<9} {'wall ms':>8} {'CPU ms':>8} {'queries':>8} {'(empty cache)':>14}")
        for name, claim in pages.items():
            url = claim.get_absolute_url()
            client, reader = Client(HTTP_HOST="localhost"), WsgiClient(HTTP_HOST="localhost")
            for how, get in (
                ("uncached", lambda client=client, url=url: client.get(url)),
                ("cached", lambda reader=reader, url=url: reader.get(url)),
            ):
                response = get()
                assert response.status_code == 200, (url, response.status_code)
                wall, cpu, queries = timings(get, args.n)
                # A cached read with empty caches is a miss: only the rendered page has a figure of its own here.
                empty = str(queries_with_empty_caches(get)) if how == "uncached" else ""
                print(f"{name:<10} {how:<9} {wall:>8.2f} {cpu:>8.2f} {queries:>8} {empty:>14}")


if __name__ == "__main__":
    main()
