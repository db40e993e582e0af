"""The job guarantees with real worker processes: `manage.py run_jobs`, as `make run` and production start it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from claims import jobs
from claims.models import JobKey
from tests import jobs_support

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def start_worker(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_jobs", "--no-reload", "--no-startup-delay", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("jobs") / "db.sqlite3"
    env = os.environ | {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    assert manage("migrate", "--noinput", env=env).returncode == 0
    return path


@pytest.fixture
def make_run_env(migrated_database, tmp_path):
    """`make run`'s settings (DJANGO_DEBUG=1, factcheck.settings, console mail) on a database of its own."""
    database = tmp_path / "db.sqlite3"
    database.write_bytes(migrated_database.read_bytes())
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return env | {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}", "JOBS_TEST_DIR": str(tmp_path)}


STEP = """
from claims import workflow
from claims.roles import EDITORS, FACT_CHECKERS
from tests.factories import ClaimFactory, make_user
workflow.assign(ClaimFactory(), by=make_user("editor", EDITORS), to=make_user("checker", FACT_CHECKERS))
"""


def test_make_runs_set_up_sends_a_steps_email_with_no_other_command(make_run_env):
    worker = start_worker(make_run_env, "--interval", "0.5")  # as the Makefile's run target starts it
    try:
        assert manage("shell", "-v", "0", "-c", STEP, env=make_run_env).returncode == 0
        assert wait_for(lambda: manage("shell", "-v", "0", "-c", SENT, env=make_run_env).stdout.strip() == "1")
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    assert "Subject: Assigned to you:" in output  # the console backend printed it
    assert worker.returncode == 0


SENT = "from claims.models import OutgoingMail; print(OutgoingMail.objects.filter(sent_at__isnull=False).count())"


def test_a_worker_killed_mid_job_loses_nothing_and_the_email_goes_out_once(make_run_env, tmp_path):
    env = make_run_env | {
        "DJANGO_EMAIL_BACKEND": "tests.jobs_support.HangsOnTheFirstSendBackend",
        "DJANGO_EMAIL_TIMEOUT": "0.1",  # the send job's deadline: 4 x 0.1 + 2 s
        "FACTCHECK_JOBS_GRACE_SECONDS": "0.01",
        "FACTCHECK_JOBS_TICK_SECONDS": "0.2",
    }
    queue = "from claims import mail; mail.queue('Verdict published', 'Body', ['checker@example.org'])"
    assert manage("shell", "-v", "0", "-c", queue, env=env).returncode == 0
    first = start_worker(env, "--interval", "0.1")
    try:
        assert wait_for(lambda: (tmp_path / "first-send-started").exists())
    finally:
        first.kill()  # SIGKILL in the middle of the send
        first.communicate(timeout=20)
    second = start_worker(env, "--interval", "0.1")
    try:
        assert wait_for(
            lambda: (tmp_path / "sent").exists()
            and manage("shell", "-v", "0", "-c", SENT, env=env).stdout.strip() == "1"
        )
        time.sleep(1)  # a few more ticks: nothing may send it again
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=20)
    assert (tmp_path / "sent").read_text() == "Verdict published\n"
    assert second.returncode == 0


def test_sigterm_lets_the_current_job_finish_then_stops_the_worker(make_run_env, tmp_path):
    enqueue = "from claims import jobs; from tests import jobs_support; jobs.enqueue(jobs_support.takes_two_seconds)"
    assert manage("shell", "-v", "0", "-c", enqueue, env=make_run_env).returncode == 0
    worker = start_worker(make_run_env, "--interval", "0.1")
    try:
        assert wait_for(lambda: (tmp_path / "long-job-started").exists())
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=20)
    assert worker.returncode == 0
    outcome = "from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get().status)"
    assert manage("shell", "-v", "0", "-c", outcome, env=make_run_env).stdout.strip() == "SUCCESSFUL"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thousand_jobs_with_four_workers_on_postgresql_each_run_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for number in range(1000):
        jobs.enqueue(jobs_support.runs_once, number)
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_DEBUG": "1", "DATABASE_URL": url}
    workers = [start_worker(env, "--batch", "--interval", "0") for _ in range(4)]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0, 0], outputs
    assert JobKey.objects.filter(key__startswith="ran:").count() == 1000
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1000
    assert {len(ids) for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)} == {1}
    assert sum(1 for output in outputs if "Task id=" in output) >= 2  # the work was shared
