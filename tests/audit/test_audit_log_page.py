"""The staff page of the audit log, the read-only admin, and what expires."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.audit import views
from klynge.audit.models import Action, AuditEntry
from klynge.audit.services import audit_record
from klynge.core import retention

URL = "/stab/logg/"


def at(day: str, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=hour))


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def entries(staff, user):
    other = user_create(email="anna@example.org", password=None, name="Anna Admin", is_staff=True)
    made = [
        audit_record(actor=staff, action=Action.NEED_APPROVE, target=user, summary="first"),
        audit_record(actor=other, action=Action.EVENT_CANCEL, target=user, summary="second"),
        audit_record(actor=staff, action=Action.EVENT_CANCEL, target=user, summary="third"),
    ]
    for entry, day in zip(made, ["2026-03-01", "2026-03-03", "2026-03-05"], strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(at=at(day))
    return made


def summaries(response) -> list[str]:
    return [entry.summary for entry in response.context["page"].object_list]


def test_staff_see_the_newest_first(staff_client, entries):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert summaries(response) == ["third", "second", "first"]
    html = response.content.decode()
    assert "Event cancelled" in html and "Stina Staff" in html


def test_it_filters_by_action_person_and_date(staff_client, entries):
    assert summaries(staff_client.get(URL, {"handling": "event.cancel"})) == ["third", "second"]
    assert summaries(staff_client.get(URL, {"person": "anna@"})) == ["second"]
    assert summaries(staff_client.get(URL, {"person": "stina"})) == ["third", "first"]
    dates = {"fra": "2026-03-02", "til": "2026-03-03"}
    assert summaries(staff_client.get(URL, dates)) == ["second"]


def test_a_wrong_filter_says_why_and_filters_nothing(staff_client, entries):
    response = staff_client.get(URL, {"fra": "2026-03-05", "til": "2026-03-01"})
    assert response.status_code == 200
    assert "The from date must not be after the to date." in response.content.decode()
    assert summaries(response) == ["third", "second", "first"]
    response = staff_client.get(URL, {"handling": "no.such.action"})
    assert response.context["form"].errors["handling"]


def test_it_pages(staff_client, staff, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    for n in range(5):
        audit_record(actor=staff, action=Action.NEED_APPROVE, summary=str(n))
    assert summaries(staff_client.get(URL)) == ["4", "3"]
    assert summaries(staff_client.get(URL, {"side": "3"})) == ["0"]
    assert summaries(staff_client.get(URL, {"side": "99999999999999999999"})) == ["0"]


def test_people_who_are_not_staff_cannot_see_it(client, user, member, entries):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    for person in (user, member):
        client.force_login(person)
        response = client.get(URL)
        assert response.status_code == 403
        assert "first" not in response.content.decode()


def test_the_admin_shows_entries_but_cannot_change_them(entries):
    root = user_create(email="root@example.org", password=None, is_superuser=True)
    client = Client()
    client.force_login(root)
    entry = entries[0]
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"summary": "forged"})
    client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    entry.refresh_from_db()
    assert entry.summary == "first"


def test_entries_older_than_the_retention_time_expire(entries, settings):
    settings.KLYNGE_RETENTION = {**settings.KLYNGE_RETENTION, "audit_entries": 30}
    assert list(AuditEntry.objects.older_than(at("2026-03-04"))) == entries[:2]
    recent = audit_record(actor=None, action=Action.SIGNIN_FAILED, summary="now")
    AuditEntry.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=29))
    assert set(AuditEntry.objects.expired()) == set(entries)


def test_the_retention_job_deletes_expired_entries_once(entries, settings):
    settings.KLYNGE_RETENTION = {**settings.KLYNGE_RETENTION, "audit_entries": 30}
    recent = audit_record(actor=None, action=Action.SIGNIN_FAILED, summary="now")
    out = StringIO()
    call_command("run_retention", stdout=out)
    assert "audit_entries: 3" in out.getvalue()
    assert list(AuditEntry.objects.all()) == [recent]
    assert retention.run()["audit_entries"] == 0


def test_the_privacy_page_says_how_long_entries_are_kept(client, settings):
    settings.KLYNGE_RETENTION = {**settings.KLYNGE_RETENTION, "audit_entries": 200}
    rule = next(rule for rule in retention.rules() if rule.key == "audit_entries")
    assert rule.days == 200
    assert "The audit log" in client.get("/personvern/").content.decode()
