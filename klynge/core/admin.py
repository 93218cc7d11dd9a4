from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klynge.core.mail import outgoing_resend
from klynge.core.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Staff see what went out and what did not, and send failed mail again."""

    list_display = ["subject", "recipients", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "recipients", "subject", "status", "attempts", "next_attempt_at", "last_error",
        "created_at", "sent_at", "message",
    ]  # fmt: skip
    readonly_fields = fields  # a record of what was sent: nothing in it is edited

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send again (failed or stuck mail)"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        count = outgoing_resend(mails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
