"""Events in the period and the people who came, by format.

A participant is a registration that held a place (confirmed). Check-in is
optional, so no-shows are counted only at events where someone was checked in.
With a municipality chosen, only participants whose profile is there count;
the events themselves are the region's.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.events.models import Event, Registration
from klynge.insights.figures.cells import Table, count, share
from klynge.insights.figures.period import Period

ALL = "all"
Confirmed = Registration.Status.CONFIRMED


def events_in(period: Period):
    return Event.objects.filter(
        starts_at__gte=period.starts_at, starts_at__lt=period.ends_at
    ).order_by()


def registrations_in(period: Period, municipality: str | None):
    registrations = Registration.objects.filter(
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        event__status=Event.Status.PUBLISHED,
    ).order_by()
    if municipality:
        registrations = registrations.filter(user__person__municipality=municipality)
    return registrations


def _formats() -> dict[str, str]:
    return {ALL: _("All"), **dict(Event.Format.choices)}


def _by_format(rows, key: str = "event__format") -> dict[str, dict]:
    result: dict[str, dict] = {}
    for row in rows:
        side = row.pop(key)
        result[side] = row
        total = result.setdefault(ALL, dict.fromkeys(row, 0))
        for field, value in row.items():
            total[field] += value
    return result


def _event_counts(period: Period) -> dict[str, dict]:
    rows = (
        events_in(period)
        .annotate(confirmed=Count("registrations", filter=Q(registrations__status=Confirmed)))
        .values_list("format", "status", "capacity", "confirmed")
    )
    result = {f: {"held": 0, "cancelled": 0, "full": 0} for f in _formats()}
    for format_, status, capacity, confirmed in rows:
        for side in (format_, ALL):
            if status == Event.Status.CANCELLED:
                result[side]["cancelled"] += 1
            elif status == Event.Status.PUBLISHED:
                result[side]["held"] += 1
                result[side]["full"] += capacity is not None and confirmed >= capacity
    return result


def _registration_counts(period: Period, municipality: str | None) -> dict[str, dict]:
    checked_in = Registration.objects.filter(event=OuterRef("event"), attended_at__isnull=False)
    rows = (
        registrations_in(period, municipality)
        .values("event__format")
        .annotate(
            signups=Count("id", filter=Q(status=Confirmed)),
            attended=Count("id", filter=Q(status=Confirmed, attended_at__isnull=False)),
            no_shows=Count(
                "id", filter=Q(Exists(checked_in), status=Confirmed, attended_at__isnull=True)
            ),
            waitlisted=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
            cancelled_signups=Count("id", filter=Q(status=Registration.Status.CANCELLED)),
        )
    )
    return _by_format(rows)


def people_figures(period: Period, municipality: str | None) -> dict[str, int]:
    """Distinct participants, first-timers and those who became members after coming.

    A person is their account; a guest their email address; a walk-in without
    an address counts once for each registration.
    """
    participated = registrations_in(period, municipality).filter(status=Confirmed)
    users = participated.filter(user__isnull=False).values("user").distinct().count()
    guests = (
        participated.filter(user__isnull=True)
        .exclude(email="")
        .values(address=Lower("email"))
        .distinct()
        .count()
    )
    nameless = participated.filter(user__isnull=True, email="").count()
    # A first-timer held no place before the period: those who did are read once
    # (NOT IN a list the database builds once), not the minimum of each history.
    earlier = Registration.objects.filter(
        status=Confirmed,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__lt=period.starts_at,
    ).order_by()
    first_users = (
        participated.filter(user__isnull=False)
        .exclude(user__in=earlier.filter(user__isnull=False).values("user"))
        .values("user")
        .distinct()
        .count()
    )
    guests_before = earlier.filter(user__isnull=True).exclude(email="")
    if connection.vendor == "postgresql":  # an anti-join: twice as fast there
        seen = Exists(guests_before.annotate(a=Lower("email")).filter(a=Lower(OuterRef("email"))))
    else:  # SQLite would search the earlier events once per guest
        seen = Q(address__in=guests_before.values(a=Lower("email")))
    first_guests = (
        participated.filter(user__isnull=True)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .exclude(seen)
        .values("address")
        .distinct()
        .count()
    )
    later_members = (
        participated.filter(
            user__person__member_status="approved",
            user__person__member_since__gt=F("event__starts_at"),
        )
        .values("user")
        .distinct()
        .count()
    )
    return {
        "participants": users + guests + nameless,
        "first_timers": first_users + first_guests + nameless,
        "later_members": later_members,
    }


def tables(period: Period, municipality: str | None) -> list[Table]:
    formats = _formats()
    events = _event_counts(period)
    registrations = _registration_counts(period, municipality)
    table = Table(
        key="events",
        title=_("Events and turnout by format"),
        description=_(
            "Events that start in the period. Sign-ups hold a place; no-shows are counted only "
            "at events where people were checked in; on the waitlist means never given a place."
        ),
        columns=list(formats.values()),
    )
    link = reverse("events:list")
    ev0 = {"held": 0, "cancelled": 0, "full": 0}
    rg0 = {"signups": 0, "attended": 0, "no_shows": 0, "waitlisted": 0, "cancelled_signups": 0}
    rows = [
        ("held", _("Events held"), events, ev0),
        ("cancelled", _("Events cancelled"), events, ev0),
        ("full", _("Events that were full"), events, ev0),
        ("signups", _("Sign-ups"), registrations, rg0),
        ("attended", _("Checked in"), registrations, rg0),
        ("no_shows", _("No-shows"), registrations, rg0),
        ("waitlisted", _("Left on the waitlist"), registrations, rg0),
        ("cancelled_signups", _("Cancelled sign-ups"), registrations, rg0),
    ]
    for key, label, source, empty in rows:
        table.add(
            key.replace("_", "-"),
            label,
            [count(source.get(f, empty)[key]) for f in formats],
            link=link if key == "held" else "",
        )
    people = people_figures(period, municipality)
    participants = Table(
        key="participants",
        title=_("Participants"),
        description=_(
            "Distinct people who held a place at an event in the period; first-timers had "
            "never held one before; later members became members after the event."
        ),
        columns=[_("People"), _("Share")],
        chart="none",
    )
    total = people["participants"]
    participants.add("participants", _("Participants"), [count(total), share(total, total)])
    participants.add(
        "first-timers",
        _("First-time participants"),
        [count(people["first_timers"]), share(people["first_timers"], total)],
    )
    participants.add(
        "later-members",
        _("Became members afterwards"),
        [count(people["later_members"]), share(people["later_members"], total)],
    )
    return [table, participants]
