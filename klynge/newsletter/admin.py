from django.contrib import admin

from klynge.newsletter.models import Delivery, Issue, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source", "language", "consent_at"]
    list_filter = ["status", "source"]
    search_fields = ["email"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "consent_at", "source", "created_at"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """Read-mostly: staff write and send issues in the composer (/nyhetsbrev/utgaver/)."""

    list_display = ["subject", "status", "scheduled_at", "sent_at", "recipients"]
    list_filter = ["status"]
    readonly_fields = ["status", "scheduled_at", "started_at", "sent_at", "recipients",
                       "since", "until", "created_by"]  # fmt: skip


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscription", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["issue", "subscription"]
    readonly_fields = ["status", "attempts", "claimed_at", "sent_at", "error"]
