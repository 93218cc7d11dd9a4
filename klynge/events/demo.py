"""Demo events for `manage.py load_demo`: past and upcoming, in person, online,
hybrid and members-only. Safe to run again: events are found by their slug."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.events import services
from klynge.events.models import Event, Registration

MON, TUE, WED, THU, FRI = range(5)

DEMO_EVENTS = [
    # slug, title, (weeks from this week, weekday), start, hours, details, tags
    (
        "frokostmote-skyen-for-sma-bedrifter",
        "Frokostmøte: skyen for små bedrifter",
        (-3, THU),
        time(8, 0),
        1.5,
        {"capacity": 25, "description": "Kaffi, rundstykke og ein prat om skytenester."},
        ["frokostmøte", "sky"],
    ),
    (
        "frokostmote-ki-i-kvardagen",
        "Frokostmøte: KI i kvardagen",
        (1, THU),
        time(8, 0),
        1.5,
        {"capacity": 25, "description": "Korleis små bedrifter kan bruke **KI** trygt."},
        ["frokostmøte", "KI"],
    ),
    (
        "kveldstreff-it-folk",
        "Kveldstreff for IT-folk i dalen",
        (2, WED),
        time(18, 0),
        2.5,
        {
            "capacity": 30,
            "description": "Pizza, ein kort demo frå eit medlem og god tid til å bli kjende.",
        },
        ["treff"],
    ),
    (
        "webinar-it-sikkerheit",
        "Webinar: grunnleggjande IT-sikkerheit",
        (2, TUE),
        time(12, 0),
        1,
        {
            "format": Event.Format.ONLINE,
            "online_url": "https://meet.example.org/sikkerheit",
            "description": "Passord, tofaktor og sikkerheitskopi.",
        },
        ["webinar", "sikkerheit"],
    ),
    (
        "medlemsmote",
        "Medlemsmøte",
        (3, THU),
        time(17, 0),
        2,
        {
            "audience": Event.Audience.MEMBERS,
            "capacity": 40,
            "description": "Årsplan og budsjett for nettverket.",
        },
        ["medlemmer"],
    ),
    (
        "den-arlege-samlinga",
        "Den årlege samlinga",
        (6, FRI),
        time(10, 0),
        6,
        {
            "format": Event.Format.HYBRID,
            "online_url": "https://meet.example.org/samling",
            "capacity": 80,
            "venue": "Gol kulturhus",
            "address": "Sentrumsvegen 5, 3550 Gol",
            "description": "Foredrag, workshops og mingling. Strøyming for dei som ikkje kan kome.",
        },
        ["samling"],
    ),
]
DEMO_PEOPLE = ["admin@example.org", "kari@example.org", "ola@example.org"]


def load(stdout) -> None:
    admin = User.objects.filter(email__iexact="admin@example.org").first()
    if admin is None:
        stdout.write("Events: no demo admin, so no demo events.")
        return
    people = [u for e in DEMO_PEOPLE if (u := User.objects.filter(email__iexact=e).first())]
    created = 0
    with transaction.atomic():
        for slug, title, (weeks, weekday), start_time, hours, details, tags in DEMO_EVENTS:
            if Event.objects.filter(slug=slug).exists():
                continue
            day = demo_day(weeks, weekday)
            starts = timezone.make_aware(datetime.combine(day, start_time))
            event = services.event_create(
                by=admin,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                publish=True,
                tags=tags,
                **details,
            )
            Event.objects.filter(pk=event.pk).update(slug=slug)
            event.slug = slug
            created += 1
            for person in people:
                add_registration(event, person)
    stdout.write(f"Events: {created} demo events created.")


def demo_day(weeks: int, weekday: int):
    """A working day ``weeks`` from this week: meetings fall where a real hub holds
    them (breakfast at 08:00 on a Thursday, never on a Sunday)."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks, days=weekday)


def add_registration(event: Event, person: User) -> None:
    if event.is_members_only or Registration.objects.filter(event=event, user=person).exists():
        return
    if event.is_past:  # sign-up is closed by now, so write it as it would have been
        Registration.objects.create(
            event=event,
            user=person,
            name=person.name or person.email,
            email=person.email,
            status=Registration.Status.CONFIRMED,
            confirmed_at=event.starts_at,
            attended_at=event.starts_at,
        )
    else:
        services.registration_create(event=event, user=person)
