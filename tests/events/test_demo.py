import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.events import demo
from klynge.events.models import Event, Registration


@pytest.mark.django_db
class TestDemo:
    def test_it_creates_past_and_upcoming_events_once(self):
        call_command("load_demo", stdout=io.StringIO())
        demo.load(io.StringIO())
        demo.load(io.StringIO())
        slugs = [slug for slug, *_ in demo.DEMO_EVENTS]
        assert Event.objects.filter(slug__in=slugs).count() == len(demo.DEMO_EVENTS)
        assert Event.objects.past().exists() and Event.objects.upcoming().exists()
        assert {e.format for e in Event.objects.all()} == {"in_person", "online", "hybrid"}
        assert Event.objects.filter(audience="members").exists()
        assert Registration.objects.filter(user__email="kari@example.org").exists()

    def test_it_holds_events_on_working_days_at_believable_hours(self):
        call_command("load_demo", stdout=io.StringIO())
        for event in Event.objects.all():
            local = timezone.localtime(event.starts_at)
            assert local.weekday() < 5, f"{event.title} falls on a weekend"
            assert 8 <= local.hour <= 18, f"{event.title} starts at {local:%H:%M}"
        # Nothing tells a visitor that the events are made up.
        assert not Event.objects.filter(tags__name__iexact="demo").exists()
        assert not Event.objects.filter(slug__contains="demo").exists()
        evening = [e for e in Event.objects.all() if timezone.localtime(e.starts_at).hour >= 17]
        assert evening, "an evening meet-up"

    def test_it_does_nothing_without_demo_users(self):
        demo.load(io.StringIO())
        assert Event.objects.count() == 0
