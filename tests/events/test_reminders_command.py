import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.events import services
from klynge.events.tasks import send_event_reminders


def ended(event):
    event.starts_at = timezone.now() - timedelta(hours=3)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save()


class TestSendEventReminders:
    def test_it_reminds_each_participant_once(self, tasks, make_event, make_user):
        soon = make_event(starts_at=timezone.now() + timedelta(hours=20))
        later = make_event(starts_at=timezone.now() + timedelta(days=3))
        for n in range(2):
            services.registration_create(event=soon, user=make_user(n))
        services.registration_create(event=later, user=make_user(5))
        tasks.run()
        call_command("send_event_reminders", stdout=io.StringIO())
        call_command("send_event_reminders", stdout=io.StringIO())
        reminders = tasks.run() + tasks.run()
        assert sorted(m.to[0] for m in reminders) == ["person0@example.org", "person1@example.org"]

    def test_it_skips_the_waitlist_and_cancelled_events(self, tasks, make_event, make_user, staff):
        soon = make_event(starts_at=timezone.now() + timedelta(hours=2), capacity=1)
        services.registration_create(event=soon, user=make_user(1))
        services.registration_create(event=soon, user=make_user(2))
        cancelled = make_event(starts_at=timezone.now() + timedelta(hours=2))
        services.registration_create(event=cancelled, user=make_user(3))
        services.event_cancel(event=cancelled, by=staff)
        tasks.run()
        assert services.reminders_send() == 1

    def test_it_thanks_those_who_came_once(self, tasks, make_event, make_user, staff):
        event = make_event()
        came = services.registration_create(event=event, user=make_user(1))
        services.registration_create(event=event, user=make_user(2))
        services.registration_check_in(registration=came, by=staff)
        ended(event)
        tasks.run()
        assert services.thanks_send() == 1
        assert services.thanks_send() == 0
        (thanks,) = tasks.run() + tasks.run()
        assert thanks.to == ["person1@example.org"]

    def test_it_thanks_everyone_when_nobody_was_checked_in(self, db, make_event, make_user):
        event = make_event()
        for n in range(2):
            services.registration_create(event=event, user=make_user(n))
        ended(event)
        assert services.thanks_send() == 2

    def test_the_task_does_the_same(self, tasks, make_event, make_user):
        event = make_event(starts_at=timezone.now() + timedelta(hours=1))
        services.registration_create(event=event, user=make_user(1))
        tasks.run()
        assert send_event_reminders.call() == {"reminders": 1, "thanks": 0}
        assert send_event_reminders.call() == {"reminders": 0, "thanks": 0}


@pytest.mark.django_db
def test_it_says_what_it_did(capsys):
    call_command("send_event_reminders")
    assert "0 reminders" in capsys.readouterr().out
