"""Every write of bookings. Views, the admin and tests call these.

No double booking: a booking takes a *seat* (1 for a room, 1..count for a desk
pool) that no other live booking of the resource holds at an overlapping time,
the buffer counted. The service locks the resource row first (``SELECT … FOR
UPDATE`` on PostgreSQL; on SQLite every write transaction is IMMEDIATE and so
already serialised), so finding the free seat and taking it are one step; on
PostgreSQL an exclusion constraint refuses an overlap even if a write went
around the service.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.spaces import rules
from klynge.spaces.booking_mail import tell_booked, tell_cancelled_by_staff
from klynge.spaces.booking_models import new_feed_token
from klynge.spaces.models import Booking, BookingFeed, Resource
from klynge.spaces.slots import local, minutes, open_intervals

# No booking or block is longer than a day, so a read of a time span need only look
# at bookings that start at most this long before it (an index range, not a scan).
MAX_SPAN = timedelta(days=1)


def _lock(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().select_related("place").get(pk=resource.pk)


def _check_time(resource: Resource, start: datetime, end: datetime) -> None:
    if start >= end:
        raise Invalid(_("The booking must end after it starts."))
    if start <= timezone.now():
        raise Invalid(_("That time has passed."))
    day = local(start).date()
    intervals = open_intervals(resource.place, day)
    if not intervals:
        raise Invalid(_("The hub is closed that day."))
    inside = any(a <= start and end <= b for a, b in intervals)
    if resource.is_desk:
        inside = intervals[0][0] <= start and end <= intervals[-1][1]
    if not inside:
        raise Invalid(_("The hub is not open for the whole of that time."))


def _check_rules(
    resource: Resource, user, start: datetime, end: datetime, *, window: bool = True
) -> None:
    length = minutes(start, end)
    if length < resource.min_minutes:
        raise Invalid(
            _("The shortest booking is %(minutes)d minutes.") % {"minutes": resource.min_minutes}
        )
    if length > resource.max_minutes:
        raise Invalid(
            _("The longest booking is %(minutes)d minutes.") % {"minutes": resource.max_minutes}
        )
    last_day = timezone.localdate() + timedelta(days=resource.days_ahead)
    if window and local(start).date() > last_day:
        raise Invalid(
            _("You can book at most %(days)d days ahead.") % {"days": resource.days_ahead}
        )
    if resource.daily_limit_minutes:
        day = local(start).date()
        spans = (
            Booking.objects.live()
            .filter(user=user, resource__kind=resource.kind, starts_at__date=day)
            .values_list("starts_at", "ends_at")
        )
        taken = sum(minutes(a, b) for a, b in spans)
        if taken + length > resource.daily_limit_minutes:
            raise Conflict(
                _("You can book at most %(minutes)d minutes of this a day.")
                % {"minutes": resource.daily_limit_minutes}
            )


def _free_seat(resource: Resource, start: datetime, held_until: datetime) -> int | None:
    taken = set(
        Booking.objects.live()
        .filter(resource=resource)
        .overlapping(start, held_until)
        .values_list("seat", flat=True)
    )
    return next((s for s in range(1, resource.count + 1) if s not in taken), None)


def _insert(booking: Booking) -> Booking:
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise Conflict(_("Someone else has just booked that time. Choose another.")) from None
    return booking


def book_locked(
    resource: Resource,
    user,
    starts_at: datetime,
    ends_at: datetime,
    *,
    by,
    note: str = "",
    series=None,
    window: bool = True,
) -> Booking:
    """Check every rule and insert, on a resource already locked by ``_lock``. No email.
    ``window=False`` skips "how far ahead" (a series' later occurrences, see series.py)."""
    if not resource.active:
        raise Conflict(_("This can no longer be booked."))
    _check_time(resource, starts_at, ends_at)
    _check_rules(resource, user, starts_at, ends_at, window=window)
    held_until = ends_at + timedelta(minutes=resource.buffer_minutes)
    seat = _free_seat(resource, starts_at, held_until)
    if seat is None:
        raise Conflict(_("That time is already booked. Choose another."))
    if resource.release_after_minutes:
        _release_later(starts_at + timedelta(minutes=resource.release_after_minutes))
    return _insert(
        Booking(
            resource=resource,
            user=user,
            booked_by=by,
            seat=seat,
            starts_at=starts_at,
            ends_at=ends_at,
            held_until=held_until,
            note=note,
            series=series,
        )  # fmt: skip
    )


def _release_later(when: datetime) -> None:
    """Ask the worker to release no-shows when this booking's check-in time runs out
    (the timed job ``run_spaces_jobs`` catches any the worker missed)."""
    from klynge.spaces.tasks import release_no_shows  # tasks -> checkin -> booking_mail

    transaction.on_commit(lambda: release_no_shows.using(run_after=when).enqueue())


def check_may_book(*, resource: Resource, user, by) -> bool:
    """Refuse who may not book; True when staff book on someone's behalf."""
    on_behalf = by.pk != user.pk
    if on_behalf and not rules.can_manage(by):
        raise NotAllowed(_("Only staff can book for someone else."))
    if not on_behalf and not rules.may_book(user, resource):
        raise NotAllowed(_("You cannot book this."))
    return on_behalf


@transaction.atomic
def booking_create(
    *,
    resource: Resource,
    user,
    starts_at: datetime,
    ends_at: datetime,
    by=None,
    note: str = "",
) -> Booking:
    """Book ``resource`` for ``user``; ``by`` is staff booking on someone's behalf."""
    by = by or user
    on_behalf = check_may_book(resource=resource, user=user, by=by)
    resource = _lock(resource)
    booking = book_locked(resource, user, starts_at, ends_at, by=by, note=note)
    if on_behalf:
        audit_record(
            actor=by, action=Action.BOOKING_ON_BEHALF, target=booking,
            summary=f"{user.email}: {booking}",
        )  # fmt: skip
    tell_booked(booking)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by) -> Booking:
    if not rules.can_cancel(by, booking):
        raise NotAllowed(_("You cannot cancel this booking."))
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource", "user")
        .get(pk=booking.pk)
    )
    if booking.cancelled:
        raise Conflict(_("This booking is already cancelled."))
    latest = booking.starts_at - timedelta(minutes=booking.resource.cancel_before_minutes)
    if not rules.can_manage(by) and timezone.now() > latest:
        raise Conflict(_("It is too late to cancel this booking."))
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    if booking.user_id is not None and booking.user_id != by.pk:
        audit_record(
            actor=by, action=Action.BOOKING_CANCEL, target=booking,
            summary=f"{booking.user.email}: {booking}",
        )  # fmt: skip
        tell_cancelled_by_staff(booking, reason="")
    if booking.blocked:  # a block holds every desk of a pool: lift it whole
        Booking.objects.live().filter(
            resource=booking.resource_id, blocked=True,
            starts_at=booking.starts_at, ends_at=booking.ends_at,
        ).update(cancelled_at=booking.cancelled_at)  # fmt: skip
    return booking


