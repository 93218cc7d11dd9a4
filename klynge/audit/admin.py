"""The audit log in the admin (read only), and the admin site that writes to it."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry

from klynge.audit.models import Action, AuditEntry
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
    """The admin's own words for the change ("Changed Title and Status.")."""
    entry = entry[0] if isinstance(entry, list) else entry
    return entry.get_change_message() if isinstance(entry, LogEntry) else ""


class AuditedAdminSite(admin.AdminSite):
    """The default admin site (settings: AuditedAdminConfig), so that every app's
    admin and the libraries' admins are audited without each of them opting in."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(admin_class.__name__, (AuditedModelAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "target_label", "summary", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "summary", "ip"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
