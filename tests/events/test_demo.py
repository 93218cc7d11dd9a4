import io

import pytest
from django.core.management import call_command

from klynge.events import demo
from klynge.events.models import Event, Registration


@pytest.mark.django_db
class TestDemo:
    def test_it_creates_past_and_upcoming_events_once(self):
        call_command("load_demo", stdout=io.StringIO())
        demo.load(io.StringIO())
        demo.load(io.StringIO())
        assert Event.objects.filter(slug__startswith="demo-").count() == len(demo.DEMO_EVENTS)
        assert Event.objects.past().exists() and Event.objects.upcoming().exists()
        assert {e.format for e in Event.objects.all()} == {"in_person", "online", "hybrid"}
        assert Event.objects.filter(audience="members").exists()
        assert Registration.objects.filter(user__email="kari@example.org").exists()

    def test_it_does_nothing_without_demo_users(self):
        demo.load(io.StringIO())
        assert Event.objects.count() == 0
