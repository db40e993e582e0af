"""Emails the workflow sends when the desk assigns, submits and sends back claims."""

import datetime
import io
import socket
import socketserver
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from claims import mail, workflow
from claims.models import OutgoingMail
from tests.fault_services import closed_port


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


def later(minutes=120):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_a_step_returns_at_once_when_the_mail_server_never_answers_and_the_mail_goes_out_later(
    posted_by, editor, checker, new_claim, silent_smtp, smtp_server, settings, caplog
):
    response = posted_by(editor, step, new_claim, "assign", to=checker.pk)
    assert response.status_code == 302
    assert connections_made(silent_smtp) == 0  # the step did not wait on the mail server: it never called it
    [queued] = OutgoingMail.objects.all()
    assert queued.recipients == ["checker@example.org"] and queued.sent_at is None

    with pytest.raises(CommandError, match="did not take every due email"):
        call_command("send_mail", stdout=io.StringIO())
    assert connections_made(silent_smtp) == 1  # one try, given up after EMAIL_TIMEOUT, no retry in the same run
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 1 and "timed out" in queued.last_error
    assert queued.next_try_at > timezone.now()
    assert "Could not send an email; trying again in 60 s" in caplog.text

    settings.EMAIL_PORT = smtp_server.server_address[1]  # the mail server answers again
    assert mail.send_due()["sent"] == 0  # not before its next try
    assert mail.send_due(now=later())["sent"] == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.last_error == ""
    [message] = smtp_server.messages
    assert "Subject: Assigned to you:" in message and "checker@example.org" in message


def test_sending_at_once_with_a_silent_server_still_returns_and_keeps_the_mail(
    posted_by, editor, checker, new_claim, silent_smtp, settings
):
    settings.FACTCHECK_MAIL_SEND_AT_ONCE = True
    response = posted_by(editor, step, new_claim, "assign", to=checker.pk)
    assert response.status_code == 302
    assert connections_made(silent_smtp) == 1  # one try, given up after EMAIL_TIMEOUT, then the step answered
    [queued] = OutgoingMail.objects.all()
    assert queued.sent_at is None and queued.attempts == 1 and queued.next_try_at > timezone.now()


def test_with_an_smtp_backend_the_step_only_queues(editor, checker, new_claim, settings, mailoutbox):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_PORT = 9  # never used by the step itself
    workflow.assign(new_claim, by=editor, to=checker)
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 1


def test_a_refused_step_queues_nothing(editor, checker2, in_review_claim):
    before = OutgoingMail.objects.count()
    with pytest.raises(workflow.TransitionError):
        workflow.request_changes(in_review_claim, by=checker2, comment="Sneaky")
    assert OutgoingMail.objects.count() == before


def test_a_failing_server_is_retried_with_growing_pauses_then_given_up(editor, checker, new_claim, settings, caplog):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.FACTCHECK_MAIL_MAX_ATTEMPTS = 3
    workflow.assign(new_claim, by=editor, to=checker)
    queued = OutgoingMail.objects.get()
    pauses = []
    for round_ in range(1, 4):
        now = later(round_ * 600)
        assert mail.send_due(now=now) == {
            "sent": 0,
            "failed": 1,
            "waiting": 1 if round_ < 3 else 0,
            "given_up": 0 if round_ < 3 else 1,
        }
        queued.refresh_from_db()
        if queued.next_try_at:
            pauses.append(round((queued.next_try_at - timezone.now()).total_seconds() / 60))
    assert pauses == [1, 2]
    assert queued.attempts == 3 and queued.next_try_at is None and "Connection refused" in queued.last_error
    assert "Gave up sending an email after 3 attempts" in caplog.text
    assert mail.send_due(now=later(10_000))["failed"] == 0  # given up: never tried again


def test_a_mail_is_sent_once_even_when_two_workers_reach_it(editor, checker, new_claim, settings, mailoutbox):
    settings.FACTCHECK_MAIL_SEND_AT_ONCE = False
    workflow.assign(new_claim, by=editor, to=checker)
    queued = OutgoingMail.objects.get()
    assert mail.deliver(queued.pk) is True
    assert mail.deliver(queued.pk) is False
    assert mail.send_due(now=later())["sent"] == 0
    assert len(mailoutbox) == 1


def test_the_worker_sends_what_the_steps_queued(editor, checker, new_claim, settings, mailoutbox):
    settings.FACTCHECK_MAIL_SEND_AT_ONCE = False
    workflow.assign(new_claim, by=editor, to=checker)
    assert mailoutbox == []
    mail.run_worker(every=0.01, stop=threading.Event(), rounds=2)
    assert len(mailoutbox) == 1 and OutgoingMail.objects.get().sent_at is not None


