"""Filters and sorting for the desk's claim lists (django-filter)."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, WorkState

SORTS = {
    "priority": (_("Priority, then oldest"), ["-priority", "created_at", "id"]),
    "oldest": (_("Oldest first"), ["created_at", "id"]),
    "newest": (_("Newest first"), ["-created_at", "-id"]),
    "due": (_("Due soonest"), ["due_on", "-priority", "id"]),
    # Claims typed in by hand have no score: they come last, not first.
    "score": (_("Score, highest first"), [F("score").desc(nulls_last=True), "-priority", "id"]),
}


class FilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        columns = [Column(name, css_class="col-sm-6 col-lg") for name in self.fields]
        columns.append(
            Column(Submit("", _("Filter"), css_class="btn-secondary"), css_class="col-auto align-self-end mb-3")
        )
        self.helper.layout = Layout(Row(*columns, css_class="g-2 align-items-end"))


class ClaimFilter(django_filters.FilterSet):
    """Search, priority and sorting, shared by every list of claims on the desk."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=Claim.Priority.choices, empty_label=_("Any priority")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields = ["q", "priority", "sort"]
        form = FilterForm

    default_sort = "priority"

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(statement__icontains=value) | Q(claimant__icontains=value) | Q(piece__title__icontains=value)
        )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS[self.default_sort][1])
        return queryset


class QueueFilter(ClaimFilter):
    """A fact-checker's own claims: open ones unless they ask for a status.

    The statuses offered are the work states people see (changes requested, correction in progress).
    """

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*WorkState.choices, ("all", _("All statuses"))],
        empty_label=_("Open (to do)"),
        method="by_status",
    )

    class Meta(ClaimFilter.Meta):
        fields = ["q", "status", "priority", "sort"]

    def by_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.in_work_state(value)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.open()
        return super().filter_queryset(queryset)


class TriageFilter(ClaimFilter):
    """New claims for editors to assign or dismiss."""
