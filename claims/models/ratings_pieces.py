"""The rating scale and the source documents (pieces) that claims are taken from."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.fields import HttpURLField, person_link, unique_slug


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
        Claim = apps.get_model("claims", "Claim")  # by name: claims.py builds on this module, not the reverse
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
    may_republish = models.BooleanField(
        _("we may publish its full text"),
        default=False,
        help_text=_(
            "Our own reporting or a public transcript. Otherwise readers see only the checked claims in their "
            "sentences and a link to the original."
        ),
    )
    # The body's paragraphs, headings and captions as the intake read them: [{"kind", "start", "end",
    # "credit"}], offsets into body, a caption's photo credit kept here and never in the body.
    # Not editable: offsets typed by hand would not match; the piece page checks them anyway.
    blocks = models.JSONField(_("structure"), default=list, blank=True, editable=False)
    created_by = person_link("pieces_created")
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
