"""The desk's data and its single-row rules.

Status changes never happen here: `claims.workflow` owns them.
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

http_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))


class HttpURLField(models.URLField):
    """A URL field that stores http and https links only."""

    default_validators = [http_url]

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("form_class", forms.URLField)
        kwargs.setdefault("assume_scheme", "https")
        field = super().formfield(**kwargs)
        field.validators = [v for v in field.validators if not isinstance(v, URLValidator)] + [http_url]
        return field


def unique_slug(model, text, *, max_length=80, taken=None):
    """A free slug made from `text`; `taken(slug)` says whether a slug is in use, by default a row of `model` has it."""
    taken = taken or (lambda slug: model.objects.filter(slug=slug).exists())
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    while taken(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug


class Rating(models.Model):
    """One point of the newsroom's rating scale; `value` is empty for ratings outside the numeric scale."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=60, unique=True)
    value = models.PositiveSmallIntegerField(_("value on the scale"), null=True, blank=True, unique=True)
    description = models.TextField(_("meaning"), blank=True)
    colour = models.CharField(_("badge colour"), max_length=7, default="#6c757d")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="rating_colour_hex"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("public:by_rating", args=[self.slug])

    @classmethod
    def scale_bounds(cls):
        """(worst, best) values of the numeric scale, or (None, None) when it has none."""
        agg = cls.objects.filter(value__isnull=False).aggregate(worst=models.Min("value"), best=models.Max("value"))
        return agg["worst"], agg["best"]

    @property
    def text_colour(self):
        r, g, b = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
        return "#000000" if (r * 299 + g * 587 + b * 114) / 1000 > 140 else "#ffffff"


class PieceQuerySet(models.QuerySet):
    def with_published_claims(self):
        """Pieces with at least one published verdict: one index lookup per piece, never a join of all claims."""
        return self.filter(Exists(Claim.objects.published().filter(piece=OuterRef("pk"))))


class Piece(models.Model):
    """A source document: an article, a transcript or a post."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    url = HttpURLField(_("canonical URL"), max_length=1000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    body = models.TextField(_("body text"), blank=True)
    # The body's paragraphs, headings and captions as the intake read them: [{"kind", "start", "end",
    # "credit"}], offsets into body, a caption's photo credit kept here and never in the body.
    # Not editable: offsets typed by hand would not match; the piece page checks them anyway.
    blocks = models.JSONField(_("structure"), default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="pieces_created"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()  # who changed a piece and when; its text is public once a verdict is
    objects = PieceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Piece, self.title, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:piece", args=[self.slug])


# What the public may read, stated once: a claim with a live approved verdict that is not withdrawn (a
# reopened claim stays public while its correction is prepared). `ClaimQuerySet.published()` filters with it,
# `Claim.is_public` evaluates it for one loaded row, and raw SQL embeds it compiled by `public_rule_sql()`.
PUBLIC_RULE = Q(published_verdict__isnull=False) & ~Q(status="withdrawn")


def follows_rule(rule: Q, row: dict) -> bool:
    """Evaluate a Q of exact and `isnull` lookups against a row's values, as the database would."""
    results = []
    for child in rule.children:
        if isinstance(child, Q):
            results.append(follows_rule(child, row))
        else:
            lookup, expected = child
            field, _sep, kind = lookup.partition("__")
            results.append((row[field] is None) == expected if kind == "isnull" else row[field] == expected)
    result = all(results) if rule.connector == Q.AND else any(results)
    return not result if rule.negated else result


