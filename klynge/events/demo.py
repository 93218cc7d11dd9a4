"""Demo events for `manage.py load_demo`: past and upcoming, in person, online,
hybrid and members-only. Safe to run again: events are found by their slug."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.events import services
from klynge.events.models import Event, Registration

DEMO_EVENTS = [
    # slug, title, days from today, start, hours, details
    (
        "demo-frokostmote-tidlegare",
        "Frokostmøte: skyen for små bedrifter",
        -21,
        time(8, 0),
        1.5,
        {"capacity": 25, "description": "Kaffi, rundstykke og ein prat om skytenester."},
    ),
    (
        "demo-frokostmote",
        "Frokostmøte: KI i kvardagen",
        10,
        time(8, 0),
        1.5,
        {"capacity": 25, "description": "Korleis små bedrifter kan bruke **KI** trygt."},
    ),
    (
        "demo-webinar-sikkerheit",
        "Webinar: grunnleggjande IT-sikkerheit",
        17,
        time(12, 0),
        1,
        {
            "format": Event.Format.ONLINE,
            "online_url": "https://meet.example.org/sikkerheit",
            "description": "Passord, tofaktor og sikkerheitskopi.",
        },
    ),
    (
        "demo-medlemsmote",
        "Medlemsmøte",
        24,
        time(17, 0),
        2,
        {
            "audience": Event.Audience.MEMBERS,
            "capacity": 40,
            "description": "Årsplan og budsjett for nettverket.",
        },
    ),
    (
        "demo-samling",
        "Den årlege samlinga",
        45,
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
        for slug, title, days, start_time, hours, details in DEMO_EVENTS:
            if Event.objects.filter(slug=slug).exists():
                continue
            day = timezone.localdate() + timedelta(days=days)
            starts = timezone.make_aware(datetime.combine(day, start_time))
            event = services.event_create(
                by=admin,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                publish=True,
                tags=["demo"],
                **details,
            )
            Event.objects.filter(pk=event.pk).update(slug=slug)
            event.slug = slug
            created += 1
            for person in people:
                add_registration(event, person)
    stdout.write(f"Events: {created} demo events created.")


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
