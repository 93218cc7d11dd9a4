"""Bookings in the personal data download, the account deletion and the retention job."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from klynge.core import retention
from klynge.spaces import privacy
from klynge.spaces.models import Booking
from klynge.spaces.slots import local_datetime
from tests.spaces.conftest import a_weekday_next_week

pytestmark = pytest.mark.django_db


def make(resource, user, start, hours=1):
    return Booking.objects.create(
        resource=resource, user=user, booked_by=user, starts_at=start,
        ends_at=start + timedelta(hours=hours), held_until=start + timedelta(hours=hours),
    )  # fmt: skip


def test_export_and_forget(room, member):
    coming = make(room, member, local_datetime(a_weekday_next_week(), time(9)))
    past = make(room, member, timezone.now() - timedelta(days=3))
    data = privacy.export(member)
    assert [b["starts_at"] for b in data["bookings"]] == [past.starts_at, coming.starts_at]
    assert data["bookings"][0]["resource"] == room.name
    privacy.forget(member)
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.cancelled and not past.cancelled
    assert coming.user is None and past.user is None and past.booked_by is None
    assert privacy.export(member) == {"bookings": []}


def test_retention_forgets_who_booked_after_the_set_days(room, member):
    old = make(room, member, timezone.now() - timedelta(days=181))
    recent = make(room, member, timezone.now() - timedelta(days=170))
    assert retention.run()["bookings"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.user is None and recent.user == member
    assert retention.run()["bookings"] == 0
