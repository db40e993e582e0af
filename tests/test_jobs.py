"""The job layer (claims/jobs.py) on the database backend, worked in this process by the engine's worker."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims import jobs, mail, workflow
from claims.models import OutgoingMail
from factcheck.logging import JsonFormatter
from tests import jobs_support
from tests.jobs_support import work

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_committed_step_enqueues_its_mail_and_a_refused_one_enqueues_nothing(
    editor, checker, checker2, new_claim, mailoutbox
):
    with pytest.raises(workflow.TransitionError):
        workflow.request_changes(new_claim, by=checker2, comment="Not mine to send back")
    assert DBTaskResult.objects.count() == 0

    workflow.assign(new_claim, by=editor, to=checker)
    [queued] = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY and queued.task_path == "claims.mail.send_mail"
    assert mailoutbox == []  # nothing is sent in the step itself
    work()
    assert [message.to for message in mailoutbox] == [["checker@example.org"]]
    assert OutgoingMail.objects.get().sent_at is not None


def test_a_transaction_that_rolls_back_takes_its_job_with_it(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.queue("Subject", "Body", ["someone@example.org"])
        raise RuntimeError("the step failed after queueing")
    assert DBTaskResult.objects.count() == 0 and OutgoingMail.objects.count() == 0


def test_a_key_enqueues_a_job_once():
    jobs.enqueue(jobs_support.does_nothing, key="once")
    jobs.enqueue(jobs_support.does_nothing, key="once")
    assert DBTaskResult.objects.count() == 1


def test_an_email_is_sent_once_even_when_its_job_runs_twice(mailoutbox):
    queued = mail.queue("Subject", "Body", ["someone@example.org"])
    mail.send_mail.enqueue(queued.pk)  # a second job for the same email, as after a lost worker
    work()
    assert len(mailoutbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [False, True]


def test_a_failing_job_retries_with_growing_pauses_then_stays_failed_with_its_error(settings):
    settings.FACTCHECK_JOBS_FIRST_PAUSE_SECONDS = 60
    jobs.enqueue(jobs_support.always_fails)
    pauses = []
    for _ in range(3):
        work()
        row = DBTaskResult.objects.get()
        if row.status == TaskResultStatus.READY:
            pauses.append(round((row.run_after - row.finished_at).total_seconds()))
            DBTaskResult.objects.update(run_after=timezone.now())  # as if the pause had passed
    assert pauses == [60, 120]
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 3
    assert "RuntimeError: the partner's server said no" in row.traceback
    work()
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED  # given up: never run again


def test_a_hanging_job_is_stopped_at_its_deadline():
    jobs.enqueue(jobs_support.hangs)
    work()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED and "JobDeadline: stopped at its deadline of 0.5 s" in row.traceback


def test_a_job_left_running_past_its_deadline_runs_again(settings):
    settings.FACTCHECK_JOBS_GRACE_SECONDS = 30
    jobs.enqueue(jobs_support.does_nothing)
    jobs.enqueue(jobs_support.runs_once, 1)
    long_ago, just_now = timezone.now() - timedelta(minutes=5), timezone.now()
    DBTaskResult.objects.filter(task_path__endswith="does_nothing").update(status="RUNNING", started_at=long_ago)
    DBTaskResult.objects.filter(task_path__endswith="runs_once").update(status="RUNNING", started_at=just_now)
    assert jobs.recover_abandoned() == 1
    assert dict(DBTaskResult.objects.values_list("task_path", "status")) == {
        "tests.jobs_support.does_nothing": "READY",
        "tests.jobs_support.runs_once": "RUNNING",  # its worker may still be on it
    }


def test_two_schedulers_fire_a_tick_once(settings):
    settings.FACTCHECK_PERIODIC_JOBS = {"purge": {"job": "claims.jobs.purge_old_jobs", "every": 3600}}
    now = timezone.now()
    assert jobs.fire_due_schedules(now) == ["purge"]
    assert jobs.fire_due_schedules(now) == []  # the second scheduler, same tick
    assert jobs.fire_due_schedules(now + timedelta(seconds=5)) == []
    assert DBTaskResult.objects.count() == 1
    assert jobs.fire_due_schedules(now + timedelta(hours=1)) == ["purge"]  # the next tick
    assert DBTaskResult.objects.count() == 2


def test_purging_forgets_old_finished_jobs_and_keeps_recent_ones(settings):
    settings.FACTCHECK_JOBS_KEEP_DAYS = 14
    jobs.enqueue(jobs_support.does_nothing)
    jobs.enqueue(jobs_support.does_nothing)
    work()
    old = DBTaskResult.objects.first()
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=15))
    jobs.enqueue(jobs.purge_old_jobs)
    work()
    assert DBTaskResult.objects.filter(pk=old.pk).count() == 0
    assert DBTaskResult.objects.filter(task_path__endswith="does_nothing").count() == 1


def test_healthz_says_degraded_jobs_when_a_job_waits_too_long(client, settings):
    settings.FACTCHECK_JOBS_MAX_WAIT_SECONDS = 300
    jobs.enqueue(jobs_support.does_nothing)
    assert client.get("/healthz").content == b"ok\n"
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"degraded: jobs\n"


def test_every_job_writes_one_json_line(caplog):
    jobs.enqueue(jobs_support.does_nothing)
    with caplog.at_level(logging.INFO, logger="claims.jobs"):
        work()
    [record] = [record for record in caplog.records if record.name == "claims.jobs"]
    line = json.loads(JsonFormatter().format(record))
    assert line["job"] == "does_nothing" and line["job_id"] == str(DBTaskResult.objects.get().id)
    assert line["attempt"] == 1 and line["outcome"] == "done" and line["seconds"] >= 0


def test_the_admin_lists_failed_jobs_with_their_error_and_tries_one_again(client, editor, checker):
    jobs.enqueue(jobs_support.hangs)
    jobs.enqueue(jobs_support.does_nothing)
    work()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    client.force_login(checker)
    assert client.get(changelist).status_code == 403
    client.force_login(editor)
    page = client.get(changelist, {"status__exact": "FAILED"}).content.decode()
    assert page.count('class="field-task_name"') == 1  # the failed job only
    assert "hangs" in page and "stopped at its deadline" in page
    response = client.post(changelist, {"action": "try_again", "_selected_action": [failed.pk]}, follow=True)
    assert "1 job will run again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.READY and failed.worker_ids == []
