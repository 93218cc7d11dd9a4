"""Times are stored in UTC and kept at the same local time across daylight saving.

In Europe/Oslo summer time starts on the last Sunday of March (02:00 -> 03:00)
and ends on the last Sunday of October (03:00 -> 02:00).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from klynge.events import services
from klynge.events.recurrence import Repeat, nth_weekday, occurrences, week_of_month

OSLO = ZoneInfo("Europe/Oslo")
UTC = ZoneInfo("UTC")


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


class TestRecurrence:
    def test_a_monthly_series_keeps_its_local_time_into_summer_time(self):
        first = oslo(2026, 3, 5, 18, 0)  # the first Thursday of March, winter time
        starts = occurrences(first, Repeat.MONTHLY_WEEKDAY, 3)
        assert [timezone.localtime(s, OSLO).strftime("%Y-%m-%d %H:%M") for s in starts] == [
            "2026-03-05 18:00",
            "2026-04-02 18:00",
            "2026-05-07 18:00",
        ]
        assert [s.astimezone(UTC).hour for s in starts] == [17, 16, 16]

    def test_a_monthly_series_keeps_its_local_time_into_winter_time(self):
        starts = occurrences(oslo(2026, 10, 1, 8, 30), Repeat.MONTHLY_WEEKDAY, 2)
        assert [timezone.localtime(s, OSLO).strftime("%d %H:%M") for s in starts] == [
            "01 08:30",
            "05 08:30",
        ]
        assert [s.astimezone(UTC).hour for s in starts] == [6, 7]

    def test_a_weekly_series_over_the_last_sunday_of_march(self):
        starts = occurrences(oslo(2026, 3, 22, 10, 0), Repeat.WEEKLY, 2)
        real = starts[1].astimezone(UTC) - starts[0].astimezone(UTC)
        assert real == timedelta(days=7) - timedelta(hours=1)
        assert timezone.localtime(starts[1], OSLO).hour == 10

    def test_the_last_weekday_of_a_month(self):
        assert week_of_month(datetime(2026, 10, 29).date()) == -1
        assert nth_weekday(2026, 11, 3, -1) == datetime(2026, 11, 26).date()
        assert nth_weekday(2026, 3, 6, -1) == datetime(2026, 3, 29).date()  # DST day


@pytest.mark.django_db
class TestSeriesCreate:
    def test_every_event_has_its_own_row_and_the_same_local_times(self, staff):
        events = services.series_create(
            by=staff,
            title="Frokost",
            starts_at=oslo(2026, 10, 1, 8, 0),
            ends_at=oslo(2026, 10, 1, 9, 30),
            repeat=Repeat.MONTHLY_WEEKDAY,
            count=3,
            tags=["frokost"],
        )
        local = [
            (timezone.localtime(e.starts_at, OSLO), timezone.localtime(e.ends_at, OSLO))
            for e in events
        ]
        assert [(s.strftime("%m-%d %H:%M"), e.strftime("%H:%M")) for s, e in local] == [
            ("10-01 08:00", "09:30"),
            ("11-05 08:00", "09:30"),
            ("12-03 08:00", "09:30"),
        ]
        assert len({e.slug for e in events}) == 3
        assert all(e.is_draft and e.series_id == events[0].series_id for e in events)
        services.event_update(event=events[1], by=staff, title="Julefrokost")
        assert [e.title for e in type(events[0]).objects.order_by("starts_at")] == [
            "Frokost",
            "Julefrokost",
            "Frokost",
        ]

    def test_an_event_across_the_october_change_lasts_its_real_length(self, staff):
        event = services.event_create(
            by=staff,
            title="Nattkoding",
            starts_at=oslo(2026, 10, 25, 1, 0),
            ends_at=oslo(2026, 10, 25, 4, 0),
        )
        event.refresh_from_db()
        assert event.ends_at - event.starts_at == timedelta(hours=4)  # 02-03 happens twice
        assert event.starts_at.astimezone(UTC) == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)


@pytest.mark.django_db
class TestShownInOsloTime:
    def test_the_page_shows_local_time_on_both_sides_of_the_change(self, client, make_event):
        winter = make_event(starts_at=datetime(2027, 3, 27, 17, 0, tzinfo=UTC))
        summer = make_event(starts_at=datetime(2027, 3, 28, 16, 0, tzinfo=UTC))
        for event in (winter, summer):
            page = client.get(event.get_absolute_url()).content.decode()
            assert "18:00" in page
