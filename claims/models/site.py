"""What the site keeps beside the claims: readers' messages, page-cache generations and the mail queue."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.claims import Claim
from claims.models.fields import HttpURLField, person_link


class ReaderMessage(models.Model):
    """A reader's suggestion of a claim to check, or a request to correct a verdict."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Claim suggestion")
        CORRECTION = "correction", _("Correction request")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reader_messages",
        help_text=_("The verdict a correction request is about, or the claim a suggestion became."),
    )
    text = models.TextField(_("message"), max_length=5000)
    url = HttpURLField(_("where you saw it"), max_length=1000, blank=True)
    email = models.EmailField(_("email (optional)"), blank=True)
    handled_by = person_link("reader_messages_handled")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["suggestion", "correction"]), name="reader_message_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "accepted", "declined"]), name="reader_message_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Generation(models.Model):
    """How many times what the public sees under `name` has changed (a claim, a piece, the whole site).

    Bumped in the same transaction as the change itself; cached public pages
    carry the numbers they were rendered at (claims/public/cache.py).
    """

    name = models.CharField(max_length=64, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} = {self.value}"


class OutgoingMail(models.Model):
    """An email and what became of it: written in the step's own transaction, sent by a job.

    claims.mail.queue writes the row and enqueues its send job together; the job sends it
    once (`sent_at`), and each failed attempt leaves `last_error`. This is the mail history
    editors see in the admin.
    """

    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self):
        return self.subject
