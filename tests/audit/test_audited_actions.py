"""Each staff, admin and security action writes one entry: who, what, on what, from where."""

from __future__ import annotations

import pytest
from django.test import Client

from klynge.accounts.services import user_create
from klynge.audit.models import Action, AuditEntry
from klynge.audit.services import audit_record
from klynge.directory import services as directory
from klynge.directory.models import MembershipApplication, Person
from klynge.events import services as events
from klynge.events.models import Event, Tag
from klynge.needs import services as needs
from klynge.needs.models import Need
from tests.conftest import PASSWORD

IP = "198.51.100.23"


def browse(user) -> Client:
    client = Client(REMOTE_ADDR=IP)
    client.force_login(user)
    return client


def only_entry(action) -> AuditEntry:
    (entry,) = AuditEntry.objects.filter(action=action)
    return entry


def pending_need(user) -> Need:
    need = needs.need_create(
        poster=user, title="Nettbutikk for gardsutsalet", description="Vi sel ost.",
        municipality="gol",
    )  # fmt: skip
    assert need.status == Need.Status.PENDING
    return need


def test_it_records_actor_target_and_address(rf, staff, user):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1")
    entry = audit_record(
        actor=staff, action=Action.PERSON_EDIT, target=user, summary="name", request=request
    )
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label, entry.ip) == (staff, "staff@example.org", "192.0.2.1")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "accounts.user", str(user.pk), "Una User",
    )  # fmt: skip


@pytest.mark.parametrize("proxies,expected", [(0, "10.0.0.5"), (1, "203.0.113.50")])
def test_behind_a_load_balancer_the_address_follows_trusted_proxies(
    staff, user, settings, proxies, expected
):
    settings.TRUSTED_PROXIES = proxies
    client = Client(REMOTE_ADDR="10.0.0.5", headers={"X-Forwarded-For": "203.0.113.50"})
    client.force_login(staff)
    client.post(f"/behov/godkjenning/{pending_need(user).pk}/", {"approve": "1"})
    assert only_entry(Action.NEED_APPROVE).ip == expected


def test_outside_a_request_there_is_no_address(staff, user):
    entry = audit_record(actor=staff, action=Action.NEED_APPROVE, target=user)
    assert entry.ip is None


def test_approving_and_declining_a_need(staff, user):
    approved, declined = pending_need(user), pending_need(user)
    browse(staff).post(f"/behov/godkjenning/{approved.pk}/", {"approve": "1"})
    browse(staff).post(f"/behov/godkjenning/{declined.pk}/", {"decline": "1", "reason": "Reklame"})
    entry = only_entry(Action.NEED_APPROVE)
    assert (entry.actor, entry.target_id, entry.ip) == (staff, str(approved.pk), IP)
    entry = only_entry(Action.NEED_DECLINE)
    assert (entry.actor, entry.target_id, entry.summary, entry.ip) == (
        staff, str(declined.pk), "Reklame", IP,
    )  # fmt: skip


def test_a_refused_approval_leaves_no_entry(user):
    need = pending_need(user)
    browse(user).post(f"/behov/godkjenning/{need.pk}/", {"approve": "1"})
    assert not AuditEntry.objects.exists()


def test_staff_editing_someone_elses_need_but_not_the_poster(staff, user):
    need = pending_need(user)
    needs.need_update(need=need, by=user, title="Nettbutikk for ost")
    assert not AuditEntry.objects.exists()
    needs.need_update(need=need, by=staff, title="Nettbutikk for ost og kjøt")
    entry = only_entry(Action.NEED_EDIT)
    assert (entry.actor, entry.target_id, entry.summary) == (staff, str(need.pk), "title")


def test_publishing_cancelling_and_exporting_an_event(staff, make_event):
    event = make_event(status=Event.Status.DRAFT)
    client = browse(staff)
    client.post(f"/arrangement/{event.slug}/publiser/")
    client.post(f"/arrangement/{event.slug}/avlys/")
    assert client.get(f"/arrangement/{event.slug}/deltakere.csv").status_code == 200
    for action in (Action.EVENT_PUBLISH, Action.EVENT_CANCEL, Action.EVENT_EXPORT):
        entry = only_entry(action)
        assert (entry.actor, entry.target_id, entry.ip) == (staff, str(event.pk), IP), action


