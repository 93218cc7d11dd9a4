from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core.admin_filters import AnyChoiceFilter
from klynge.core.uploads import EventImageField, delete_on_commit, delete_replaced, old_file_name
from klynge.events.models import Event, EventMessage, Feedback, Registration, Series, Tag


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "status", "waitlist_position", "attended_at", "is_walk_in"]
    readonly_fields = ["waitlist_position"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "format", "audience", "capacity"]
    list_filter = ["status", "format", ("audience", AnyChoiceFilter), "tags"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    readonly_fields = ["sequence", "published_at", "created_at", "updated_at", "created_by"]
    raw_id_fields = ["organiser", "series"]
    inlines = [RegistrationInline]
    formfield_overrides = {models.ImageField: {"form_class": EventImageField}}
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

    # Staff uploads get the same checks as organisers'; replaced and deleted images go.
    def save_model(self, request, obj, form, change):
        old_image = old_file_name(Event, obj.pk, "image")
        super().save_model(request, obj, form, change)
        delete_replaced(obj.image, old_image)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        delete_on_commit(obj.image.storage, obj.image.name)

    def delete_queryset(self, request, queryset):
        images = [event.image.name for event in queryset if event.image]
        super().delete_queryset(request, queryset)
        for name in images:
            delete_on_commit(Event._meta.get_field("image").storage, name)


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