def public_rule_sql(connection, alias: str) -> tuple[str, list]:
    """`PUBLIC_RULE` as an SQL condition on the claims table under `alias`, compiled by the ORM itself."""
    query = Claim.objects.filter(PUBLIC_RULE).query
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    return sql.replace(connection.ops.quote_name(Claim._meta.db_table) + ".", f"{alias}."), list(params)


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims the public may read: a live approved verdict that is not withdrawn.

        A reopened claim stays here while its correction is prepared.
        """
        return self.filter(PUBLIC_RULE).select_related("piece", "published_verdict__rating")

    def awaiting_review(self):
        return (
            self.filter(status=Claim.Status.IN_REVIEW)
            .select_related("piece", "assignee")
            .order_by("submitted_at", "id")
        )

    def assigned_to(self, user):
        return self.filter(assignee=user).select_related("piece", "assignee")

    def open(self):
        return self.filter(status__in=Claim.OPEN_STATUSES)

    def with_work_state(self):
        """Annotate `work_state_value`: the status as the desk shows it (see `WorkState`), with no query per row.

        Changes requested: researching, and the last request for changes came after the last submission.
        Correction in progress: reopened, so researching or in review while a verdict is live.
        """
        if "work_state_value" in self.query.annotations:
            return self
        S = Claim.Status

        def last(step):  # the claim's latest event of this step; the (claim, step) index answers it
            latest = ReviewEvent.objects.filter(claim=OuterRef("pk"), step=step).order_by("-id")
            return Subquery(latest.values("id")[:1])

        return self.annotate(
            work_state_value=Case(
                # The status first: the events are read only for researching claims.
                When(
                    Q(status=S.RESEARCHING) & Q(GreaterThan(last("request_changes"), Coalesce(last("submit"), 0))),
                    then=Value(WorkState.CHANGES_REQUESTED),
                ),
                When(
                    status__in=[S.RESEARCHING, S.IN_REVIEW],
                    published_verdict__isnull=False,
                    then=Value(WorkState.CORRECTION),
                ),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def in_work_state(self, value):
        """Claims whose work state is `value`; the status narrows the rows first, so its index is used."""
        return self.with_work_state().filter(status__in=WorkState.statuses(value), work_state_value=value)


class WorkState(models.TextChoices):
    """A claim's status as people see it: two states of the workflow's "researching" and "in review" told apart.

    Derived, never stored: the workflow keeps its statuses, `ClaimQuerySet.with_work_state` reads these.
    """

    NEW = "new", _("New")
    RESEARCHING = "researching", _("Researching")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CORRECTION = "correction", _("Correction in progress")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def statuses(cls, value) -> list[str]:
        """The workflow statuses a claim in this work state can have."""
        derived = {cls.CHANGES_REQUESTED: ["researching"], cls.CORRECTION: ["researching", "in_review"]}
        return derived.get(value, [value])


class Claim(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        RESEARCHING = "researching", _("Researching")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        DISMISSED = "dismissed", _("Dismissed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.NEW, Status.RESEARCHING, Status.IN_REVIEW)  # work still to do on the desk

    class Priority(models.IntegerChoices):
        LOW = 0, _("Low")
        NORMAL = 1, _("Normal")
        HIGH = 2, _("High")
        URGENT = 3, _("Urgent")

    piece = models.ForeignKey(Piece, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # False while the slug is the desk's own suggestion (from the statement, then the headline), which
    # saving a headline may replace; a person who sets the address keeps it.
    slug_chosen = models.BooleanField(_("address chosen by a person"), default=False, editable=False)
    quote = models.TextField(_("verbatim quote"), blank=True, help_text=_("The span of the piece, word for word."))
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    statement = models.CharField(
        _("statement checked"), max_length=500, help_text=_("One sentence: what is being checked.")
    )
    claimant = models.CharField(_("claimant"), max_length=200, blank=True)
    said_on = models.DateField(_("date said"), null=True, blank=True)
    appearance_url = HttpURLField(_("where it appeared"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        editable=False,
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    score = models.FloatField(_("check-worthiness"), null=True, blank=True, editable=False)
    score_reasons = models.JSONField(_("reasons for the score"), default=list, blank=True, editable=False)
    published_verdict = models.ForeignKey(
        "Verdict", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_created",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "researching", "in_review", "published", "dismissed", "withdrawn"]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(condition=Q(priority__lte=3), name="claim_priority_valid"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="claim_span_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["piece", "start"]),
            models.Index(fields=["claimant"]),
            # Latest-first lists walk these from the top. Partial on published claims: a descending
            # PostgreSQL index puts NULLs (never published) first, which every list would wade through.
            models.Index(
                F("first_published_at").desc(),
                F("id").desc(),
                condition=Q(published_verdict__isnull=False),
                name="claim_published_latest",
            ),
            models.Index(
                F("claimant"),
                F("first_published_at").desc(),
                F("id").desc(),
                condition=Q(published_verdict__isnull=False),
                name="claim_claimant_latest",
            ),
            models.Index(F("created_at").desc(), F("id").desc(), name="claim_created_latest"),
            models.Index(F("status"), F("updated_at").desc(), F("id").desc(), name="claim_status_updated"),
        ]
        permissions = [("take_workflow_steps", "Can take editors' workflow steps")]

    def __str__(self):
        return self.statement

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Claim, self.statement, max_length=120, taken=Claim.slug_taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:verdict", args=[self.slug])

    @staticmethod
    def slug_taken(slug: str, *, by=None) -> bool:
        """Whether another claim has this address, now or as an old address that redirects to it."""
        others = Claim.objects.exclude(pk=by.pk) if by is not None else Claim.objects.all()
        old = ClaimSlugRedirect.objects.filter(old_slug=slug)
        if by is not None:
            old = old.exclude(claim=by)
        return others.filter(slug=slug).exists() or old.exists()

    @property
    def is_public(self):
        """`PUBLIC_RULE` for this row, as loaded."""
        return follows_rule(PUBLIC_RULE, {"published_verdict": self.published_verdict_id, "status": self.status})

    @property
    def work_state(self) -> str:
        """The status as the desk shows it (`WorkState`); read from `with_work_state()` when the list annotated it."""
        if not hasattr(self, "work_state_value"):
            self.work_state_value = (
                Claim.objects.with_work_state().values_list("work_state_value", flat=True).get(pk=self.pk)
            )
        return self.work_state_value

    @property
    def work_state_label(self) -> str:
        return WorkState(self.work_state).label

    def current_draft(self):
        """The revision being written or reviewed, if any."""
        return self.verdicts.filter(state__in=[Verdict.State.DRAFT, Verdict.State.SUBMITTED]).first()


class ClaimSlugRedirect(models.Model):
    """An earlier address of a claim's verdict page: it answers with a permanent redirect to the current one."""

    old_slug = models.SlugField(_("old address"), max_length=120, unique=True)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return f"{self.old_slug} → {self.claim.slug}"


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
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_added"
    )
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
            "after": self.rating.label if self.rating else _("no rating"),
        }

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

    def writers(self):
        """Everyone who wrote this revision: its author and anyone who changed it since."""
        users = set(self.history.exclude(history_user=None).values_list("history_user_id", flat=True))
        users.add(self.author_id)
        return users


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
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reader_messages_handled",
    )
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
    """A notification waiting for the mail server: written in the step's own transaction, sent by a worker.

    The queue lives in the database so that a slow or dead mail server never holds up a request
    (claims/mail.py, `manage.py send_mail --loop`). A row is due while `sent_at` is empty and
    `next_try_at` has come; an empty `next_try_at` means the worker gave up (see `last_error`).
    """

    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True, default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["next_try_at"], condition=Q(sent_at__isnull=True), name="outgoing_mail_due")]

    def __str__(self):
        return self.subject