def test_deciding_membership(staff, user):
    application = directory.membership_apply(user=user, kind="person", why="Eg driv med IT")
    browse(staff).post(f"/katalog/stab/medlemskap/{application.pk}/", {"approve": "1"})
    assert MembershipApplication.objects.get().status == MembershipApplication.Status.APPROVED
    entry = only_entry(Action.MEMBERSHIP_APPROVE)
    person = Person.objects.get(user=user)
    assert (entry.actor, entry.target_type, entry.target_id, entry.ip) == (
        staff, "directory.person", str(person.pk), IP,
    )  # fmt: skip


def test_staff_editing_someone_elses_profile_but_not_the_owner(staff, user):
    person = directory.person_get_or_create_for(user=user)
    directory.person_update(person=person, by=user, bio="Min eigen tekst")
    assert not AuditEntry.objects.exists()
    directory.person_update(person=person, by=staff, bio="Retta av staben")
    entry = only_entry(Action.PERSON_EDIT)
    assert (entry.actor, entry.target_id, entry.summary) == (staff, str(person.pk), "bio")


def test_downloading_ones_data(user):
    assert browse(user).get("/konto/mine-data/last-ned/").status_code == 200
    entry = only_entry(Action.DATA_EXPORT)
    assert (entry.actor, entry.target_id, entry.ip) == (user, str(user.pk), IP)


def test_renewing_the_calendar_feed_address(user):
    events.calendar_feed_get_or_create(user=user)
    assert not AuditEntry.objects.exists()
    events.calendar_feed_regenerate(user=user)
    assert only_entry(Action.CALENDAR_REGENERATE).actor == user


def test_renewing_the_needs_feed_address(user):
    client = browse(user)
    client.get("/behov/varsel/")
    assert not AuditEntry.objects.exists()
    client.post("/behov/varsel/", {"new_link": "1"})
    entry = only_entry(Action.NEEDS_FEED_REGENERATE)
    assert (entry.actor, entry.target_type, entry.ip) == (user, "needs.alertsettings", IP)


@pytest.fixture
def superuser(db):
    return user_create(email="root@example.org", password=None, is_superuser=True)


def test_admin_additions_changes_and_deletions(superuser):
    client = browse(superuser)
    response = client.post("/admin/events/tag/add/", {"name": "Sky", "slug": "sky"})
    assert response.status_code == 302
    tag = Tag.objects.get()
    entry = only_entry(Action.ADMIN_ADD)
    assert (entry.actor, entry.target_type, entry.target_id, entry.ip) == (
        superuser, "events.tag", str(tag.pk), IP,
    )  # fmt: skip
    client.post(f"/admin/events/tag/{tag.pk}/change/", {"name": "Skyen", "slug": "sky"})
    entry = only_entry(Action.ADMIN_CHANGE)
    assert (entry.actor, entry.target_id, entry.target_label) == (superuser, str(tag.pk), "Skyen")
    assert "Name" in entry.summary
    client.post(f"/admin/events/tag/{tag.pk}/delete/", {"post": "yes"})
    assert not Tag.objects.exists()
    entry = only_entry(Action.ADMIN_DELETE)
    assert (entry.actor, entry.target_id, entry.target_label) == (superuser, str(tag.pk), "Skyen")


def test_repeated_failed_sign_ins_past_the_threshold(user, settings):
    settings.AUDIT_SIGNIN_FAILURE_THRESHOLD = 3
    client = Client(REMOTE_ADDR=IP)
    for attempt in range(1, 4):
        client.post("/konto/login/", {"login": "user@example.org", "password": "wrong"})
        assert AuditEntry.objects.count() == (1 if attempt == 3 else 0), attempt
    entry = only_entry(Action.SIGNIN_FAILED)
    assert (entry.actor, entry.target_id, entry.summary, entry.ip) == (
        None, str(user.pk), "user@example.org", IP,
    )  # fmt: skip
    # The right password still works (allauth's limit is higher) and writes nothing.
    client.post("/konto/login/", {"login": "user@example.org", "password": PASSWORD})
    assert AuditEntry.objects.count() == 1
