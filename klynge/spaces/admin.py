from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klynge.core.admin_images import UploadedImagesAdmin
from klynge.spaces.models import Booking, OpeningException, OpeningHours, Place, Resource


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Place)
class PlaceAdmin(UploadedImagesAdmin, admin.ModelAdmin):
    image_fields = ("photo",)
    list_display = ["name", "updated_at"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]
    fieldsets = [
        (None, {"fields": ["name", "intro_nb", "intro_nn", "intro_en", "phone"]}),
        (
            _("Picture"),
            {"fields": ["photo", "photo_alt_nb", "photo_alt_nn", "photo_alt_en"]},
        ),
        (
            _("How to get there"),
            {
                "fields": [
                    "directions_nb",
                    "directions_nn",
                    "directions_en",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (
            _("Prices and house rules"),
            {"fields": ["prices_nb", "prices_nn", "prices_en", "rules_nb", "rules_nn", "rules_en"]},
        ),
    ]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "kind", "count", "who", "active", "order"]
    list_filter = ["kind", "who", "active"]
    list_editable = ["active", "order"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """To look up a booking; make and cancel them on the booking pages, where the rules hold."""

    list_display = ["resource", "starts_at", "ends_at", "seat", "user", "blocked", "cancelled_at"]
    list_filter = ["resource", "blocked"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["user", "booked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
