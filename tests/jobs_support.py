"""Jobs and a mail backend the job tests run in worker processes (importable by `manage.py run_jobs`)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.management.commands.db_worker import Worker

from claims.jobs import job
from claims.models import JobKey


@job(attempts=3)
def always_fails():
    raise RuntimeError("the partner's server said no")


@job(attempts=1, deadline=0.5)
def hangs():
    time.sleep(30)


@job(attempts=1)
def runs_once(number: int) -> int:
    JobKey.objects.create(key=f"ran:{number}")  # a second run of the same job would break the key's uniqueness
    return number


@job()
def does_nothing() -> None:
    pass


@job(attempts=1)
def takes_two_seconds() -> str:
    (Path(os.environ["JOBS_TEST_DIR"]) / "long-job-started").touch()
    time.sleep(2)
    return "finished"


class HangsOnTheFirstSendBackend(BaseEmailBackend):
    """The first send hangs (the test kills the worker then); later ones append to $JOBS_TEST_DIR/sent."""

    def send_messages(self, messages):
        folder = Path(os.environ["JOBS_TEST_DIR"])
        started = folder / "first-send-started"
        if not started.exists():
            started.touch()
            time.sleep(600)
        with open(folder / "sent", "a") as sent:
            for message in messages:
                sent.write(message.subject + "\n")
        return len(messages)


def work():
    """Run every job that is ready now, then return (the engine's worker in batch mode)."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
