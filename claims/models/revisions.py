"""What is written about a claim: its evidence, verdict revisions, review events and internal comments."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.claims import Claim
from claims.models.fields import HttpURLField, person_link
from claims.models.ratings_pieces import Rating


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = HttpURLField(_("URL"), max_length=1000)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.TextField(_("note or quote"), blank=True)
    accessed_on = models.DateField(_("accessed on"), default=timezone.localdate)
    archived_url = HttpURLField(_("archived copy"), max_length=1000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    added_by = person_link("evidence_added")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"), name="evidence_url_http"
            ),
        ]

    def __str__(self):
        return self.title


SNAPSHOT_FIELDS = (
    "statement",
    "quote",
    "start",
    "end",
    "claimant",
    "said_on",
    "appearance_url",
    "evidence",
    "explanation_html",
    "rating_changed_from",
    "rating_shown",
    "piece_cited",
)


class Verdict(models.Model):
    """One revision of a claim's verdict.

    A claim has at most one open revision (draft or submitted); approved
    revisions stay as the record, the newest one is what the public reads.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        ABANDONED = "abandoned", _("Abandoned")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    number = models.PositiveIntegerField(_("revision"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="verdicts")
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    explanation = models.TextField(_("explanation (Markdown)"), blank=True)
    correction_reason = models.TextField(_("why it is being corrected (internal)"), blank=True, editable=False)
    public_note = models.TextField(
        _("correction note for readers"),
        blank=True,
        max_length=2000,
        help_text=_("Shown with the date on the verdict page and in the corrections log once approved."),
    )
    # The snapshot: what the public sees of the claim, frozen when the revision is submitted and
    # checked again at approval (claims/snapshots.py). Public pages read these, never the live claim.
    statement = models.CharField(_("statement checked"), max_length=500, blank=True, editable=False)
    quote = models.TextField(_("verbatim quote"), blank=True, editable=False)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True, editable=False)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True, editable=False)
    claimant = models.CharField(_("claimant"), max_length=200, blank=True, editable=False)
    said_on = models.DateField(_("date said"), null=True, blank=True, editable=False)
    appearance_url = models.URLField(_("where it appeared"), max_length=1000, blank=True, editable=False)
    evidence = models.JSONField(_("evidence as approved"), default=list, blank=True, editable=False)
    explanation_html = models.TextField(_("explanation as HTML"), blank=True, editable=False)
    rating_changed_from = models.CharField(_("earlier rating"), max_length=60, blank=True, editable=False)
    # The rating and the piece as readers see them, frozen like the claim: an admin edit of the scale or of a
    # piece reaches readers only with the next approved revision (claims/snapshots.py says what is kept).
    rating_shown = models.JSONField(_("rating as approved"), default=dict, blank=True, editable=False)
    piece_cited = models.JSONField(_("piece as approved"), default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts_written", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The snapshot is copied by the workflow, never written by a person: its history is the review events.
    history = HistoricalRecords(excluded_fields=["version", *SNAPSHOT_FIELDS])

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="verdict_revision_unique"),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(state__in=["draft", "submitted"]), name="verdict_one_open_revision"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "approved", "abandoned"]), name="verdict_state_valid"
            ),
        ]
        indexes = [
            # the dashboard's verdicts published per week
            models.Index(fields=["approved_at"], condition=Q(state="approved"), name="verdict_approved"),
            # the public corrections log, newest first
            models.Index(
                F("approved_at").desc(),
                F("id").desc(),
                condition=Q(state="approved") & ~Q(public_note=""),
                name="verdict_corrections",
            ),
            # the public lists by claimant, which group by the approved snapshot's claimant
            models.Index(fields=["claimant"], condition=Q(state="approved"), name="verdict_approved_claimant"),
        ]

    def __str__(self):
        return f"{self.claim} (revision {self.number})"

    @property
    def is_correction(self):
        return bool(self.correction_reason)

    @property
    def rating_change_note(self) -> str:
        """The sentence readers get when a correction moved the rating, written from the approved labels."""
        if not self.rating_changed_from:
            return ""
        return _("The rating changed from %(before)s to %(after)s.") % {
            "before": self.rating_changed_from,
            "after": self.shown_rating.label if self.rating_id else _("no rating"),
        }

    @property
    def shown_rating(self) -> Rating | None:
        """The rating as approved: label, value and meaning from the snapshot; slug and colour (styling) live."""
        if self.rating_id is None:
            return None
        live = self.rating
        if not self.rating_shown:  # a draft: readers would see the scale as it is now
            return live
        frozen = self.rating_shown
        return Rating(
            pk=live.pk,
            slug=live.slug,
            colour=live.colour,
            order=live.order,
            label=frozen["label"],
            value=frozen["value"],
            description=frozen["description"],
        )

    @property
    def sources(self) -> list:
        """The frozen evidence list for templates: dates as dates, stances as words."""
        stances = dict(Evidence.Stance.choices)
        return [
            SimpleNamespace(
                **{**item, "accessed_on": parse_date(item.get("accessed_on") or "")},
                stance_label=stances.get(item.get("stance"), item.get("stance")),
            )
            for item in self.evidence
        ]

    def writers(self) -> set:
        """The ids of everyone who changed what readers will see of this revision (`ProjectionChange`)."""
        return set(
            ProjectionChange.objects.filter(claim_id=self.claim_id, revision=self.number).values_list(
                "user_id", flat=True
            )
        )


class ProjectionChange(models.Model):
    """An append-only record of one change to what readers will see of a claim, by whom and when.

    Written by claims/editing.py for every door (the desk, the admin, intake, commands); an archive carries the
    rows. `revision` is the number of the revision the change goes out with: the claim's open revision, or the
    next one when none is open. Its writers may not approve it (claims/workflow.py).
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="projection_changes")
    revision = models.PositiveIntegerField(_("revision"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projection_changes")
    at = models.DateTimeField(_("when"), default=timezone.now)
    what = models.CharField(_("what changed"), max_length=200)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["claim", "revision"], name="projection_change_revision")]

    def __str__(self):
        return f"{self.what} (revision {self.revision})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Projection changes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Projection changes are append-only.")


class ReviewEvent(models.Model):
    """An append-only record of one workflow step."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    verdict = models.ForeignKey(Verdict, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_events")
    step = models.CharField(_("step"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, choices=Claim.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Claim.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    # On a request for changes: the revision as the editor reviewed it (`snapshots.review_copy`), so the
    # resubmission can show what changed since; the revision's own snapshot is frozen again at resubmission.
    snapshot = models.JSONField(_("what was reviewed"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "step"]),
            models.Index(fields=["-created_at"]),
            # the public corrections log, newest first
            models.Index(
                F("created_at").desc(), F("id").desc(), condition=Q(step="withdraw"), name="event_withdrawals"
            ),
        ]

    def __str__(self):
        return f"{self.step}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Review events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Review events are append-only.")


class Comment(models.Model):
    """An internal note between fact-checker and editor; never public."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_comments")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
