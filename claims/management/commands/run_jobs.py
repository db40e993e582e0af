"""python manage.py run_jobs: a background worker (the engine's db_worker, plus schedules and recovery).

Run as many as wanted, on any machine that reaches the database. Besides running
jobs, each worker's housekeeping thread, every FACTCHECK_JOBS_TICK_SECONDS, fires
the periodic jobs that are due (one worker wins each tick) and makes ready again
the jobs whose worker was killed. SIGTERM or Ctrl-C finish the current job, then stop.
"""

import os
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from claims import jobs


def keep_house(stop: threading.Event) -> None:
    while not stop.wait(settings.FACTCHECK_JOBS_TICK_SECONDS):
        try:
            jobs.recover_abandoned()
            jobs.fire_due_schedules()
        except DatabaseError as error:  # a busy or lost database: the next tick tries again
            jobs.log.warning("Job housekeeping skipped (%s)", error)
        finally:
            close_old_connections()


class Command(db_worker.Command):
    help = "Run background jobs and the periodic ones; SIGTERM stops it after the current job."

    def handle(self, *args, **options):
        reloading_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloading_parent and not options["batch"]:
            threading.Thread(
                target=keep_house, args=(threading.Event(),), daemon=True, name="jobs-housekeeping"
            ).start()
        super().handle(*args, **options)
