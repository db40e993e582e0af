"""The claim desk's admins: every model, with the workflow steps as buttons and bulk actions.

Status is never a form field here; each button and action calls
`claims.workflow.take_step`, so the admin obeys the same rules as the desk.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims import editing
from claims.admin.filters import BoundedDatesMixin, EstimatedCountPaginator, RatingFilter, RecentPieceFilter
from claims.admin.forms import ClaimAdminForm, VersionedAdminForm, WellFormedAutocomplete, WellFormedChoiceField
from claims.admin.readonly import ReadOnlyAdminMixin
from claims.admin.steps import WorkflowStepsMixin
from claims.editing import can_edit_claim, can_edit_piece, can_edit_research, can_set_republishing
from claims.models import Claim, Comment, Evidence, Piece, Rating, ReaderMessage, ReviewEvent, Verdict
from claims.roles import is_editor

NUMERIC_ID = re.compile(r"[0-9]{1,18}")


class WellFormedIdsMixin(BoundedDatesMixin):
    """Ticked boxes, URL ids, dates and chosen rows that cannot exist get a message or a 404, never a failed query."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", WellFormedAutocomplete(db_field, self.admin_site, using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, form_class=WellFormedChoiceField, **kwargs)

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
        if request.method == "POST":
            # Reverting saves a whole old row past the workflow and the edit rules (SIMPLE_HISTORY_REVERT_DISABLED
            # only hides the button): the page shows a past version, it never saves one.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ResearchInlineMixin:
    """Evidence and drafts change only while the claim is researched, by its fact-checker or an editor."""

    def has_add_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can_edit_research(obj, request.user) and super().has_delete_permission(request, obj)


class EvidenceInline(ResearchInlineMixin, admin.TabularInline):
    """Saved through claims.editing (ClaimAdmin.save_formset); the order is changed in the desk."""

    model = Evidence
    extra = 0
    fields = ("position", "url", "title", "publisher", "stance", "accessed_on", "archived_url")
    readonly_fields = ("position",)


def _evidence_data(evidence):
    return {field: getattr(evidence, field) for field in editing.EVIDENCE_FIELDS}


CLAIM_FORM_FIELDS = (*editing.CLAIM_FIELDS, *editing.PLACE_FIELDS, "slug")


def _typed(form, names):
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def _refused(refusal):
    """A refusal the form could not see coming (a step taken meanwhile): the page is not shown again."""
    return PermissionDenied(str(refusal))


def _lock_and_check(model, obj, allowed, user):
    """Re-read the row under a lock and re-check the edit rule: the page may have been opened before a step."""
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if not allowed(locked, user):
        raise PermissionDenied
    return locked


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


@admin.register(Claim)
class ClaimAdmin(WellFormedIdsMixin, WorkflowStepsMixin, SimpleHistoryAdmin):
    form = ClaimAdminForm
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
        "loaded_version",
        *readonly_fields,
    )
    autocomplete_fields = ("piece",)
    inlines = (EvidenceInline, VerdictInline, ReviewEventInline)
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

    def get_readonly_fields(self, request, obj=None):
        # Where a public claim lives (its URL, its piece and its span there) never moves.
        if obj is not None and obj.first_published_at is not None:
            return (*self.readonly_fields, "slug", "piece", "start", "end")
        return self.readonly_fields

    # Saved through claims.editing, as in the desk: its rules, its version check, its lock and history user.
    def save_model(self, request, obj, form, change):
        try:
            if change:
                data = _typed(form, [name for name in form.changed_data if name in CLAIM_FORM_FIELDS])
                editing.update_claim(obj, by=request.user, data=data, version=form.cleaned_data["loaded_version"])
            else:
                obj.pk = editing.create_claim(by=request.user, **_typed(form, CLAIM_FORM_FIELDS)).pk
        except editing.EditRefused as refusal:
            raise _refused(refusal) from refusal
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        # Evidence changes as in the desk: claims.editing's rules, locks and history user.
        formset.save(commit=False)
        try:
            for evidence in formset.deleted_objects:
                editing.remove_evidence(evidence, by=request.user)
            for evidence, _fields in formset.changed_objects:
                editing.update_evidence(evidence, by=request.user, data=_evidence_data(evidence))
            for evidence in formset.new_objects:
                editing.add_evidence(form.instance, by=request.user, **_evidence_data(evidence))
        except editing.EditRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        return None


