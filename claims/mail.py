"""Email: `queue(subject, body, recipients)` is the one way the project sends mail.

It writes an OutgoingMail row (the history editors see in the admin) and enqueues
its send job in the caller's transaction, so a step that rolls back sends nothing
and a committed one is never lost. The job (claims/jobs.py) retries a failure with
a growing pause up to FACTCHECK_MAIL_MAX_ATTEMPTS; it sends a row only while the
row is unsent, checked and marked under a row lock, so an email already sent is
never sent again (only a worker killed between the server's "accepted" and the
commit of `sent_at` could repeat one).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims import jobs
from claims.models import OutgoingMail

log = logging.getLogger("claims.mail")


def queue(subject: str, body: str, recipients) -> OutgoingMail | None:
    """Queue one email in the current transaction; nothing when nobody has an address."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    with transaction.atomic():
        mail = OutgoingMail.objects.create(recipients=recipients, subject=subject[:300], body=body)
        jobs.enqueue(send_mail, mail.pk, key=f"mail:{mail.pk}")
    return mail


@jobs.job(attempts=settings.FACTCHECK_MAIL_MAX_ATTEMPTS, deadline=4 * float(settings.EMAIL_TIMEOUT or 5) + 2)
def send_mail(pk: int) -> bool:
    """Send one queued email unless it was sent already; a failure raises, and the job layer retries."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=pk, sent_at__isnull=True).first()
        if mail is None:
            return False
        try:
            EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients).send()
        except Exception as error:  # whatever the backend raises: noted on the row, retried by the job layer
            failure = error
        else:
            OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="")
            return True
    reason = f"{type(failure).__name__}: {failure}"[:1000]
    OutgoingMail.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=reason)
    log.warning("Could not send an email", extra={"mail": pk, "error": reason})
    raise failure


def send_again(mails) -> int:
    """The admin's "try again": a new send job for each unsent email."""
    count = 0
    for mail in mails.filter(sent_at__isnull=True):
        with transaction.atomic():
            OutgoingMail.objects.filter(pk=mail.pk).update(last_error="")
            jobs.enqueue(send_mail, mail.pk, key=f"mail:{mail.pk}:again:{timezone.now().isoformat()}")
        count += 1
    return count
