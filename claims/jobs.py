"""Background jobs: one thin layer over Django's tasks framework (the django-tasks backport).

The engine (django-tasks with its database backend, django-tasks-db) stores jobs,
hands each to one worker (SELECT ... FOR UPDATE SKIP LOCKED) and finishes the
current job on SIGTERM. This module adds only what it lacks:

- `@job(attempts=..., deadline=...)`: a task that retries with a growing pause
  (FACTCHECK_JOBS_FIRST_PAUSE_SECONDS, doubling, at most ..._LONGEST_PAUSE_SECONDS)
  and is stopped at its deadline in a worker;
- `enqueue(job, *args, key=...)`: in the caller's transaction (a step that rolls
  back enqueues nothing), at most once per key;
- `recover_abandoned()`: a job left RUNNING past its deadline (its worker was
  killed) is ready again;
- `fire_due_schedules()`: the periodic jobs of FACTCHECK_PERIODIC_JOBS, one fire
  per tick however many workers ask (a conditional UPDATE decides);
- one JSON log line per finished job (name, id, attempt, seconds, outcome).

`manage.py run_jobs` is the worker. With Django 6, `django_tasks` becomes `django.tasks`.
"""

import functools
import logging
import signal
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.signals import task_finished
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from claims.models import JobKey, ScheduleTick

log = logging.getLogger("claims.jobs")


@dataclass(frozen=True)
class JobRules:
    attempts: int
    deadline: float


RULES: dict[str, JobRules] = {}  # task module path -> its rules: the registry of job functions


class JobDeadline(Exception):
    """The job ran past its deadline and was stopped."""


def job(*, attempts: int = 5, deadline: float = 60, queue_name: str = "default", priority: int = 0):
    """Declare a job: `@job(attempts=5, deadline=60) def send(pk): ...`, then `enqueue(send, pk, key=...)`."""

    def declare(function):
        @functools.wraps(function)
        def run(context, *args, **kwargs):
            in_worker = isinstance(task_backends[context.task_result.backend], DatabaseBackend)
            with stopped_at(rules_of(context.task_result.task).deadline if in_worker else None):
                return function(*args, **kwargs)

        del run.__wrapped__  # the engine reads the signature: it must see `context` first
        declared = task(takes_context=True, queue_name=queue_name, priority=priority)(run)
        RULES[declared.module_path] = JobRules(attempts=attempts, deadline=deadline)
        return declared

    return declare


def rules_of(declared) -> JobRules:
    return RULES.get(declared.module_path, JobRules(attempts=1, deadline=60))


class stopped_at:
    """Raise JobDeadline in the job after `seconds` (SIGALRM: only in a worker's main thread)."""

    def __init__(self, seconds):
        self.seconds = seconds if threading.current_thread() is threading.main_thread() else None

    def __enter__(self):
        if self.seconds:
            self.previous = signal.signal(signal.SIGALRM, self.stop)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self, *_):
        raise JobDeadline(f"stopped at its deadline of {self.seconds:g} s")

    def __exit__(self, *_):
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def enqueue(declared, *args, key: str | None = None, **kwargs) -> None:
    """Enqueue a job in the current transaction; with `key`, a second enqueue of the same key does nothing.

    The database backend writes the job's row in the caller's transaction; an engine that
    runs at once (the tests' immediate backend) runs it after the commit instead.
    """
    with transaction.atomic():
        if key is not None and not claimed_key(key[:200]):
            return
        if isinstance(declared.get_backend(), DatabaseBackend):
            declared.enqueue(*args, **kwargs)
        else:
            transaction.on_commit(functools.partial(declared.enqueue, *args, **kwargs))


def claimed_key(key: str) -> bool:
    try:
        with transaction.atomic():
            JobKey.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def pause_before(attempt: int) -> float:
    """Seconds before the next try after failed attempt number `attempt` (1, 2, ...)."""
    first = settings.FACTCHECK_JOBS_FIRST_PAUSE_SECONDS
    return min(first * 2 ** (attempt - 1), settings.FACTCHECK_JOBS_LONGEST_PAUSE_SECONDS)


@receiver(task_finished)
def retry_and_log(sender, task_result, **kwargs):
    attempt = max(1, len(task_result.worker_ids))
    outcome = "done" if task_result.status == TaskResultStatus.SUCCESSFUL else "failed"
    fields = {"job": task_result.task.name, "job_id": str(task_result.id), "attempt": attempt}
    if outcome == "failed" and isinstance(task_backends[task_result.backend], DatabaseBackend):
        if attempt < rules_of(task_result.task).attempts:
            pause = pause_before(attempt)
            DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.FAILED).update(
                status=TaskResultStatus.READY, run_after=timezone.now() + timedelta(seconds=pause)
            )
            outcome, fields["retry_in"] = "retry", pause
    if task_result.started_at and task_result.finished_at:
        fields["seconds"] = round((task_result.finished_at - task_result.started_at).total_seconds(), 3)
    if task_result.errors:
        fields["error"] = task_result.errors[-1].traceback.strip().splitlines()[-1][:300]
    log.log(
        logging.INFO if outcome == "done" else logging.WARNING, "job %s", outcome, extra=fields | {"outcome": outcome}
    )


def recover_abandoned(now=None) -> int:
    """Make ready again the jobs still RUNNING past their deadline and the grace: their worker is gone."""
    now = now or timezone.now()
    grace = settings.FACTCHECK_JOBS_GRACE_SECONDS
    recovered = 0
    for row in DBTaskResult.objects.running().only("id", "task_path", "started_at"):
        deadline = RULES.get(row.task_path, JobRules(1, 60)).deadline
        if row.started_at and row.started_at < now - timedelta(seconds=deadline + grace):
            recovered += DBTaskResult.objects.filter(id=row.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, run_after=get_date_max()
            )
    if recovered:
        log.warning("Made %s abandoned jobs ready again", recovered, extra={"recovered": recovered})
    return recovered


def fire_due_schedules(now=None) -> list[str]:
    """Enqueue each periodic job whose tick has come; of several schedulers asking, one fires a tick."""
    now = now or timezone.now()
    fired = []
    for name, schedule in settings.FACTCHECK_PERIODIC_JOBS.items():
        every = timedelta(seconds=schedule["every"])
        ScheduleTick.objects.bulk_create([ScheduleTick(name=name, due_at=now)], ignore_conflicts=True)
        next_tick = ScheduleTick.tick_after(now, every)
        with transaction.atomic():
            won = ScheduleTick.objects.filter(name=name, due_at__lte=now).update(due_at=next_tick)
            if won:
                enqueue(import_string(schedule["job"]), key=f"schedule:{name}:{next_tick.isoformat()}")
                fired.append(name)
    return fired


def oldest_wait(now=None) -> timedelta | None:
    """How long the oldest job that could run has waited (None when nothing waits)."""
    now = now or timezone.now()
    waiting = DBTaskResult.objects.ready().order_by()
    queued_at = waiting.annotate(
        since=models.Case(
            models.When(run_after=get_date_max(), then="enqueued_at"),
            default="run_after",
            output_field=models.DateTimeField(),
        )
    ).aggregate(oldest=models.Min("since"))["oldest"]
    return now - queued_at if queued_at else None


@job(attempts=3, deadline=300)
def purge_old_jobs() -> int:
    """Forget finished jobs older than FACTCHECK_JOBS_KEEP_DAYS (a failed one stays until then, for the admin)."""
    cutoff = timezone.now() - timedelta(days=settings.FACTCHECK_JOBS_KEEP_DAYS)
    finished = Q(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff)
    deleted, _ = DBTaskResult.objects.filter(finished).delete()
    JobKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