def test_send_mail_says_what_it_did(db):
    out = io.StringIO()
    call_command("send_mail", stdout=out)
    assert out.getvalue().strip() == "Sent 0, failed 0; 0 waiting for a later try, 0 given up."


def test_send_mail_refuses_a_bad_interval(db):
    with pytest.raises(CommandError, match="--every: must be a number of seconds above 0"):
        call_command("send_mail", "--loop", "--every", "soon")


# Reopen, publication, comments and @mentions ------------------------------------------


def comment(client, claim, body):
    return client.post(reverse("desk:comment", args=[claim.pk]), {"body": body})


def test_the_checker_is_emailed_when_their_verdict_is_published(posted_by, editor2, in_review_claim, mailoutbox):
    posted_by(editor2, step, in_review_claim, "approve")
    assert [mail.to for mail in mailoutbox] == [["checker@example.org"]]
    assert mailoutbox[0].subject.startswith("Published:")
    in_review_claim.refresh_from_db()
    assert in_review_claim.get_absolute_url() in mailoutbox[0].body


def test_a_first_of_two_approvals_emails_nobody(posted_by, settings, editor2, in_review_claim, mailoutbox):
    settings.FACTCHECK_REQUIRED_APPROVALS = 2
    posted_by(editor2, step, in_review_claim, "approve")
    assert mailoutbox == []


def test_the_checker_is_emailed_with_the_reason_when_a_verdict_is_reopened(
    posted_by, editor2, published_claim, mailoutbox
):
    posted_by(editor2, step, published_claim, "reopen", comment="The census was revised in May.")
    assert [mail.to for mail in mailoutbox] == [["checker@example.org"]]
    assert mailoutbox[0].subject.startswith("Reopened for correction:")
    assert "The census was revised in May." in mailoutbox[0].body


def test_a_refused_reopen_emails_nobody(posted_by, checker, published_claim, mailoutbox):
    posted_by(checker, step, published_claim, "reopen", comment="I want to fix it")
    assert mailoutbox == []


def test_the_assignee_is_emailed_about_a_new_comment_but_not_about_their_own(
    posted_by, checker, editor, researching_claim, mailoutbox
):
    posted_by(editor, comment, researching_claim, "Is the 2019 figure still used?")
    assert [mail.to for mail in mailoutbox] == [["checker@example.org"]]
    assert mailoutbox[0].subject.startswith("New comment:")
    assert "Is the 2019 figure still used?" in mailoutbox[0].body
    posted_by(checker, comment, researching_claim, "Yes, by the ministry.")
    assert len(mailoutbox) == 1


def test_a_mention_emails_that_desk_user(posted_by, checker, checker2, editor, researching_claim, mailoutbox):
    posted_by(editor, comment, researching_claim, "@Checker2, you checked the 2023 budget: does this match?")
    by_recipient = {tuple(mail.to): mail for mail in mailoutbox}
    assert set(by_recipient) == {("checker2@example.org",), ("checker@example.org",)}
    assert by_recipient[("checker2@example.org",)].subject.startswith("editor mentioned you:")
    assert by_recipient[("checker@example.org",)].subject.startswith("New comment:")


def test_a_mentioned_assignee_gets_one_email(posted_by, editor, researching_claim, mailoutbox):
    posted_by(editor, comment, researching_claim, "@checker please add the register.")
    assert [mail.to for mail in mailoutbox] == [["checker@example.org"]]
    assert mailoutbox[0].subject.startswith("editor mentioned you:")


def test_unknown_names_people_off_the_desk_and_email_addresses_are_not_mentions(
    posted_by, checker, outsider, editor, researching_claim, mailoutbox
):
    from tests.factories import make_user

    make_user("gone", "Fact-checkers", is_active=False)
    body = "@nobody @outsider @gone, write to editor@example.org or @editor's… no, write to press@checker"
    posted_by(checker, comment, researching_claim, body)
    assert [mail.to for mail in mailoutbox] == [["editor@example.org"]]  # only the real @editor


def test_a_refused_comment_emails_nobody(
    client, outsider, researching_claim, mailoutbox, django_capture_on_commit_callbacks
):
    import pytest

    from claims import editing

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(editing.EditRefused):
        editing.add_comment(researching_claim, by=outsider, body="@checker hello")
    assert mailoutbox == []
