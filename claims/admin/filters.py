"""The admin's list filters and paginator: the parts of its lists that stay fast on a large newsroom's tables."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from claims.models import Piece, Rating


class RatingFilter(admin.SimpleListFilter):
    title = _("rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(r.slug, r.label) for r in Rating.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(published_verdict__rating__slug=self.value())
        return queryset


class RecentPieceFilter(admin.RelatedFieldListFilter):
    """Filter by piece, listing the most recent pieces only: a newsroom has tens of thousands."""

    shown = 30

    def field_choices(self, field, request, model_admin):
        choices = list(Piece.objects.order_by("-id").values_list("pk", "title")[: self.shown])
        selected = self.lookup_val[0] if self.lookup_val else None
        if selected and str(selected).isdigit() and all(str(pk) != selected for pk, _title in choices):
            choices += list(Piece.objects.filter(pk=selected).values_list("pk", "title"))
        return choices


class EstimatedCountPaginator(Paginator):
    """On PostgreSQL, an unfiltered list of a large table is counted from the planner's estimate."""

    exact_below = 100_000

    @cached_property
    def count(self):
        items = self.object_list
        if connection.vendor == "postgresql" and not items.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [items.model._meta.db_table]
                )
                row = cursor.fetchone()
            if row and row[0] >= self.exact_below:
                return row[0]
        return super().count


class BoundedDatesChangeList(ChangeList):
    """A date drill-down beyond the calendar (year 99999999999, the year after 9999) answers 400, not 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # Django turns the dates it cannot build into its own error page; these it cannot even add to.
            raise BadRequest(_("That date is outside the calendar.")) from error


class BoundedDatesMixin:
    """For a ModelAdmin: its list's date drill-down refuses dates beyond the calendar with a 400."""

    def get_changelist(self, request, **kwargs):
        return BoundedDatesChangeList
