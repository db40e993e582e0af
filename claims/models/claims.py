"""Claims: the public rule, the desk's work states, and old verdict addresses.

Status changes never happen here: `claims.workflow` owns them.
"""

from django.apps import apps
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.fields import HttpURLField, person_link, unique_slug
from claims.models.ratings_pieces import Piece

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
        ReviewEvent = apps.get_model("claims", "ReviewEvent")  # by name: revisions.py builds on this module

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
    assignee = person_link("assigned_claims", editable=False)
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
    created_by = person_link("claims_created", editable=False)
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
        Verdict = apps.get_model("claims", "Verdict")  # by name: revisions.py builds on this module
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