@transaction.atomic
def block_create(
    *,
    resource: Resource,
    starts_at: datetime,
    ends_at: datetime,
    by,
    note: str,
    override: bool = False,
) -> list[Booking]:
    """Staff take a resource out (maintenance, a private event): every seat, no rules but
    that nothing is booked then. With ``override`` the bookings in that time are cancelled
    and each person gets an email saying why."""
    if not rules.can_manage(by):
        raise NotAllowed(_("Only staff can block a resource."))
    if starts_at >= ends_at:
        raise Invalid(_("The booking must end after it starts."))
    if not note.strip():
        raise Invalid(_("Say why the resource is blocked."))
    if ends_at - starts_at > MAX_SPAN:
        raise Invalid(_("Block one day at a time."))
    resource = _lock(resource)
    booked = list(
        Booking.objects.live()
        .filter(resource=resource)
        .overlapping(starts_at, ends_at)
        .select_related("user", "resource__place")
    )
    if booked and not override:
        raise Conflict(
            _("%(count)d bookings fall in that time. Cancel them first.") % {"count": len(booked)}
        )
    for booking in booked:
        _override(booking, by=by, note=note.strip())
    blocks = [
        _insert(
            Booking(
                resource=resource,
                user=None,
                booked_by=by,
                seat=seat,
                starts_at=starts_at,
                ends_at=ends_at,
                held_until=ends_at,
                blocked=True,
                note=note.strip(),
            )  # fmt: skip
        )
        for seat in range(1, resource.count + 1)
    ]
    audit_record(
        actor=by, action=Action.BOOKING_BLOCK, target=resource,
        summary=f"{local(starts_at):%Y-%m-%d %H:%M}–{local(ends_at):%H:%M}: {note.strip()}"
        f" ({len(booked)} bookings cancelled)",
    )  # fmt: skip
    return blocks


def _override(booking: Booking, *, by, note: str) -> None:
    """A block takes this booking's time: cancel it, record it, tell the person."""
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    if booking.user_id is None:  # an earlier block, or a deleted account's booking
        return
    audit_record(
        actor=by, action=Action.BOOKING_CANCEL, target=booking,
        summary=f"{booking.user.email}: {booking} ({note})",
    )  # fmt: skip
    tell_cancelled_by_staff(booking, reason=note)


@transaction.atomic
def booking_feed_renew(*, user) -> bool:
    """Make ``user``'s calendar address, or a new one that revokes the old; True if new."""
    feed, created = BookingFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
        audit_record(actor=user, action=Action.CALENDAR_REGENERATE, target=user)
    return created
