"""The mail queue: notifications wait in the database (OutgoingMail) and a worker sends them.

A workflow step only writes a row in its own transaction, so a slow or dead
mail server never holds up a request, and a step that rolls back sends
nothing. `manage.py send_mail --loop` sends what is due and retries a failed
send with a growing pause (1 minute, doubling, at most an hour) until
FACTCHECK_MAIL_MAX_ATTEMPTS; every failure is logged. With a backend that
never waits on a server (console, locmem: `make run`, the tests) a mail is
also sent right after its step commits, so no worker is needed there.
"""

import logging
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import OutgoingMail

log = logging.getLogger("claims.mail")

INSTANT_BACKENDS = ("console", "locmem", "dummy", "filebased")
FIRST_PAUSE = 60
LONGEST_PAUSE = 3600
# Errors about one message, not the server: the next message may still go out.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def queue(subject: str, body: str, recipients) -> OutgoingMail | None:
    """Queue one notification in the current transaction; nothing when nobody has an address."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(recipients=recipients, subject=subject[:300], body=body)
    if sends_at_once():
        transaction.on_commit(lambda: send_now(mail.pk))
    return mail


def send_now(pk: int) -> None:
    """Right after the step's commit, inside its request: never raise, the worker can try again."""
    try:
        deliver(pk)
    except ServerDown:
        pass  # logged by retry_later
    except Exception as error:  # the step is done; a failure here must not turn it into an error page
        log.warning("Could not send an email at once; it stays queued (%s)", error, extra={"mail": pk})


def sends_at_once() -> bool:
    chosen = getattr(settings, "FACTCHECK_MAIL_SEND_AT_ONCE", None)
    if chosen is not None:
        return chosen
    return settings.EMAIL_BACKEND.rsplit(".", 2)[-2] in INSTANT_BACKENDS


def due(now=None):
    now = now or timezone.now()
    return OutgoingMail.objects.filter(sent_at__isnull=True, next_try_at__lte=now)


def deliver(pk: int, *, connection=None, now=None) -> bool:
    """Send one due mail; False when it was not due or failed (then it waits for another try).

    Raises ServerDown when the server itself failed, so that a round stops there.
    """
    now = now or timezone.now()
    # Claim the row for a while before sending, so that two workers never send it both.
    lease = now + timedelta(seconds=max(60, 4 * float(settings.EMAIL_TIMEOUT or 0)))
    claimed = due(now).filter(pk=pk).update(next_try_at=lease, attempts=F("attempts") + 1)
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=pk)
    try:
        connection = connection or get_connection()
        connection.open()
        message = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients)
        connection.send_messages([message])
    except Exception as error:  # whatever the backend raises, the step that queued it has long returned
        retry_later(mail, error)
        raise_if_server_down(error)
        return False
    OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
    return True


class ServerDown(Exception):
    """The mail server did not take a message; the rest of the round waits for the next one."""


def raise_if_server_down(error):
    if not isinstance(error, MESSAGE_ERRORS):
        raise ServerDown(str(error)) from error


def retry_later(mail: OutgoingMail, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:1000]
    fields = {"mail": mail.pk, "attempts": mail.attempts, "error": reason}
    if mail.attempts >= settings.FACTCHECK_MAIL_MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk).update(next_try_at=None, last_error=reason)
        log.error("Gave up sending an email after %s attempts", mail.attempts, extra=fields)
        return
    pause = min(FIRST_PAUSE * 2 ** (mail.attempts - 1), LONGEST_PAUSE)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_try_at=timezone.now() + timedelta(seconds=pause), last_error=reason
    )
    log.warning("Could not send an email; trying again in %s s", pause, extra=fields)


def send_due(*, now=None, limit: int = 200) -> dict:
    """One round: send what is due over one connection; stop the round when the server is down."""
    counts = {"sent": 0, "failed": 0}
    connection = None
    try:
        for pk in list(due(now).order_by("next_try_at", "id").values_list("pk", flat=True)[:limit]):
            connection = connection or get_connection()
            try:
                counts["sent" if deliver(pk, connection=connection, now=now) else "failed"] += 1
            except ServerDown:
                counts["failed"] += 1
                break
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a connection to a server that is gone may fail too; nothing is lost
                pass
    counts["waiting"] = OutgoingMail.objects.filter(sent_at__isnull=True, next_try_at__isnull=False).count()
    counts["given_up"] = OutgoingMail.objects.filter(sent_at__isnull=True, next_try_at__isnull=True).count()
    return counts


def run_worker(*, every: float, stop: threading.Event, rounds: int | None = None) -> None:
    """Send what is due every `every` seconds until `stop` is set (or after `rounds` rounds)."""
    done = 0
    while not stop.is_set() and (rounds is None or done < rounds):
        try:
            counts = send_due()
            if counts["sent"] or counts["failed"]:
                log.info("Mail round: %s sent, %s failed", counts["sent"], counts["failed"], extra=counts)
        except DatabaseError as error:
            log.warning("Mail round skipped: the database did not answer (%s)", error)
        if not connection.in_atomic_block:  # a caller's open transaction (a test's) keeps its connection
            close_old_connections()
        done += 1
        if rounds is None or done < rounds:
            stop.wait(every)
