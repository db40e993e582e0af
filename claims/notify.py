"""Emails the workflow sends: queued in the step's own transaction, sent once it has committed.

Nothing here talks to a mail server: claims/mail.py writes each email and enqueues its send job
(run by `manage.py run_jobs`), so a slow mail server never holds up a step.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from claims import mail
from claims.roles import EDITORS, desk_users


def _workspace_url(claim):
    return settings.FACTCHECK_SITE_URL + reverse("desk:claim", args=[claim.pk])


def on_commit_assigned(claim, *, to, by):
    subject = _("Assigned to you: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s assigned you a claim to check:\n\n%(claim)s\n\n%(url)s\n") % {
        "by": by.get_username(),
        "claim": claim.statement,
        "url": _workspace_url(claim),
    }
    mail.queue(subject, body, [to.email])


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
    mail.queue(subject, body, [to])


def on_commit_submitted(claim, *, by):
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True).exclude(pk=by.pk)
    recipients = list(editors.values_list("email", flat=True))
    subject = _("Ready for review: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s submitted a verdict for review:\n\n%(claim)s\n\n%(url)s\n") % {
        "by": by.get_username(),
        "claim": claim.statement,
        "url": _workspace_url(claim),
    }
    mail.queue(subject, body, recipients)


def on_commit_reopened(claim, *, by, reason):
    """The checker learns that their published verdict is being corrected, and why (the reason is internal)."""
    if claim.assignee is None or claim.assignee_id == by.pk:
        return
    subject = _("Reopened for correction: %(claim)s") % {"claim": claim.statement[:80]}
    body = _(
        "%(by)s reopened your published verdict for a correction:\n\n%(reason)s\n\n"
        "The published verdict stays live until the correction is approved.\n\n%(url)s\n"
    ) % {"by": by.get_username(), "reason": reason, "url": _workspace_url(claim)}
    mail.queue(subject, body, [claim.assignee.email])


def on_commit_published(claim, *, by):
    """The checker learns that their verdict went live, with the public address."""
    if claim.assignee is None or claim.assignee_id == by.pk:
        return
    subject = _("Published: %(claim)s") % {"claim": claim.statement[:80]}
    body = _("%(by)s approved your verdict and it is live:\n\n%(claim)s\n\n%(public)s\n\nOn the desk: %(url)s\n") % {
        "by": by.get_username(),
        "claim": claim.statement,
        "public": settings.FACTCHECK_SITE_URL + claim.get_absolute_url(),
        "url": _workspace_url(claim),
    }
    mail.queue(subject, body, [claim.assignee.email])


# @name as people type it; not the middle of an email address (no letter, dot or sign just before the @).
MENTION = re.compile(r"(?<![\w.+-])@([\w.@+-]*\w)")


def mentioned_users(text, *, limit=20):
    """The active desk users named as @username in `text` (any case); unknown names are ignored."""
    names = {name.lower() for name in MENTION.findall(text)[:limit]}
    if not names:
        return []
    same_name = Q()
    for name in names:
        same_name |= Q(username__iexact=name)
    return list(desk_users().filter(same_name))


def on_commit_commented(comment):
    """The claim's assignee and everyone @mentioned hear of a new comment; never its own author."""
    claim, author = comment.claim, comment.author
    mentioned = [user for user in mentioned_users(comment.body) if user.pk != author.pk]
    values = {"by": author.get_username(), "comment": comment.body, "url": _workspace_url(claim)}
    if mentioned:
        subject = _("%(by)s mentioned you: %(claim)s") % {"by": author.get_username(), "claim": claim.statement[:80]}
        body = _("%(by)s mentioned you in a comment:\n\n%(comment)s\n\n%(url)s\n") % values
        mail.queue(subject, body, [user.email for user in mentioned])
    assignee = claim.assignee
    if assignee is not None and assignee.pk != author.pk and assignee.pk not in {user.pk for user in mentioned}:
        subject = _("New comment: %(claim)s") % {"claim": claim.statement[:80]}
        body = _("%(by)s commented on your claim:\n\n%(comment)s\n\n%(url)s\n") % values
        mail.queue(subject, body, [assignee.email])
