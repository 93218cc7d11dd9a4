"""The demo hub for `manage.py load_demo`: texts, weekday hours and the Christmas days.

Safe to run again: if a hub is described already, it is left as it is.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klynge.spaces.models import OpeningException, OpeningHours, Place, Resource

TEXTS = {
    "intro": (
        "Huset har åpne arbeidsplasser, et møterom for tolv og en telefonboks. "
        "Kaffen er på, og det er alltid noen å spørre.",
        "Huset har opne arbeidsplassar, eit møterom for tolv og ein telefonboks. "
        "Kaffien er på, og det er alltid nokon å spørje.",
        "The hub has open desks, a meeting room for twelve and a phone booth. "
        "The coffee is on, and there is always someone to ask.",
    ),
    "directions": (
        "Fem minutters gange fra Gol skysstasjon (buss og tog via Ål). "
        "Gratis parkering foran huset.",
        "Fem minutt å gå frå Gol skysstasjon (buss, og tog via Ål). "
        "Gratis parkering framfor huset.",
        "A five-minute walk from Gol bus station (buses, and trains via Ål). "
        "Free parking in front of the building.",
    ),
    "prices": (
        "Dagsplass for ikke-medlemmer: 150 kr. Møterom: 300 kr per time.",
        "Dagsplass for ikkje-medlemmer: 150 kr. Møterom: 300 kr per time.",
        "A desk for a day for non-members: 150 kr. Meeting room: 300 kr an hour.",
    ),
    "rules": (
        "Ta telefonsamtaler i telefonboksen. Rydd plassen din før du går.",
        "Ta telefonsamtalar i telefonboksen. Rydd plassen din før du går.",
        "Take phone calls in the phone booth. Clear your desk before you leave.",
    ),
}


def load(stdout) -> None:
    _load_place(stdout)
    _load_resources(stdout)


RESOURCES = [
    dict(kind="desk", name_nb="Drop-in-plasser", name_nn="Drop-in-plassar", name_en="Drop-in desks",
         count=8, who="signed_in", min_minutes=180, max_minutes=600, days_ahead=14),
    dict(kind="room", name_nb="Møterommet", name_nn="Møterommet", name_en="The meeting room",
         capacity=8, equipment="Skjerm, videomøte, tavle", who="members", min_minutes=30,
         max_minutes=240, buffer_minutes=15, days_ahead=30, daily_limit_minutes=120),
    dict(kind="booth", name_nb="Telefonboksen", name_nn="Telefonboksen", name_en="The phone booth",
         who="signed_in", min_minutes=15, max_minutes=60, days_ahead=7, daily_limit_minutes=120,
         cancel_before_minutes=15),
]  # fmt: skip


def _load_resources(stdout) -> None:
    place = Place.objects.current()
    if place is None or place.resources.exists():
        return
    Resource.objects.bulk_create(
        Resource(place=place, order=n, **fields) for n, fields in enumerate(RESOURCES)
    )
    stdout.write("Demo hub: desks, a meeting room and a phone booth to book.")


def _load_place(stdout) -> None:
    if Place.objects.exists():
        return
    fields = {}
    for name, (nb, nn, en) in TEXTS.items():
        fields |= {f"{name}_nb": nb, f"{name}_nn": nn, f"{name}_en": en}
    year = timezone.localdate().year
    with transaction.atomic():
        place = Place.objects.create(
            name=settings.KLYNGE_HUB["name"],
            phone="32 00 00 00",
            latitude=Decimal("60.70300"),
            longitude=Decimal("8.94400"),
            **fields,
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(place=place, weekday=day, opens=time(8), closes=time(16))
            for day in range(5)
        )
        OpeningException.objects.bulk_create(
            [
                OpeningException(
                    place=place,
                    date=date(year, 12, 24),
                    note_nb="Julaften",
                    note_nn="Julaftan",
                    note_en="Christmas Eve",
                ),
                OpeningException(
                    place=place,
                    date=date(year, 12, 31),
                    note_nb="Nyttårsaften",
                    note_nn="Nyttårsaftan",
                    note_en="New Year's Eve",
                ),
            ]
        )
    stdout.write("Demo hub: opening hours and texts.")
