"""Background jobs: throughput and enqueue-to-start latency of `manage.py run_jobs` (see RESULTS.md, section "Jobs").

    python bench/bench_jobs.py postgres postgres://postgres@127.0.0.1:5432/bench_jobs
    python bench/bench_jobs.py sqlite sqlite:////tmp/bench-jobs.sqlite3

The database must be migrated first. `postgres`: no-op jobs per second with 1 and 4
workers, enqueue-to-start median and p99 with idle workers, and the same for
10,000 queued notification emails. `sqlite`: `make run`'s set-up (one worker,
--interval 0.5, console mail), the time from a workflow step to its email sent.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(url):
    os.environ.update({"DJANGO_DEBUG": "1", "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "factcheck.settings"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def workers(count, *args, email="django.core.mail.backends.dummy.EmailBackend"):
    env = os.environ | {"DJANGO_EMAIL_BACKEND": email}
    command = [sys.executable, "manage.py", "run_jobs", "--no-reload", "--no-startup-delay", "-v", "0", *args]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return [subprocess.Popen(command, cwd=ROOT, env=env, **quiet) for _ in range(count)]


def percentiles(seconds):
    ordered = sorted(seconds)
    median, p99 = statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000
    return f"median {median:.0f} ms, p99 {p99:.0f} ms"


def waits(rows):
    return [(row.started_at - row.enqueued_at).total_seconds() for row in rows]


def backlog(count, enqueue, worker_count):
    """Enqueue `count` jobs, then let `worker_count` batch workers empty the queue: jobs/s and waits."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        for number in range(count):
            enqueue(number)
    started = time.perf_counter()
    for process in workers(worker_count, "--batch", "--interval", "0"):
        process.wait()
    elapsed = time.perf_counter() - started
    rows = list(DBTaskResult.objects.all())
    assert sum(row.status == "SUCCESSFUL" for row in rows) == count
    return count / elapsed


def trickle(count, enqueue, interval="0.1"):
    """Idle workers (polling every `interval` s); jobs enqueued one by one: enqueue-to-start."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    running = workers(4, "--interval", interval)
    time.sleep(2)
    for number in range(count):
        enqueue(number)
        time.sleep(0.02)
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
        time.sleep(0.2)
    for process in running:
        process.terminate()
        process.wait()
    return percentiles(waits(DBTaskResult.objects.all()))


def postgres():
    from claims import jobs, mail
    from claims.models import OutgoingMail
    from tests.jobs_support import does_nothing

    def noop(_):
        jobs.enqueue(does_nothing)

    def notification(number):
        mail.queue(f"Assigned to you: claim {number}", "A claim to check.", [f"checker{number}@example.org"])

    for worker_count in (1, 4):
        print(f"no-op, {worker_count} worker(s): {backlog(3000, noop, worker_count):.0f} jobs/s")
    print("no-op, enqueue to start with idle workers (--interval 0.1): " + trickle(300, noop))
    OutgoingMail.objects.all().delete()
    for worker_count in (1, 4):
        print(
            f"10,000 notifications, {worker_count} worker(s): {backlog(10_000, notification, worker_count):.0f} jobs/s"
        )
    OutgoingMail.objects.all().delete()
    print("notifications, enqueue to start (--interval 0.1): " + trickle(300, notification))


def sqlite():
    from claims import workflow
    from claims.models import OutgoingMail
    from claims.roles import EDITORS, FACT_CHECKERS
    from tests.factories import ClaimFactory, make_user

    editor, checker = make_user("bench-editor", EDITORS), make_user("bench-checker", FACT_CHECKERS)
    running = workers(1, "--interval", "0.5", email="django.core.mail.backends.console.EmailBackend")
    time.sleep(2)
    seconds = []
    try:
        for _ in range(20):
            started = time.perf_counter()
            workflow.assign(ClaimFactory(), by=editor, to=checker)
            while OutgoingMail.objects.filter(sent_at__isnull=True).exists():
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
    finally:
        running[0].terminate()
    print("make run (SQLite, one worker, --interval 0.5): step to email sent, " + percentiles(seconds))


if __name__ == "__main__":
    kind, url = sys.argv[1], sys.argv[2]
    setup(url)
    print("load average:", " ".join(f"{load:.1f}" for load in os.getloadavg()))
    {"postgres": postgres, "sqlite": sqlite}[kind]()
