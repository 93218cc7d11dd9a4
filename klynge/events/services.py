"""Every write the events app does. Views, the API, commands and tasks call these.

Sign-ups lock the event row (``SELECT … FOR UPDATE`` on PostgreSQL; on
SQLite every write transaction is IMMEDIATE and so already serialised), so
that counting the free places and taking one happen as one step and
concurrent sign-ups never exceed the capacity. A first sign-up on PostgreSQL
takes the same lock in one message with its count and writes
(``signup_sql``), so the lock is never held across a trip to the web process.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.uploads import delete_replaced
from klynge.events import rules, signup_sql
from klynge.events.models import (
    CalendarFeed,
    Event,
    Feedback,
    Notification,
    Registration,
    Series,
    Tag,
    new_calendar_token,
)
from klynge.events.notifications import notify, remind, send_claimed
from klynge.events.recurrence import occurrences
from klynge.events.waitlist import place, waitlist_promote

Kind = Notification.Kind

EDITABLE_FIELDS = {
    "title",
    "description",
    "image",
    "image_alt",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "address",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
    "organiser",
}
# A change to any of these is news for people's calendars and inboxes.
SCHEDULE_FIELDS = {"starts_at", "ends_at", "format", "venue", "address", "online_url"}
REMINDER_AHEAD = timedelta(hours=24)
THANKS_WITHIN = timedelta(days=7)


class RegistrationClosed(Conflict):
    """Not open for sign-up (yet, or any more)."""


class AlreadyRegistered(Conflict):
    """This user or email address holds a registration already."""


def lock_event(event: Event) -> Event:
    """The event, re-read with its row locked until the transaction ends."""
    return Event.objects.select_for_update().get(pk=event.pk)


# Events


def unique_slug(title: str, starts_at: datetime) -> str:
    base = f"{slugify(title)[:180] or 'event'}-{timezone.localtime(starts_at):%Y-%m-%d}"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_organiser(by: User, event: Event | None = None) -> None:
    allowed = rules.can_edit(by, event) if event else rules.can_organise(by)
    if not allowed:
        raise NotAllowed(_("You may not manage this event."))


def _set_tags(event: Event, tags: list[str] | None) -> None:
    if tags is None:
        return
    objects = []
    for name in dict.fromkeys(t.strip() for t in tags if t.strip()):
        slug = slugify(name)[:60] or "tag"
        tag = Tag.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
        objects.append(tag or Tag.objects.create(name=name[:50], slug=slug))
    event.tags.set(objects)


@transaction.atomic
def event_create(
    *,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    tags: list[str] | None = None,
    series: Series | None = None,
    publish: bool = False,
    host_checked: bool = False,
    **details: Any,
) -> Event:
    """Create an event (a draft unless ``publish``); ``details`` are other editable fields.

    ``host_checked``: an app on a higher floor has decided by its own rules that ``by``
    may hold this one event (the market dialogue: the poster of a need), so the
    organiser check is skipped; everything else holds.
    """
    if not host_checked:
        _check_organiser(by)
    unknown = set(details) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    details.setdefault("organiser", by)
    event = Event.objects.create(
        title=title,
        slug=unique_slug(title, starts_at),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
        series=series,
        status=Event.Status.PUBLISHED if publish else Event.Status.DRAFT,
        published_at=timezone.now() if publish else None,
        **details,
    )
    _set_tags(event, tags)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, tags: list[str] | None = None, **changes: Any) -> Event:
    """Change an event. A new time or place raises its calendar sequence and, once
    published, tells everyone registered; more places move people up the waitlist."""
    event = lock_event(event)
    _check_organiser(by, event)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    changed = {name for name, value in changes.items() if getattr(event, name) != value}
    old_image = event.image.name
    for name in changed:
        setattr(event, name, changes[name])
    moved = bool(changed & SCHEDULE_FIELDS)
    if moved:
        event.sequence += 1
    event.save()
    delete_replaced(event.image, old_image)
    _set_tags(event, tags)
    if changed and event.organiser_id and event.organiser_id != by.pk:
        audit_record(actor=by, action=Action.EVENT_EDIT, target=event, summary=", ".join(changed))
    if "capacity" in changed:
        waitlist_promote(event=event)
    if moved and not event.is_draft:
        for registration in event.registrations.active().select_related("user"):
            notify(registration, Kind.CHANGED, version=event.sequence)
    return event


@transaction.atomic
def event_publish(*, event: Event, by: User) -> Event:
    event = lock_event(event)
    _check_organiser(by, event)
    if event.is_draft:
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
        event.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=by, action=Action.EVENT_PUBLISH, target=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User) -> Event:
    """Cancel an event and tell everyone who is registered or waiting."""
    event = lock_event(event)
    _check_organiser(by, event)
    if event.is_cancelled:
        return event
    was_public = not event.is_draft
    event.status = Event.Status.CANCELLED
    event.published_at = event.published_at or timezone.now()
    event.sequence += 1
    event.save()
    audit_record(actor=by, action=Action.EVENT_CANCEL, target=event)
    if was_public:
        for registration in event.registrations.active().select_related("user"):
            notify(registration, Kind.CANCELLED)
    return event


@transaction.atomic
def series_create(
    *,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    repeat: str,
    count: int,
    tags: list[str] | None = None,
    **details: Any,
) -> list[Event]:
    """Create ``count`` draft events, one per occurrence, each editable on its own.

    Every occurrence keeps the local wall-clock time of the first, also
    across daylight-saving changes, and the same length.
    """
    if not 1 <= count <= 52:
        raise Invalid(_("A series has from 1 to 52 events."))
    series = Series.objects.create(title=title, rule=repeat)
    duration = ends_at - starts_at
    events = []
    for start in occurrences(starts_at, repeat, count):
        end = timezone.make_aware(
            timezone.localtime(start).replace(tzinfo=None) + duration,
            timezone.get_current_timezone(),
        )
        events.append(
            event_create(
                by=by,
                title=title,
                starts_at=start,
                ends_at=end,
                tags=tags,
                series=series,
                **details,
            )
        )
    return events


# Registrations


def _check_open(event: Event, user) -> None:
    if event.is_draft and not rules.can_edit(user, event):
        raise NotAllowed(_("This event is not open for registration."))
    if not rules.may_register(user, event):
        raise NotAllowed(_("This event is for members only."))
    if not event.registration_is_open:
        raise RegistrationClosed(_("Registration for this event is not open."))


def registration_create(
    *,
    event: Event,
    user: User,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    show_publicly: bool = False,
) -> Registration:
    """Sign a user up: a place if one is free, else the next place on the waitlist.

    Everything that can be asked without the event's lock is asked first: whether
    the event is open (asked again of the fresh row under the lock) and the
    person's own registration (a second sign-up of the same person racing this one
    meets the unique constraint). A first sign-up on PostgreSQL then takes the lock,
    counts, inserts and claims the email in one round trip, in one transaction
    (``signup_sql``); otherwise ``_registration_place`` does it with the ORM in one
    transaction. The email is drawn by the worker after the commit."""
    try:
        _check_open(event, user)
    except (NotAllowed, RegistrationClosed):
        event.refresh_from_db()  # the caller's copy may predate a publish or a reopening
        _check_open(event, user)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        raise AlreadyRegistered(_("You are already registered for this event."))
    fresh = registration is None
    if fresh:
        registration = Registration(event=event, user=user)
    else:
        registration.attempt += 1
        registration.cancelled_at = None
    registration.name = user.name or user.email
    registration.email = user.email
    registration.language = user.language
    registration.dietary_needs = dietary_needs
    registration.accessibility_needs = accessibility_needs
    registration.show_publicly = show_publicly
    if fresh and signup_sql.usable():
        try:
            placed = signup_sql.place_new(event=event, registration=registration)
        except IntegrityError:
            raise AlreadyRegistered(_("You are already registered for this event.")) from None
        if placed is not None:
            registration, claim_id, kind = placed
            send_claimed(registration.pk, kind, claim_id)
            return registration
    return _registration_place(event=event, user=user, registration=registration, fresh=fresh)


@transaction.atomic
def _registration_place(
    *, event: Event, user: User, registration: Registration, fresh: bool
) -> Registration:
    """The ORM path of ``registration_create``: the lock covers four statements (the
    lock, one count of places and line, the row, the email's claim) and the commit."""
    locked = lock_event_for_sign_up(event)
    _check_open(locked, user)
    place(registration, locked)
    try:
        if fresh:  # no savepoint: a failed insert ends this transaction anyway
            registration.save(force_insert=True)
        else:
            with transaction.atomic():
                registration.save()
    except IntegrityError:
        raise AlreadyRegistered(_("You are already registered for this event.")) from None
    _tell_placed(registration, fresh=fresh)
    return registration


# What a sign-up asks of the locked row (_check_open, place): a narrow read under the lock.
SIGN_UP_FIELDS = (
    "status",
    "audience",
    "capacity",
    "starts_at",
    "registration_opens_at",
    "registration_closes_at",
    "organiser_id",
    "created_by_id",
)


def lock_event_for_sign_up(event: Event) -> Event:
    """``lock_event`` with only the fields a sign-up checks."""
    return Event.objects.select_for_update().only(*SIGN_UP_FIELDS).get(pk=event.pk)


def _tell_placed(registration: Registration, *, fresh: bool = False) -> None:
    kind = Kind.CONFIRMED if registration.is_confirmed else Kind.WAITLISTED
    notify(registration, kind, version=registration.attempt, fresh=fresh)


@transaction.atomic
def registration_create_guest(
    *,
    event: Event,
    name: str,
    email: str,
    language: str,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    show_publicly: bool = False,
) -> Registration:
    """Start a guest's sign-up: it holds no place until they follow the emailed link."""
    event = lock_event(event)
    _check_open(event, None)
    email = email.strip()
    registration = Registration.objects.filter(
        event=event, user__isnull=True, email__iexact=email
    ).first()
    if registration and registration.is_active:
        # Answer as for any address (no enumeration): the address's owner, and only
        # they, are told again where they stand; whoever asked changes nothing.
        remind(registration)
        return registration
    if registration is None:
        registration = Registration(event=event, email=email)
    elif registration.status == Registration.Status.CANCELLED:
        registration.attempt += 1
    registration.status = Registration.Status.PENDING
    registration.name = name.strip()
    registration.language = language
    registration.dietary_needs = dietary_needs
    registration.accessibility_needs = accessibility_needs
    registration.show_publicly = show_publicly
    registration.save()
    # A guest who lost the first email may ask again: each request is a new version.
    sent = registration.notifications.filter(kind=Kind.GUEST_CONFIRM).count()
    notify(registration, Kind.GUEST_CONFIRM, version=sent)
    return registration


@transaction.atomic
def registration_confirm_guest(*, registration: Registration) -> Registration:
    """The guest followed the link: give a place or a place on the waitlist. Safe to repeat."""
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration
    if event.is_past or event.status != Event.Status.PUBLISHED:
        raise RegistrationClosed(_("Registration for this event is not open."))
    place(registration, event)
    registration.save()
    _tell_placed(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed place goes to the first on the waitlist."""
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if event.is_past:
        raise RegistrationClosed(_("The event is over."))
    held_place = registration.is_confirmed
    registration.status = Registration.Status.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    if held_place:
        waitlist_promote(event=event)
    return registration


# At the event


@transaction.atomic
def registration_check_in(
    *, registration: Registration, by: User, attended: bool = True
) -> Registration:
    _check_organiser(by, registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_confirmed:
        raise Conflict(_("Only registered participants can be checked in."))
    if attended and registration.attended_at is None:
        registration.attended_at = timezone.now()
    elif not attended:
        registration.attended_at = None
    registration.save(update_fields=["attended_at"])
    return registration


@transaction.atomic
def registration_add_walk_in(*, event: Event, by: User, name: str) -> Registration:
    """Someone came without signing up: registered and checked in at once.

    Walk-ins are let in by staff at the door, so the capacity does not apply.
    """
    event = lock_event(event)
    _check_organiser(by, event)
    now = timezone.now()
    return Registration.objects.create(
        event=event,
        name=name.strip(),
        status=Registration.Status.CONFIRMED,
        is_walk_in=True,
        confirmed_at=now,
        attended_at=now,
    )


@transaction.atomic
def feedback_submit(*, registration: Registration, rating: int, comment: str = "") -> Feedback:
    """Store (or replace) a participant's rating of 1 to 5 and comment."""
    if not 1 <= rating <= 5:
        raise Invalid(_("Give a rating from 1 to 5."))
    if not registration.event.is_past:
        raise Conflict(_("Feedback opens when the event is over."))
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()}
    )
    return feedback


