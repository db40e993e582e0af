"""Emails the workflow sends when the desk assigns, submits and sends back claims."""

import socket
import socketserver
import threading

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims import workflow
from claims.models import OutgoingMail
from tests.jobs_support import work


def step(client, claim, name, **data):
    return client.post(reverse("desk:step", args=[claim.pk, name]), data)


@pytest.fixture
def posted_by(client, django_capture_on_commit_callbacks):
    """`posted_by(user, step, claim, "assign", to=…)`: `user` posts it in the desk; the emails go out at commit."""

    def post(user, action, *args, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return action(client, *args, **data)

    return post


def test_the_checker_is_emailed_when_an_editor_assigns_a_claim(posted_by, editor, checker, new_claim, mailoutbox):
    posted_by(editor, step, new_claim, "assign", to=checker.pk)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["checker@example.org"]
    assert mail.subject.startswith("Assigned to you:")
    assert reverse("desk:claim", args=[new_claim.pk]) in mail.body


def test_taking_a_claim_for_oneself_sends_no_email(posted_by, checker, new_claim, mailoutbox):
    posted_by(checker, step, new_claim, "assign", to=checker.pk)
    assert mailoutbox == []


def test_the_checker_is_emailed_with_the_comment_when_changes_are_requested(
    posted_by, editor2, in_review_claim, mailoutbox
):
    posted_by(editor2, step, in_review_claim, "request_changes", comment="Cite the 2024 register.")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["checker@example.org"]
    assert mailoutbox[0].subject.startswith("Changes requested:")
    assert "Cite the 2024 register." in mailoutbox[0].body


def test_editors_are_emailed_when_a_verdict_is_submitted(
    posted_by, checker, editor, editor2, researching_claim, mailoutbox
):
    posted_by(checker, step, researching_claim, "submit")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["editor2@example.org", "editor@example.org"]
    assert mailoutbox[0].subject.startswith("Ready for review:")


def test_the_submitting_editor_is_not_emailed_about_their_own_submission(
    posted_by, editor, editor2, researching_claim, mailoutbox
):
    posted_by(editor, step, researching_claim, "submit")
    assert mailoutbox[0].to == ["editor2@example.org"]


def test_a_refused_step_sends_nothing(
    client, checker2, in_review_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(checker2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step(client, in_review_claim, "request_changes", comment="Sneaky")
    assert callbacks == [] and mailoutbox == []


def test_no_email_leaves_before_the_step_commits(
    editor, checker, new_claim, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.assign(new_claim, by=editor, to=checker)
    assert len(callbacks) == 1 and mailoutbox == []


# The mail queue: a slow or dead mail server never holds up a step; the worker sends later.

SMTP = "django.core.mail.backends.smtp.EmailBackend"


class SmtpStandIn(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: every command accepted, each message kept."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 stand-in ESMTP")
        lines, reading_data = [], False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if reading_data:
                if line == ".":
                    self.server.messages.append("\n".join(lines))
                    lines, reading_data = [], False
                    self.reply("250 queued")
                else:
                    lines.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "DATA":
                reading_data = True
                self.reply("354 go ahead")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpStandIn)
    server.daemon_threads = True
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_smtp(settings):
    """A mail server that accepts the connection and never says a word."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 0.5
    yield silent
    silent.close()


def connections_made(listener) -> int:
    """How many connections reached `listener` so far (each taken off its queue)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            listener.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the ratings migrations made
def test_a_step_never_calls_a_mail_server_that_never_answers_and_its_job_notes_the_failure(
    posted_by, editor, checker, new_claim, silent_smtp, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's engine
    response = posted_by(editor, step, new_claim, "assign", to=checker.pk)
    assert response.status_code == 302
    assert connections_made(silent_smtp) == 0  # the step did not wait on the mail server: it never called it
    [queued] = OutgoingMail.objects.all()
    assert queued.recipients == ["checker@example.org"] and queued.sent_at is None
    assert DBTaskResult.objects.get().task_path == "claims.mail.send_mail"

    work()  # the worker tries once, gives up after EMAIL_TIMEOUT and notes why
    assert connections_made(silent_smtp) == 1
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 1 and "timed out" in queued.last_error


def test_the_send_job_sends_through_a_real_smtp_server(posted_by, editor, checker, new_claim, smtp_server, settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.server_address[1]
    posted_by(editor, step, new_claim, "assign", to=checker.pk)
    queued = OutgoingMail.objects.get()
    assert queued.sent_at is not None and queued.last_error == "" and queued.attempts == 1
    [message] = smtp_server.messages
    assert "Subject: Assigned to you:" in message and "checker@example.org" in message


def test_the_step_only_queues_and_nothing_is_sent_before_its_commit(editor, checker, new_claim, mailoutbox):
    workflow.assign(new_claim, by=editor, to=checker)  # the test's transaction never commits
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 1
    assert mailoutbox == []


def test_a_refused_step_queues_nothing(editor, checker2, in_review_claim):
    before = OutgoingMail.objects.count()
    with pytest.raises(workflow.TransitionError):
        workflow.request_changes(in_review_claim, by=checker2, comment="Sneaky")
    assert OutgoingMail.objects.count() == before
