"""The retention job: each rule at its boundary, on known dates, and twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from klynge.core import retention
from klynge.core.tasks import run_retention, send_email
from klynge.directory.models import Person
from klynge.events.models import Registration
from klynge.needs.models import Answer, Need

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


def ago(days: int):
    return NOW - days * DAY


@pytest.fixture
def events(make_event):
    old = make_event(starts_at=ago(182), ends_at=ago(181))  # ended just past 180 days
    recent = make_event(starts_at=ago(179), ends_at=ago(178))
    return old, recent


def guest(event, email, **fields):
    fields.setdefault("status", Registration.Status.CONFIRMED)
    return Registration.objects.create(
        event=event, name="Gunn Gjest", email=email, dietary_needs="Nøtteallergi", **fields
    )


class TestGuestRegistrations:
    def test_it_anonymises_guests_of_events_long_over(self, events, member):
        old, recent = events
        gone = guest(old, "gunn@example.org")
        kept = guest(recent, "gunn@example.org")
        own = Registration.objects.create(
            event=old, user=member, name="Mari", status=Registration.Status.CONFIRMED
        )
        done = retention.run(NOW)
        assert done["guest_registrations"] == 1
        gone.refresh_from_db()
        assert (gone.name, gone.email, gone.dietary_needs, gone.anonymised) == ("", "", "", True)
        assert gone.status == Registration.Status.CONFIRMED  # still counted
        kept.refresh_from_db()
        assert kept.email == "gunn@example.org"
        own.refresh_from_db()
        assert own.user == member and not own.anonymised  # accounts keep their own

    def test_it_changes_nothing_the_second_time(self, events):
        guest(events[0], "gunn@example.org")
        assert retention.run(NOW)["guest_registrations"] == 1
        assert retention.run(NOW)["guest_registrations"] == 0

    def test_it_deletes_unconfirmed_sign_ups_after_a_week(self, events):
        _, recent = events
        stale = guest(recent, "a@example.org", status=Registration.Status.PENDING)
        fresh = guest(recent, "b@example.org", status=Registration.Status.PENDING)
        confirmed = guest(recent, "c@example.org")
        Registration.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=ago(8))
        Registration.objects.filter(pk=fresh.pk).update(created_at=ago(6))
        assert retention.run(NOW)["unconfirmed_guest_registrations"] == 1
        assert set(Registration.objects.values_list("email", flat=True)) == {
            "b@example.org",
            "c@example.org",
        }


class TestClosedNeeds:
    @pytest.fixture
    def needs(self, user, member):
        def need(status, settled_days_ago=None, **fields):
            published = ago(800)
            return Need.objects.create(
                poster=user, title="Nettbutikk for osten", description="Vi sel ost.",
                organisation="Osteriet", status=status, published_at=published,
                settled_at=ago(settled_days_ago) if settled_days_ago is not None else None,
                **fields,
            )  # fmt: skip

        old = need(Need.Status.FILLED, 731)
        Answer.objects.create(need=old, author=member, person=Person.objects.get(user=member))
        return old, need(Need.Status.CLOSED, 729), need(Need.Status.OPEN)

    def test_it_anonymises_needs_settled_long_ago(self, needs):
        old, recent, open_ = needs
        assert retention.run(NOW)["closed_needs"] == 1
        old.refresh_from_db()
        assert (old.poster, old.title, old.description, old.organisation) == (None, "–", "", "")
        assert old.status == Need.Status.FILLED  # the statistics still count it
        assert not Answer.objects.filter(need=old).exists()
        for need in (recent, open_):
            need.refresh_from_db()
            assert need.description == "Vi sel ost." and need.poster is not None

    def test_it_changes_nothing_the_second_time(self, needs):
        assert retention.run(NOW)["closed_needs"] == 1
        assert retention.run(NOW)["closed_needs"] == 0


class TestSentMail:
    def test_it_deletes_finished_mail_after_thirty_days(self, db):
        for _ in range(3):
            send_email.enqueue(subject="Hei", body="Ei melding", to=["a@example.org"])
        old, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
        DBTaskResult.objects.filter(pk=old.pk).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=ago(31)
        )
        DBTaskResult.objects.filter(pk=recent.pk).update(
            status=TaskResultStatus.FAILED, finished_at=ago(29)
        )
        assert retention.run(NOW)["sent_mail"] == 1
        assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


class TestSettings:
    def test_the_days_come_from_settings(self, settings, events):
        settings.KLYNGE_RETENTION = {**settings.KLYNGE_RETENTION, "guest_registrations": 365}
        guest(events[0], "gunn@example.org")
        assert retention.run(NOW)["guest_registrations"] == 0

    def test_the_command_reports_each_rule(self, events):
        guest(events[0], "gunn@example.org")
        out = StringIO()
        call_command("run_retention", stdout=out)
        assert "guest_registrations: 1" in out.getvalue()
        assert "closed_needs: 0" in out.getvalue()


def test_the_task_runs_the_same_rules(tasks, make_event):
    event = make_event(starts_at=timezone.now() - 200 * DAY, ends_at=timezone.now() - 199 * DAY)
    registration = guest(event, "gunn@example.org")
    run_retention.enqueue()
    tasks.run()
    registration.refresh_from_db()
    assert registration.anonymised and registration.email == ""
