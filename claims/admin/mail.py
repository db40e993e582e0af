"""The mail history in the admin: editors see what was sent, what waits and what failed, and can try again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims import mail
from claims.admin.readonly import ReadOnlyAdminMixin
from claims.models import OutgoingMail
from claims.roles import is_editor


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "recipient_list", "created_at", "attempts", "sent_at", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject", "recipients")
    date_hierarchy = "created_at"
    actions = ["try_again"]

    @admin.display(description=_("to"))
    def recipient_list(self, outgoing):
        return ", ".join(outgoing.recipients)

    # The history is written only by notifications and their send jobs; editors may look and ask for another try.
    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    @admin.action(description=_("Try sending again"), permissions=["view"])
    def try_again(self, request, queryset):
        count = mail.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(n)d email will be sent again.", "%(n)d emails will be sent again.", count) % {"n": count},
            messages.SUCCESS,
        )
