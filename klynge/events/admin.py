from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klynge.core.admin_filters import AnyChoiceFilter
from klynge.core.admin_images import UploadedImagesAdmin
from klynge.events.models import Event, EventMessage, Feedback, Registration, Series, Tag


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "status", "waitlist_position", "attended_at", "is_walk_in"]
    readonly_fields = ["waitlist_position"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(UploadedImagesAdmin, admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "format", "audience", "capacity"]
    list_filter = ["status", "format", ("audience", AnyChoiceFilter), "tags"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    readonly_fields = ["sequence", "published_at", "created_at", "updated_at", "created_by"]
    raw_id_fields = ["organiser", "series"]
    inlines = [RegistrationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "description", "image", "image_alt"]}),
        (
            _("Time and place"),
            {"fields": ["starts_at", "ends_at", "format", "venue", "address", "online_url"]},
        ),
        (
            _("Registration"),
            {"fields": ["capacity", "registration_opens_at", "registration_closes_at", "audience"]},
        ),
        (
            _("Other"),
            {
                "fields": [
                    "organiser",
                    "tags",
                    "series",
                    "sequence",
                    "published_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "waitlist_position", "attended_at"]
    list_filter = ["status", "is_walk_in", "event"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["event", "user"]
    readonly_fields = ["created_at", "confirmed_at", "cancelled_at", "attempt"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_filter = ["rating"]
    raw_id_fields = ["registration"]


admin.site.register(Tag, search_fields=["name"], prepopulated_fields={"slug": ["name"]})
admin.site.register(Series, list_display=["title", "rule", "created_at"])


@admin.register(EventMessage)
class EventMessageAdmin(admin.ModelAdmin):
    """What organisers wrote to participants; a record, so it cannot be changed."""

    list_display = ["subject", "event", "audience", "recipients", "sent_by", "created_at"]
    list_filter = ["audience"]
    search_fields = ["subject", "body", "event__title"]
    readonly_fields = [f.name for f in EventMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
