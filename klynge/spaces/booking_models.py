"""Bookable resources (desks, rooms, a phone booth) and their bookings.

A booking holds a *seat*: 1 for a room or booth, 1..count for a desk pool.
Two live bookings of the same resource and seat never overlap, counting the
resource's buffer (``held_until`` = end + buffer). PostgreSQL enforces this
with an exclusion constraint (migration 0002); the services lock the resource
row first, so that on both engines the check and the insert are one step.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from klynge.spaces.models import Place, _in_language


class Resource(models.Model):
    class Kind(models.TextChoices):
        DESK = "desk", _("drop-in desks")
        ROOM = "room", _("meeting room")
        BOOTH = "booth", _("phone booth")

    class Who(models.TextChoices):
        MEMBERS = "members", _("members")
        SIGNED_IN = "signed_in", _("anyone signed in")
        STAFF = "staff", _("staff only")

    place = models.ForeignKey(
        Place, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_nb = models.CharField(_("name (bokmål)"), max_length=80)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=80, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    count = models.PositiveSmallIntegerField(
        _("number of desks"), default=1, help_text=_("For a desk pool; 1 for a room or booth.")
    )
    capacity = models.PositiveSmallIntegerField(_("seats"), default=1)
    equipment = models.CharField(_("equipment"), max_length=200, blank=True)
    who = models.CharField(_("who may book"), max_length=10, choices=Who.choices)
    min_minutes = models.PositiveIntegerField(_("shortest booking (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("longest booking (minutes)"), default=240)
    buffer_minutes = models.PositiveIntegerField(
        _("pause between bookings (minutes)"), default=0, validators=[MaxValueValidator(60)]
    )
    days_ahead = models.PositiveIntegerField(_("bookable days ahead"), default=14)
    daily_limit_minutes = models.PositiveIntegerField(
        _("per person per day (minutes)"),
        default=0,
        help_text=_("Across all resources of this kind; 0: no limit."),
    )
    cancel_before_minutes = models.PositiveIntegerField(
        _("cancel at the latest (minutes before)"), default=60
    )
    release_after_minutes = models.PositiveIntegerField(
        _("release if not checked in (minutes after start)"),
        default=0,
        help_text=_(
            "A booking not checked in this long after it starts is released for others; 0: never."
        ),
    )
    active = models.BooleanField(_("bookable"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bookable resource")
        verbose_name_plural = _("bookable resources")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="resource_count_positive"),
            # Bookings.overlapping() reads back a day and an hour: no longer pause than that.
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=60), name="resource_buffer_hour"
            ),
            models.CheckConstraint(
                condition=Q(min_minutes__gte=1) & Q(min_minutes__lte=F("max_minutes")),
                name="resource_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    name = property(lambda self: _in_language(self, "name"))

    @property
    def is_desk(self) -> bool:
        return self.kind == self.Kind.DESK


class BookingQuerySet(models.QuerySet):
    def live(self):
        return self.filter(cancelled_at__isnull=True)

    def overlapping(self, start, held_until):
        """Bookings whose time (with the pause after) meets [start, held_until). None is
        longer than a day (services.MAX_SPAN), which bounds the index range read."""
        return self.filter(
            starts_at__lt=held_until,
            starts_at__gt=start - timedelta(days=1, hours=1),  # and the longest pause
            held_until__gt=start,
        )


class Booking(models.Model):
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="bookings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    seat = models.PositiveSmallIntegerField(_("seat"), default=1)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    held_until = models.DateTimeField(_("held until"))  # ends_at + the resource's buffer
    blocked = models.BooleanField(_("blocked by staff"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Opt-in, per booking: members see "at the hub today" with this person's name.
    show_at_hub = models.BooleanField(_("shown as at the hub"), default=False)
    # The occurrences of one weekly booking share a series.
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Released for others because no one checked in: a no-show (also cancelled_at).
    released_at = models.DateTimeField(_("released as a no-show"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "resource_id", "seat"]
        indexes = [
            models.Index(fields=["resource", "starts_at"], name="booking_resource_start"),
            # The insights' use of the hub (insights/figures/spaces.py) reads the
            # bookings that start in a period: every column it counts by is here,
            # so it reads this index from the period's start, not the whole table.
            models.Index(
                fields=["starts_at", "blocked", "cancelled_at", "ends_at", "resource", "user"],
                name="booking_insights",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")) & Q(ends_at__lte=F("held_until")),
                name="booking_start_before_end",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="booking_seat_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class BookingFeed(models.Model):
    """The secret address of a person's own bookings as a calendar; a new token revokes
    the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="booking_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, verbose_name=_("token")
    )
    created_at = models.DateTimeField(auto_now=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("booking calendar feed")
        verbose_name_plural = _("booking calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
