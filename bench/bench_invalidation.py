"""What the page cache's save receivers (claims/generations.py) add to each kind of save.

    python bench/bench_invalidation.py

On a fresh SQLite database in a temporary folder: the queries each save makes
and its median time over RUNS runs, for the saves a desk makes all day (a draft
claim's text, a public claim's desk-only field) and those that change what
readers see (a public claim's text, a piece with published verdicts, a rating).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_intake import setup_django  # noqa: E402

RUNS = 50


def measure(label, action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        action(0)
    bumps = sum("claims_generation" in q["sql"] and "INSERT" in q["sql"] for q in queries.captured_queries)
    times = []
    for n in range(1, RUNS + 1):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    print(f"| {label} | {len(queries.captured_queries)} | {bumps} | {median:.2f} ms |")


def main():
    with tempfile.TemporaryDirectory() as folder:
        setup_django(f"sqlite:///{folder}/bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from claims import editing, workflow
        from claims.models import Piece, Rating

        User = get_user_model()
        checker = User.objects.create_user("bench-checker")
        checker.groups.add(Group.objects.get(name="Fact-checkers"))
        editor = User.objects.create_user("bench-editor")
        editor.groups.add(Group.objects.get(name="Editors"))
        checker, editor = User.objects.get(pk=checker.pk), User.objects.get(pk=editor.pk)
        rating = Rating.objects.get(slug="false")

        def claim_in(piece, statement):
            claim = editing.create_claim(by=editor, piece=piece, statement=statement)
            workflow.assign(claim, by=editor, to=checker)
            editing.add_evidence(claim, by=checker, url="https://records.example.org/1", title="Record")
            editing.save_verdict(claim, by=checker, data={"rating": rating, "headline": "H", "summary": "S"})
            return claim

        draft_piece = Piece.objects.create(title="Draft piece", body="Text.")
        draft = claim_in(draft_piece, "A claim nobody has published.")
        public_piece = Piece.objects.create(title="Public piece", body="Text.")
        public = claim_in(public_piece, "A claim readers can see.")
        workflow.submit(public, by=checker)
        workflow.approve(public, by=editor)
        workflow.reopen(public, by=editor, reason="A reader wrote in")

        print("| save | queries | generation bumps | median |")
        print("| --- | ---: | ---: | ---: |")
        measure(
            "draft claim: statement (desk)",
            lambda n: editing.update_claim(draft, by=checker, data={"statement": f"Draft statement {n}."}),
        )
        measure(
            "public claim, reopened: priority (desk)",
            lambda n: editing.update_claim(public, by=editor, data={"priority": n % 4}),
        )
        measure(
            "public claim, reopened: statement (desk)",
            lambda n: editing.update_claim(public, by=editor, data={"statement": f"Public statement {n}."}),
        )
        measure("draft piece: title", lambda n: Piece.objects.filter(pk=draft_piece.pk).first().save())
        measure("piece with a published verdict: title", lambda n: Piece.objects.get(pk=public_piece.pk).save())
        measure("rating: label", lambda n: Rating.objects.get(pk=rating.pk).save())


if __name__ == "__main__":
    main()
