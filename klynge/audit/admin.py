"""The audit log in the admin: read only."""

from django.contrib import admin

from klynge.audit.models import AuditEntry


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
