"""Who changed what readers will see of each revision: written by claims/editing.py, shown here, never changed."""

from django.contrib import admin

from claims.admin.readonly import ReadOnlyAdminMixin
from claims.models import ProjectionChange


@admin.register(ProjectionChange)
class ProjectionChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "claim", "revision", "user", "what")
    list_select_related = ("claim", "user")
    list_filter = ("user",)
    search_fields = ("claim__statement", "what")
    date_hierarchy = "at"
