"""The admin: every model, with the workflow steps as buttons and bulk actions.

Status is never a form field here; each button and action calls
`claims.workflow.take_step`, so the admin obeys the same rules as the desk.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims import generations, workflow
from claims.editing import can_edit_claim, can_edit_research
from claims.models import Claim, Comment, Evidence, Piece, Rating, ReaderMessage, ReviewEvent, Verdict
from claims.roles import EDITORS, FACT_CHECKERS


def desk_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITORS, FACT_CHECKERS]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


NUMERIC_ID = re.compile(r"[0-9]{1,18}")


class WellFormedIdsMixin:
    """Ticked boxes and URL ids that are not numbers get a message or a 404, never a failed query."""

    def response_action(self, request, queryset):
        ticked = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(NUMERIC_ID.fullmatch(pk) for pk in ticked):
            self.message_user(request, _("Some of the ticked items do not exist; nothing was done."), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        if not NUMERIC_ID.fullmatch(str(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (NUMERIC_ID.fullmatch(str(object_id)) and NUMERIC_ID.fullmatch(str(version_id))):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class StepForm(forms.Form):
    comment = forms.CharField(label=_("Comment or reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_users()
        if step is not None:
            self.fields["comment"].required = step.needs_comment
            self.fields["assignee"].required = step.name == "assign"


class ResearchInlineMixin:
    """Evidence and drafts change only while the claim is researched, by its fact-checker or an editor."""

    def has_add_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_delete_permission(request, obj)


class EvidenceInline(ResearchInlineMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("position", "url", "title", "publisher", "stance", "accessed_on", "archived_url")


class VerdictInline(admin.StackedInline):
    """The revisions, read-only here: a draft is edited on its own admin page or in the desk."""

    model = Verdict
    extra = 0
    fields = ("number", "state", "rating", "headline", "summary", "explanation", "author", "approved_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rating", "author")


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    fields = ("created_at", "actor", "step", "from_status", "to_status", "comment")
    readonly_fields = fields
    can_delete = False
    ordering = ("-id",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


def _step_action(step_name):
    step = workflow.STEPS[step_name]

    def action(modeladmin, request, queryset):
        return modeladmin.bulk_step(request, queryset, step_name)

    action.__name__ = f"bulk_{step_name}"
    action.short_description = _("%(step)s selected claims") % {"step": step.label}
    return action


@admin.register(Claim)
class ClaimAdmin(WellFormedIdsMixin, SimpleHistoryAdmin):
    list_display = (
        "statement",
        "status",
        "claimant",
        "piece",
        "assignee",
        "priority",
        "due_on",
        "rating_label",
        "created_at",
    )
    list_filter = ("status", RatingFilter, "assignee", ("piece", RecentPieceFilter), "priority")
    list_select_related = ("piece", "assignee", "published_verdict__rating")
    search_fields = ("statement", "quote", "claimant", "piece__title")
    date_hierarchy = "created_at"
    readonly_fields = ("status", "assignee", "score", "score_reasons", "first_published_at", "created_by", "created_at")
    fields = (
        "statement",
        "quote",
        "claimant",
        "said_on",
        "appearance_url",
        "piece",
        "start",
        "end",
        "priority",
        "due_on",
        "slug",
        *readonly_fields,
    )
    autocomplete_fields = ("piece",)
    inlines = (EvidenceInline, VerdictInline, ReviewEventInline)
    actions = [_step_action(name) for name in workflow.STEPS]
    change_form_template = "admin/claims/claim/change_form.html"
    list_per_page = 50
    paginator = EstimatedCountPaginator
    show_full_result_count = False  # one COUNT(*) of the whole table per page view is enough

    @admin.display(description=_("rating"), ordering="published_verdict__rating__order")
    def rating_label(self, obj):
        return obj.published_verdict.rating.label if obj.published_verdict_id and obj.published_verdict.rating else "—"

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_claim(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A claim that was ever public is withdrawn, never deleted.
        if obj is not None and obj.first_published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        published = queryset.filter(first_published_at__isnull=False)
        if published.exists():
            self.message_user(request, _("Published claims cannot be deleted; withdraw them instead."), messages.ERROR)
        super().delete_queryset(request, queryset.filter(first_published_at__isnull=True))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("<int:pk>/step/<str:step>/", self.admin_site.admin_view(self.step_view), name="claims_claim_step"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_steps"] = workflow.available_steps(obj, request.user)
            context["step_form"] = StepForm()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def step_view(self, request, pk, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = get_object_or_404(Claim, pk=pk)
        form = StepForm(request.POST)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        try:
            workflow.take_step(claim, step, by=request.user, comment=data.get("comment", ""), to=data.get("assignee"))
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Done: %(step)s.") % {"step": workflow.STEPS[step].label}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))

    def bulk_step(self, request, queryset, step_name):
        step = workflow.STEPS[step_name]
        needs_form = step.needs_comment or step_name == "assign"
        form = StepForm(request.POST if "confirm" in request.POST else None, step=step)
        if needs_form and not (form.is_bound and form.is_valid()):
            context = {
                **self.admin_site.each_context(request),
                "title": step.label,
                "step": step,
                "form": form,
                "claims": queryset,
                "opts": self.model._meta,
                "action": request.POST.get("action"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/claims/claim/bulk_step.html", context)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        done, refused = 0, []
        for claim in queryset:
            try:
                workflow.take_step(
                    claim, step_name, by=request.user, comment=data.get("comment", ""), to=data.get("assignee")
                )
                done += 1
            except workflow.TransitionError as error:
                refused.append(f"“{claim.statement[:60]}”: {error}")
        if done:
            self.message_user(
                request, _("%(step)s: %(n)d claim(s) done.") % {"step": step.label, "n": done}, messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)
        return None


@admin.register(Piece)
class PieceAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("title", "publisher", "published_on", "language", "created_at")
    list_filter = ("publisher", "language")
    search_fields = ("title", "publisher", "byline", "url")
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ("title",)}

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.claims.filter(first_published_at__isnull=False).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Evidence)
class EvidenceAdmin(WellFormedIdsMixin, SimpleHistoryAdmin):
    list_display = ("title", "claim", "stance", "publisher", "accessed_on")
    list_filter = ("stance",)
    list_select_related = ("claim",)
    search_fields = ("title", "url", "publisher", "claim__statement")
    date_hierarchy = "accessed_on"
    raw_id_fields = ("claim", "added_by")

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_research(obj.claim, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_edit_research(obj.claim, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # evidence is added on its claim, where the claim's status is known


@admin.register(Verdict)
class VerdictAdmin(WellFormedIdsMixin, SimpleHistoryAdmin):
    list_display = ("claim", "number", "state", "rating", "author", "approved_at")
    list_filter = ("state", "rating")
    list_select_related = ("claim", "rating", "author")
    search_fields = ("headline", "summary", "claim__statement")
    date_hierarchy = "created_at"
    readonly_fields = ("claim", "number", "state", "author", "correction_reason", "approved_at", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.state != Verdict.State.DRAFT or not can_edit_research(obj.claim, request.user)):
            return False
        return super().has_change_permission(request, obj)


@admin.register(ReviewEvent)
class ReviewEventAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("created_at", "claim", "actor", "step", "from_status", "to_status")
    list_filter = ("step", "to_status")
    list_select_related = ("claim", "actor")
    search_fields = ("claim__statement", "comment")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("label", "value", "colour", "order")
    list_editable = ("order",)
    search_fields = ("label",)

    # Every public page shows ratings (badges, colours, the methodology): a change refreshes them all.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        generations.invalidate_site()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        generations.invalidate_site()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        generations.invalidate_site()


@admin.register(Comment)
class CommentAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("claim", "author", "created_at")
    search_fields = ("body", "claim__statement")
    date_hierarchy = "created_at"
    raw_id_fields = ("claim",)


@admin.register(ReaderMessage)
class ReaderMessageAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("kind", "state", "text", "email", "created_at")
    list_filter = ("kind", "state")
    search_fields = ("text", "email", "url")
    date_hierarchy = "created_at"
    raw_id_fields = ("claim",)