# What an edit of the scale or of a piece means for published verdicts, on the change forms (and in the README).
RATING_HELP = {
    "label": _(
        "Published verdicts keep this rating as it was when they were approved (label, value, meaning): a change "
        "here reaches a verdict's page, feeds and ClaimReview only when a revision of it is approved again. "
        "The methodology page and this rating's list show the scale as it is now."
    )
}
PIECE_HELP = {
    "title": _(
        "Published verdicts keep citing this piece as it was when they were approved (title, publisher, byline, "
        "date, URL, language, whether we may publish its text): a change here reaches readers only when a "
        "revision citing it is approved again. Turning off “we may publish its full text” or changing the body "
        "takes the full text off the piece page at once."
    )
}


@admin.register(Piece)
class PieceAdmin(WellFormedIdsMixin, SimpleHistoryAdmin):
    list_display = ("title", "publisher", "published_on", "language", "may_republish", "created_at")
    list_filter = ("publisher", "language", "may_republish")
    search_fields = ("title", "publisher", "byline", "url")
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_by", "created_at")

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, help_texts=PIECE_HELP, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if can_set_republishing(request.user) else (*readonly, "may_republish")

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_piece(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            _lock_and_check(Piece, obj, can_edit_piece, request.user)
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

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
    readonly_fields = ("claim", "position", "added_by", "created_at")

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_research(obj.claim, request.user):
            return False
        return super().has_change_permission(request, obj)

    # Saved and removed through claims.editing, as in the desk: its rules, its locks, its history user.
    def save_model(self, request, obj, form, change):
        try:
            editing.update_evidence(obj, by=request.user, data=_evidence_data(obj))
        except editing.EditRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal

    def delete_model(self, request, obj):
        try:
            editing.remove_evidence(obj, by=request.user)
        except editing.EditRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal

    def delete_queryset(self, request, queryset):
        for evidence in queryset.select_related("claim"):
            try:
                editing.remove_evidence(evidence, by=request.user)
            except editing.EditRefused as refusal:
                self.message_user(request, f"“{evidence.title[:60]}”: {refusal}", messages.ERROR)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_edit_research(obj.claim, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # evidence is added on its claim, where the claim's status is known


@admin.register(Verdict)
class VerdictAdmin(WellFormedIdsMixin, SimpleHistoryAdmin):
    form = VersionedAdminForm
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

    def get_readonly_fields(self, request, obj=None):
        # The draft's text is the only thing written here; the rest belongs to the workflow and the snapshot.
        return [f.name for f in Verdict._meta.fields if f.name != "id" and f.name not in editing.VERDICT_FIELDS]

    def save_model(self, request, obj, form, change):
        data = _typed(form, editing.VERDICT_FIELDS)
        try:
            editing.save_verdict(obj.claim, by=request.user, data=data, version=form.cleaned_data["loaded_version"])
        except editing.EditRefused as refusal:
            raise _refused(refusal) from refusal


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdminMixin, WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("created_at", "claim", "actor", "step", "from_status", "to_status")
    list_filter = ("step", "to_status")
    list_select_related = ("claim", "actor")
    search_fields = ("claim__statement", "comment")
    date_hierarchy = "created_at"


@admin.register(Rating)
class RatingAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    list_display = ("label", "value", "colour", "order")
    list_editable = ("order",)
    search_fields = ("label",)
    # A change refreshes every public page through claims.generations' receivers, list_editable included; the
    # verdicts on them show the rating as approved (Verdict.shown_rating).

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, help_texts=RATING_HELP, **kwargs)


@admin.register(Comment)
class CommentAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    """Comments are the record of a claim's discussion: written once, by whoever is signed in, as in the desk."""

    list_display = ("claim", "author", "created_at")
    search_fields = ("body", "claim__statement")
    date_hierarchy = "created_at"
    raw_id_fields = ("claim",)
    fields = ("claim", "body", "author", "created_at")
    readonly_fields = ("author", "created_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            obj.pk = editing.add_comment(obj.claim, by=request.user, body=obj.body).pk
        except editing.EditRefused as refusal:
            raise _refused(refusal) from refusal
        obj.refresh_from_db()


@admin.register(ReaderMessage)
class ReaderMessageAdmin(WellFormedIdsMixin, admin.ModelAdmin):
    """Readers' names and addresses: editors only (README, "The desk"), whatever permissions a group is given."""

    list_display = ("kind", "state", "text", "email", "created_at")
    list_filter = ("kind", "state")
    search_fields = ("text", "email", "url")
    date_hierarchy = "created_at"
    raw_id_fields = ("claim",)

    def has_module_permission(self, request):
        return is_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)
