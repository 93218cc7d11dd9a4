from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from klynge.spaces.hours import holiday_name
from klynge.spaces.models import OpeningHours, Place, Resource


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def a_weekday_next_week() -> date:
    """Next week's Wednesday, or the next weekday after it that is no public holiday
    (the hub is closed then: Christmas, New Year, 17 May fall on any weekday)."""
    day = next_monday() + timedelta(days=2)
    while holiday_name(day) or day.weekday() > 4:
        day += timedelta(days=1)
    return day


@pytest.fixture
def hub(db):
    place = Place.objects.create(name="IT-Huset")
    for weekday in range(5):
        OpeningHours.objects.create(place=place, weekday=weekday, opens=time(8), closes=time(16))
    return place


@pytest.fixture
def desks(hub):
    return Resource.objects.create(
        place=hub, kind=Resource.Kind.DESK, name_nb="Skriveplassar", name_nn="Skriveplassar",
        name_en="Desks", count=5, who=Resource.Who.SIGNED_IN, min_minutes=120, max_minutes=600,
        days_ahead=21,
    )  # fmt: skip


@pytest.fixture
def room(hub):
    return Resource.objects.create(
        place=hub, kind=Resource.Kind.ROOM, name_nb="Møterommet Hallingskarvet",
        name_en="Hallingskarvet meeting room", capacity=8, equipment="Skjerm",
        who=Resource.Who.MEMBERS, min_minutes=30, max_minutes=180, buffer_minutes=15,
        days_ahead=14, daily_limit_minutes=120, cancel_before_minutes=120,
    )  # fmt: skip
