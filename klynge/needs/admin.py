from django.contrib import admin

from klynge.core.admin_filters import AnyChoiceFilter
from klynge.needs.models import (
    AlertSettings,
    Answer,
    Attachment,
    Invitation,
    Message,
    Need,
    Notice,
)  # fmt: skip


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["person", "company", "created_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False


class NoticeInline(admin.TabularInline):
    model = Notice
    extra = 0
    fields = ["recipient", "person", "company", "score", "channel", "sent_at"]
    readonly_fields = fields
    can_delete = False


class AttachmentInline(admin.TabularInline):
    """Listed, and deletable (the file goes on commit); added only by the poster's page,
    which checks what a file really is."""

    model = Attachment
    extra = 0
    fields = ["name", "kind", "size", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "posted_by", "municipality", "published_at", "expires_at"]
    list_filter = ["status", "posted_by", "municipality", ("audience", AnyChoiceFilter)]
    search_fields = ["title", "description", "organisation", "poster__email"]
    raw_id_fields = ["poster", "filled_by_person", "filled_by_company"]
    filter_horizontal = ["competences", "chosen"]
    readonly_fields = [
        "created_at", "updated_at", "published_at", "settled_at", "providers_notified_at",
        "expiry_reminded_at", "follow_up_sent_at", "outcome_at",
        # Set by the poster's form (re-encoded) and by the service from the register.
        "image", "public_body",
    ]  # fmt: skip
    inlines = [AttachmentInline, AnswerInline, NoticeInline]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["author", "from_poster", "body", "created_at"]
    readonly_fields = fields


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["need", "person", "company", "created_at", "withdrawn_at"]
    raw_id_fields = ["need", "author", "person", "company"]
    inlines = [MessageInline]


admin.site.register(Invitation)
admin.site.register(AlertSettings)
