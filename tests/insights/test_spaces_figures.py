"""The hub's booking use on the dashboard, against bookings counted by hand."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from klynge.accounts.services import user_create
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person
from klynge.directory.visibility import Audience, Viewer
from klynge.insights.figures import cells, dashboard
from klynge.spaces.models import Booking, Place, Resource
from tests.insights.conftest import YEAR, oslo

STAFF = Viewer(Audience.STAFF)
APPROVED = MemberStatus.APPROVED


def someone(key, municipality, member_since=None):
    user = user_create(email=f"{key}@example.org", password=None, name=key)
    Person.objects.create(
        name=key, user=user, municipality=municipality, member_since=member_since,
        member_status=APPROVED if member_since else MemberStatus.NONE,
    )  # fmt: skip
    return user


def resource(place, kind, name, **fields):
    return Resource.objects.create(
        place=place, kind=kind, name_nb=name, name_nn=name, name_en=name,
        who=Resource.Who.SIGNED_IN, **fields,
    )  # fmt: skip


def book(res, user, start, hours, seat=1, **fields):
    end = start + timedelta(hours=hours)
    return Booking.objects.create(
        resource=res, user=user, booked_by=user, seat=seat, starts_at=start, ends_at=end,
        held_until=end, **fields,
    )  # fmt: skip


@pytest.fixture
def use(db):
    return build_use()


def build_use() -> dict:
    """2025 at the hub: 12 bookings that count, and five that do not."""
    place = Place.objects.create(name="IT-Huset")
    desk = resource(place, "desk", "Skriveplassar", count=5, max_minutes=600)
    room = resource(place, "room", "Møterom")
    booth = resource(place, "booth", "Telefonboks")
    resource(place, "booth", "Gammal boks", active=False)  # retired and unused: not shown
    jan = oslo(2025, 1, 1)
    m1, m2, m3 = (someone(k, "gol", member_since=jan) for k in ("m1", "m2", "m3"))
    employee = someone("cr", "hol")  # a member through a member company
    firm = Company.objects.create(name="Fjellkode", member_status=APPROVED, member_since=jan)
    CompanyRole.objects.create(
        person=employee.person, company=firm, status=CompanyRole.Status.CONFIRMED
    )
    late = someone("late", "hol", member_since=oslo(2025, 6, 1))  # not yet in March
    o1 = someone("o1", "gol")
    o2, o3 = someone("o2", "hol"), someone("o3", "hol")
    # The desks: Monday 3, Tuesday 4 and Wednesday 5 March.
    book(desk, m1, oslo(2025, 3, 3, 8), 8, seat=1)
    book(desk, m2, oslo(2025, 3, 3, 8), 4, seat=2)
    book(desk, m3, oslo(2025, 3, 4, 9), 8, seat=1)
    book(desk, employee, oslo(2025, 3, 4, 9), 4, seat=2)
    book(desk, late, oslo(2025, 3, 5, 9), 2, seat=1)
    book(desk, o1, oslo(2025, 3, 5, 9), 3, seat=2)
    # The room: Thursday 6 and Friday 7 March, and half past midnight on
    # New Year's Day in Oslo (still 31 December 2024 in UTC).
    book(room, o1, oslo(2025, 3, 6, 10), 1)
    book(room, o2, oslo(2025, 3, 6, 13), 1.5)
    book(room, o3, oslo(2025, 3, 6, 15), 1)
    book(room, m1, oslo(2025, 3, 7, 10), 2)
    book(room, o2, oslo(2025, 1, 1, 0, 30), 1)
    book(booth, o1, oslo(2025, 3, 7, 13), 0.5)
    # Not counted: cancelled, a staff block, before 2025 and after it (Oslo time).
    book(room, m2, oslo(2025, 3, 10, 10), 1, cancelled_at=oslo(2025, 3, 1))
    book(room, None, oslo(2025, 3, 11, 8), 8, blocked=True)
    book(desk, o3, oslo(2024, 12, 31, 23, 30), 0.25, seat=3)
    book(desk, o3, oslo(2026, 1, 1, 0, 30), 1, seat=3)
    return {"desk": desk, "room": room, "booth": booth}


def table(key, municipality=None):
    board = dashboard(period=YEAR, municipality=municipality, viewer=STAFF)
    return {row.label: [c.text for c in row.cells] for row in board.table(key).rows}


def test_it_counts_use_by_resource(use):
    assert table("spaces-by-resource") == {
        "Skriveplassar": ["6", "29 h", "6"],
        "Møterom": ["5", "6.5 h", "4"],
        "Telefonboks": ["under 3", "under 3", "under 3"],  # one person's half hour
    }


def test_it_counts_use_by_weekday_in_oslo_time(use):
    rows = table("spaces-by-weekday")
    assert list(rows) == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
    ]  # fmt: skip
    assert rows["Monday"] == ["under 3"] * 3  # two people
    # 1 January 2025 was a Wednesday in Oslo (a Tuesday in UTC).
    assert rows["Wednesday"] == ["3", "6 h", "3"]
    assert rows["Thursday"] == ["3", "3.5 h", "3"]
    assert rows["Saturday"] == ["0", "0 h", "0"]


def test_it_counts_use_by_hour_of_day_in_oslo_time(use):
    rows = table("spaces-by-hour")
    assert list(rows) == [f"{h:02d}:00" for h in range(16)]  # 00:30 on New Year's Day to 15:00
    assert rows["00:00"] == ["under 3"] * 3
    assert rows["09:00"] == ["4", "17 h", "4"]
    assert rows["12:00"] == ["0", "0 h", "0"]


def test_it_counts_members_and_others(use):
    assert table("spaces-members") == {
        "Everyone": ["12", "36 h", "8"],
        # m1 (twice), m2, m3 and the member company's employee; "late" joined in June.
        "Members": ["5", "26 h", "4"],
        "Not members": ["7", "10 h", "4"],
    }


def test_it_counts_only_bookers_in_the_municipality(use):
    rows = table("spaces-by-resource", municipality="gol")
    assert rows["Skriveplassar"] == ["4", "23 h", "4"]  # m1, m2, m3, o1
    assert rows["Møterom"] == ["under 3"] * 3  # o1 and m1


def test_it_counts_small_cells_exactly_behind_the_rule(use, monkeypatch):
    monkeypatch.setattr(cells, "SMALLEST_SHOWN", 1)
    assert table("spaces-by-resource")["Telefonboks"] == ["1", "0.5 h", "1"]
    rows = table("spaces-by-hour")
    assert rows["00:00"] == ["1", "1 h", "1"]
    assert rows["08:00"] == ["2", "12 h", "2"]
    assert rows["10:00"] == ["2", "3 h", "2"]
    assert rows["13:00"] == ["2", "2 h", "2"]
    assert table("spaces-by-weekday")["Friday"] == ["2", "2.5 h", "2"]


def test_it_shows_the_panel_on_the_dashboard_and_in_csv(use, staff_client):
    period = {"periode": "egen", "fra": "2025-01-01", "til": "2025-12-31"}
    html = staff_client.get(reverse("insights:dashboard"), period).content.decode()
    assert 'id="figure-spaces-by-resource"' in html and "Skriveplassar" in html
    assert '<desc id="chart-spaces-by-hour-desc">' in html
    response = staff_client.get(reverse("insights:csv", args=["spaces-members"]), period)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[1:] for row in rows[1:]] == [["12", "36 h", "8"], ["5", "26 h", "4"],
                                             ["7", "10 h", "4"]]  # fmt: skip


def test_it_reads_the_hour_in_summer_time_too(use, monkeypatch):
    """In July Oslo is UTC+2, in March UTC+1: both 09:00 bookings count at 09:00."""
    room = use["room"]
    for key, day in (("s1", 1), ("s2", 2), ("s3", 3)):
        book(room, someone(key, "aal"), oslo(2025, 7, day, 9), 1)
    # The night summer time ends: 02:30 comes twice; the first (UTC+2) is 00:30 UTC.
    first = datetime(2025, 10, 26, 2, 30, tzinfo=ZoneInfo("Europe/Oslo"), fold=0)
    book(room, someone("s4", "aal"), first, 1)
    assert table("spaces-by-hour")["09:00"] == ["7", "20 h", "7"]
    monkeypatch.setattr(cells, "SMALLEST_SHOWN", 1)
    # "An hour" added in Oslo's wall time ends at 03:30 in winter time: two real hours.
    assert table("spaces-by-hour")["02:00"] == ["1", "2 h", "1"]
    assert table("spaces-by-weekday")["Sunday"] == ["1", "2 h", "1"]


def test_the_zone_changes_are_found_to_the_minute():
    from datetime import UTC, datetime

    from klynge.insights.figures.clock import offsets

    spans = offsets(YEAR.starts_at, YEAR.ends_at)
    assert [(a.astimezone(UTC), b.astimezone(UTC), m) for a, b, m in spans] == [
        (datetime(2024, 12, 31, 23, tzinfo=UTC), datetime(2025, 3, 30, 1, tzinfo=UTC), 60),
        (datetime(2025, 3, 30, 1, tzinfo=UTC), datetime(2025, 10, 26, 1, tzinfo=UTC), 120),
        (datetime(2025, 10, 26, 1, tzinfo=UTC), datetime(2025, 12, 31, 23, tzinfo=UTC), 60),
    ]
