"""Background jobs in the admin: editors list them by state, read a failure's error, and try a failed job again."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from claims.admin.readonly import ReadOnlyAdminMixin
from claims.roles import is_editor

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)  # the engine's own page: superusers only, no "try again"


@admin.register(DBTaskResult)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("task_name", "status", "attempts", "enqueued_at", "finished_at", "error")  # fits 1280 px
    list_filter = ("status", "queue_name", "task_path")
    search_fields = ("task_path", "id")
    date_hierarchy = "enqueued_at"
    ordering = ["-enqueued_at"]
    actions = ["try_again"]
    fields = (
        "task_path",
        "status",
        "attempts",
        "args_kwargs",
        "enqueued_at",
        "started_at",
        "finished_at",
        "formatted_traceback",
    )
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    @admin.display(description=_("attempts"))
    def attempts(self, row):
        return len(row.worker_ids)

    @admin.display(description=_("error"))
    def error(self, row):
        lines = row.traceback.strip().splitlines()
        return lines[-1][:200] if lines else ""

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, row):
        return format_html("<pre>{}</pre>", row.traceback) if row.traceback else "-"

    @admin.action(description=_("Try again"), permissions=["view"])
    def try_again(self, request, queryset):
        count = queryset.filter(status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=get_date_max(), worker_ids=[], finished_at=None
        )
        self.message_user(
            request,
            ngettext("%(n)d job will run again.", "%(n)d jobs will run again.", count) % {"n": count},
            messages.SUCCESS,
        )