# Calendar feeds


@transaction.atomic
def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Give the personal feed a new secret address; the old one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_calendar_token()
        feed.save(update_fields=["token", "created_at"])
        audit_record(actor=user, action=Action.CALENDAR_REGENERATE, target=user)
    return feed


# Periodic emails


def _unsent(kind: str):
    return ~Exists(Notification.objects.filter(registration=OuterRef("pk"), kind=kind))


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone registered for an event that starts within 24 hours. Idempotent."""
    now = now or timezone.now()
    due = Registration.objects.confirmed().filter(
        _unsent(Kind.REMINDER),
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    )
    return _send_each(due, Kind.REMINDER)


def thanks_send(*, now: datetime | None = None) -> int:
    """Thank those who came to an event that ended within a week, with a feedback link.

    If nobody was checked in, everyone registered is thanked.
    """
    now = now or timezone.now()
    checked_in = Registration.objects.filter(event=OuterRef("event"), attended_at__isnull=False)
    due = Registration.objects.confirmed().filter(
        _unsent(Kind.THANKS),
        Q(attended_at__isnull=False) | ~Exists(checked_in),
        event__status=Event.Status.PUBLISHED,
        event__ends_at__lte=now,
        event__ends_at__gt=now - THANKS_WITHIN,
    )
    return _send_each(due, Kind.THANKS)


def _send_each(registrations, kind: str) -> int:
    sent = 0
    for registration in registrations.select_related("event", "user"):
        # One transaction each: a failure leaves the others sent and claimed.
        with transaction.atomic():
            sent += notify(registration, kind)
    return sent
