"""Every email goes out once, in the recipient's language, even if the worker runs twice."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from klynge.core.models import OutgoingMail
from klynge.events import services
from klynge.events.models import Notification
from klynge.events.notifications import registration_email_send


def run_twice(tasks):
    return tasks.run() + tasks.run()


def link(message, part: str) -> str:
    return re.search(rf"https?://\S+/arrangement/{part}/\S+/", message.body)[0]


class TestRegistrationEmails:
    def test_a_confirmation_goes_out_once_in_the_users_language(self, tasks, make_event, make_user):
        person = make_user(1, language="en")
        services.registration_create(event=make_event(title="Kodekveld"), user=person)
        sent = run_twice(tasks)
        assert [m.to for m in sent] == [[person.email]]
        assert sent[0].subject.endswith("You are registered: Kodekveld")
        assert "/arrangement/pamelding/" in sent[0].body

    def test_the_sign_up_renders_nothing_the_worker_does(self, tasks, make_event, user):
        from django_tasks_db.models import DBTaskResult

        services.registration_create(event=make_event(title="Kodekveld"), user=user)
        assert OutgoingMail.objects.count() == 0  # not rendered in the request
        (queued,) = DBTaskResult.objects.filter(task_path__endswith="registration_email_send")
        notification = Notification.objects.get(kind=Notification.Kind.CONFIRMED)
        assert notification.queued_at is None
        (message,) = run_twice(tasks)
        assert "Kodekveld" in message.subject
        notification.refresh_from_db()
        assert notification.queued_at is not None

    def test_a_claimed_email_is_queued_once_however_often_its_task_runs(
        self, tasks, make_event, user
    ):
        registration = services.registration_create(event=make_event(), user=user)
        notification = Notification.objects.get(registration=registration)
        args = (registration.pk, Notification.Kind.CONFIRMED, notification.pk)
        assert registration_email_send.call(*args) is True
        assert registration_email_send.call(*args) is False
        assert OutgoingMail.objects.filter(recipients=user.email).count() == 1
        assert len(run_twice(tasks)) == 1

    def test_the_confirmation_carries_the_event_as_ics(self, tasks, make_event, user):
        event = make_event()
        services.registration_create(event=event, user=user)
        (message,) = tasks.run()
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "text/calendar"
        assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["UID"]

    def test_the_waitlist_and_the_move_up_are_each_told_once(self, tasks, make_event, make_user):
        event = make_event(capacity=1)
        first = services.registration_create(event=event, user=make_user(1, language="nn"))
        services.registration_create(event=event, user=make_user(2, language="nn"))
        sent = run_twice(tasks)
        assert [m.to[0] for m in sent] == ["person1@example.org", "person2@example.org"]
        kinds = Notification.objects.order_by("pk").values_list("kind", flat=True)
        assert list(kinds) == ["confirmed", "waitlisted"]
        services.registration_cancel(registration=first)
        moved = run_twice(tasks)
        assert [m.to for m in moved] == [["person2@example.org"]]
        assert Notification.objects.filter(kind="promoted").count() == 1

    def test_a_guest_confirms_by_the_link_and_then_gets_the_confirmation(
        self, tasks, client, make_event
    ):
        event = make_event()
        client.cookies["django_language"] = "en"
        response = client.post(
            f"/arrangement/{event.slug}/gjest/", {"name": "Gunn Gjest", "email": "gunn@example.org"}
        )
        assert response.status_code == 200
        (ask,) = run_twice(tasks)
        assert ask.to == ["gunn@example.org"]
        assert "Confirm your registration" in ask.subject
        path = link(ask, "bekreft").split("://", 1)[1].split("/", 1)[1]
        assert client.post(f"/{path}").status_code == 302
        assert client.post(f"/{path}").status_code == 302  # a second click sends nothing new
        (confirmed,) = run_twice(tasks)
        assert "You are registered" in confirmed.subject
        cancel_path = "/" + link(confirmed, "pamelding").split("://", 1)[1].split("/", 1)[1]
        client.post(cancel_path)
        assert event.registrations.get().status == "cancelled"

    def test_a_change_of_time_tells_everyone_registered_once(
        self, tasks, make_event, make_user, staff
    ):
        event = make_event()
        for n in range(3):
            services.registration_create(event=event, user=make_user(n))
        run_twice(tasks)
        services.event_update(event=event, by=staff, starts_at=event.starts_at + timedelta(hours=1))
        services.event_update(event=event, by=staff, title="Nytt namn")  # not news
        changed = run_twice(tasks)
        assert sorted(m.to[0] for m in changed) == [f"person{n}@example.org" for n in range(3)]
        assert all("Changed" in m.subject or "Endret" in m.subject for m in changed)

    def test_cancelling_the_event_tells_everyone_once(self, tasks, make_event, make_user, staff):
        event = make_event()
        services.registration_create(event=event, user=make_user(1))
        run_twice(tasks)
        services.event_cancel(event=event, by=staff)
        services.event_cancel(event=event, by=staff)
        assert len(run_twice(tasks)) == 1

    def test_a_rolled_back_write_sends_nothing(self, tasks, make_event, user):
        from django.db import transaction

        with pytest.raises(RuntimeError), transaction.atomic():
            services.registration_create(event=make_event(), user=user)
            raise RuntimeError
        assert run_twice(tasks) == []
        assert Notification.objects.count() == 0


class TestFeedbackLink:
    def test_the_thank_you_email_links_to_the_feedback_form(self, tasks, client, make_event, user):
        event = make_event()
        registration = services.registration_create(event=event, user=user)
        tasks.run()
        event.starts_at = timezone.now() - timedelta(hours=3)
        event.ends_at = timezone.now() - timedelta(hours=1)
        event.save()
        services.thanks_send()
        (thanks,) = run_twice(tasks)
        path = "/" + link(thanks, "tilbakemelding").split("://", 1)[1].split("/", 1)[1]
        assert client.get(path).status_code == 200
        assert client.post(path, {"rating": "4", "comment": "Godt"}).status_code == 302
        assert registration.feedback.rating == 4
