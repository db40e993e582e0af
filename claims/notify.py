"""Emails the workflow sends, queued to go out only once the step has committed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from claims.roles import EDITORS


def _workspace_url(claim):
    return settings.FACTCHECK_SITE_URL + reverse("desk:claim", args=[claim.pk])


def _send(subject, body, recipients):
    recipients = sorted({r for r in recipients if r})
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def on_commit_assigned(claim, *, to, by):
    subject = _("Assigned to you: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s assigned you a claim to check:\n\n%(claim)s\n\n%(url)s\n") % {
        "by": by.get_username(),
        "claim": claim.statement,
        "url": _workspace_url(claim),
    }
    transaction.on_commit(lambda: _send(subject, body, [to.email]))


def on_commit_sent_back(claim, *, by, comment):
    if claim.assignee is None:
        return
    to = claim.assignee.email
    subject = _("Changes requested: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s sent your verdict back:\n\n%(comment)s\n\n%(url)s\n") % {
        "by": by.get_username(),
        "comment": comment,
        "url": _workspace_url(claim),
    }
    transaction.on_commit(lambda: _send(subject, body, [to]))


def on_commit_submitted(claim, *, by):
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True).exclude(pk=by.pk)
    recipients = list(editors.values_list("email", flat=True))
    subject = _("Ready for review: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s submitted a verdict for review:\n\n%(claim)s\n\n%(url)s\n") % {
        "by": by.get_username(),
        "claim": claim.statement,
        "url": _workspace_url(claim),
    }
    transaction.on_commit(lambda: _send(subject, body, recipients))
