"""The admin site that writes every add, change and delete to the audit log.

Its own module, without registrations, because Django builds the default
site lazily on the first ``admin.register``: a registration in this module
would build a second site while the first is being built.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils import translation

from klynge.audit.models import Action
from klynge.audit.services import audit_record


class AuditedModelAdmin:
    """Mixed into every ModelAdmin the site registers: Django's own admin history
    (LogEntry) stays as it is, and each add, change and delete is also audited."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_record(
            actor=request.user, action=Action.ADMIN_ADD, target=obj, request=request,
            summary=_message(entry),
        )  # fmt: skip
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_record(
            actor=request.user, action=Action.ADMIN_CHANGE, target=obj, request=request,
            summary=_message(entry),
        )  # fmt: skip
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=request.user, action=Action.ADMIN_DELETE, target=obj, request=request
            )
        return super().log_deletions(request, queryset)


def _message(entry) -> str:
    """The admin's own words for the change ("Changed Title and Status."), in English
    like the field names in other entries' summaries, whatever the admin's language."""
    entry = entry[0] if isinstance(entry, list) else entry
    if not isinstance(entry, LogEntry):
        return ""
    with translation.override("en"):
        return entry.get_change_message()


class AuditedAdminSite(admin.AdminSite):
    """The default admin site (settings: AuditedAdminConfig), so that every app's
    admin and the libraries' admins are audited without each of them opting in."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(admin_class.__name__, (AuditedModelAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
