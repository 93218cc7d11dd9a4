"""The hub as a place: opening hours with holidays and exceptions, the hub page
and its slot on the front page."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from klynge.spaces.hours import holiday_name, opening_days
from klynge.spaces.models import OpeningException, OpeningHours, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    place = Place.objects.create(
        name="IT-Huset",
        intro_nb="Åpne **arbeidsplasser**.",
        intro_nn="Opne **arbeidsplassar**.",
        intro_en="Open **desks**.",
        directions_nb="Buss til Gol.",
        directions_nn="Buss til Gol.",
        directions_en="Bus to Gol.",
        latitude="60.70300",
        longitude="8.94400",
    )
    for weekday in range(5):
        OpeningHours.objects.create(place=place, weekday=weekday, opens=time(8), closes=time(16))
    # Tuesdays also in the evening, written before the day's first opening.
    OpeningHours.objects.create(place=place, weekday=1, opens=time(18), closes=time(21))
    return place


class TestOpeningDays:
    def test_weekly_hours_in_order_and_closed_weekends(self, place):
        days = opening_days(place, date(2026, 11, 30), 7)  # Monday to Sunday
        assert [d.date for d in days] == [date(2026, 11, 30) + timedelta(n) for n in range(7)]
        assert days[0].intervals == ((time(8), time(16)),)
        assert days[1].intervals == ((time(8), time(16)), (time(18), time(21)))
        assert days[5].closed and days[6].closed
        assert not any(d.holiday for d in days)

    def test_public_holidays_close_the_hub_with_their_name(self, place):
        # 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
        with translation.override("nn"):
            days = opening_days(place, date(2026, 4, 1), 6)
        closed = {d.date: d.note for d in days if d.closed}
        assert closed[date(2026, 4, 2)] == "Skjærtorsdag"
        assert closed[date(2026, 4, 5)] == "Første påskedag"
        assert days[0].intervals == ((time(8), time(16)),)  # the Wednesday before is open
        assert set(closed) == {date(2026, 4, day) for day in (2, 3, 4, 5, 6)}
        assert days[2].holiday and not days[3].holiday  # Saturday is closed, not a holiday

    def test_holiday_names_follow_the_language(self):
        with translation.override("en"):
            assert holiday_name(date(2026, 5, 17)) == "Constitution Day"
        with translation.override("nb"):
            assert holiday_name(date(2026, 5, 17)) == "Grunnlovsdag"
            assert holiday_name(date(2026, 12, 26)) == "Andre juledag"
        assert holiday_name(date(2026, 5, 18)) == ""

    def test_an_exception_closes_a_day_or_opens_a_holiday(self, place):
        OpeningException.objects.create(place=place, date=date(2026, 12, 1), note_nn="Kurs")
        OpeningException.objects.create(
            place=place,
            date=date(2026, 5, 17),
            opens=time(10),
            closes=time(14),
            note_en="Open house",
        )
        with translation.override("nn"):
            tuesday = opening_days(place, date(2026, 12, 1), 1)[0]
        assert tuesday.closed and tuesday.changed
        assert tuesday.note == "Kurs"
        with translation.override("en"):
            may17 = opening_days(place, date(2026, 5, 17), 1)[0]
            assert may17.intervals == ((time(10), time(14)),)
            assert may17.note == "Open house" and may17.holiday

    def test_two_queries_for_a_week(self, place, django_assert_num_queries):
        place = Place.objects.get(pk=place.pk)
        with django_assert_num_queries(2):
            opening_days(place, date(2026, 12, 1), 7)


class TestRules:
    def test_the_database_refuses_closing_before_opening(self, place):
        with pytest.raises(IntegrityError), transaction.atomic():
            OpeningHours.objects.create(place=place, weekday=5, opens=time(16), closes=time(8))
        assert not OpeningHours.objects.filter(weekday=5).exists()

    def test_one_exception_per_date_and_half_a_time_refused(self, place):
        OpeningException.objects.create(place=place, date=date(2026, 12, 24))
        with pytest.raises(IntegrityError), transaction.atomic():
            OpeningException.objects.create(place=place, date=date(2026, 12, 24))
        with pytest.raises(IntegrityError), transaction.atomic():
            OpeningException.objects.create(place=place, date=date(2026, 12, 27), opens=time(9))
        assert OpeningException.objects.count() == 1

    def test_forms_get_translated_errors(self, place):
        with translation.override("nn"):
            with pytest.raises(ValidationError) as error:
                OpeningException(place=place, date=date(2026, 12, 27), opens=time(9)).full_clean()
            assert "Skriv både når huben opnar og når han stengjer" in str(error.value)
            place.photo = "spaces/x.jpg"
            with pytest.raises(ValidationError) as error:
                place.full_clean()
            assert "Skildre biletet" in str(error.value)


class TestPages:
    def test_hub_page_in_nynorsk(self, place, settings):
        settings.LANGUAGE_CODE = "nn"
        html = Client(headers={"accept-language": "nn"}).get("/huset/").content.decode()
        assert "<h1>IT-Huset</h1>" in html
        assert "Opne <strong>arbeidsplassar</strong>." in html
        assert "Opningstider" in html and "08:00–16:00" in html
        assert "https://www.openstreetmap.org/?mlat=60.70300&amp;mlon=8.94400" in html
        assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]

    def test_hub_page_in_english_shows_a_closed_exception(self, place):
        tomorrow = timezone.localdate() + timedelta(days=1)
        OpeningException.objects.create(place=place, date=tomorrow, note_en="Staff seminar")
        html = Client(headers={"accept-language": "en"}).get("/huset/").content.decode()
        assert "Changed opening hours" in html
        assert "Staff seminar" in html
        assert "Closed" in html

    def test_markdown_is_sanitised(self, place):
        place.intro_nb = "Hei <script>alert(1)</script><img src=x onerror=alert(1)>"
        place.save()
        html = Client(headers={"accept-language": "nb"}).get("/huset/").content.decode()
        assert "<script>alert" not in html and "onerror" not in html

    def test_without_a_hub_the_page_still_helps(self, db):
        response = Client(headers={"accept-language": "nb"}).get("/huset/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "ikke skrevet om huben" in html and "Furuvegen 5" in html
        assert "Åpningstider" not in html

    def test_front_page_shows_today_and_links_the_hub(self, place):
        html = Client(headers={"accept-language": "nb"}).get("/").content.decode()
        assert "Kom innom huben" in html
        today = timezone.localdate()
        expected = "stengt" if today.weekday() >= 5 or holiday_name(today) else "08:00–16:00"
        section = html.split('id="where-heading"', 1)[1].split("</section>", 1)[0]
        assert expected in section
        assert 'href="/huset/"' in section

    def test_front_page_without_a_hub_keeps_the_address(self, db):
        html = Client(headers={"accept-language": "nb"}).get("/").content.decode()
        assert "Kom innom huben" not in html
        assert "Huben holder til i Furuvegen 5" in html


def test_demo_describes_the_hub_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert Place.objects.count() == 1
    place = Place.objects.get()
    assert place.hours.count() == 5
    assert place.exceptions.filter(date__month=12, date__day=24).exists()
    with translation.override("en"):
        assert place.intro.startswith("The hub has open desks")
