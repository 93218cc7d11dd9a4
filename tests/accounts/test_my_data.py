import json

import pytest
from django.urls import reverse

from klynge.accounts.models import User
from klynge.directory import services
from klynge.directory.models import MembershipApplication, Person


class TestExport:
    def test_it_downloads_everything_as_json(self, user_client, user, make_person):
        make_person(user=user, name="Una User", headline="Webutviklar", skills=["WordPress"])
        services.membership_apply(user=user, kind="person", why="Treffe folk")
        response = user_client.get(reverse("accounts:my_data_download"))
        assert response["Content-Type"].startswith("application/json")
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["account"]["email"] == user.email
        assert data["directory"]["profile"]["headline"] == "Webutviklar"
        assert data["directory"]["skills"] == [{"name": "WordPress", "level": 3}]
        assert data["directory"]["membership_applications"][0]["why"] == "Treffe folk"

    def test_a_visitor_gets_nothing(self, client):
        assert client.get(reverse("accounts:my_data_download")).status_code == 302


class TestDelete:
    def test_the_page_says_what_is_deleted_and_kept(self, user_client):
        user_client.cookies["django_language"] = "en"
        html = user_client.get(reverse("accounts:my_data")).content.decode()
        assert "kept only as anonymous counts" in html

    def test_it_needs_the_email_typed_and_otherwise_deletes_nothing(self, user_client, user):
        response = user_client.post(reverse("accounts:delete"), {"email": "wrong@example.org"})
        assert response.status_code == 400
        assert User.objects.filter(pk=user.pk).exists()

    def test_it_deletes_the_account_and_profile_and_keeps_anonymous_counts(
        self, user_client, user, make_person
    ):
        make_person(user=user)
        services.membership_apply(user=user, kind="person", why="Personleg grunn")
        response = user_client.post(reverse("accounts:delete"), {"email": user.email.upper()})
        assert response.status_code == 302
        assert not User.objects.filter(pk=user.pk).exists()
        assert not Person.objects.exists()
        kept = MembershipApplication.objects.get()
        assert kept.user is None and kept.why == ""
        assert "_auth_user_id" not in user_client.session


@pytest.fixture
def make_person(db):
    def make(user, **fields):
        from klynge.directory.models import PersonSkill

        skills = fields.pop("skills", [])
        person = Person.objects.create(user=user, **{"name": "Una", **fields})
        for name in skills:
            PersonSkill.objects.create(person=person, name=name, level=3)
        return person

    return make


class TestDeleteWithEvents:
    def test_a_coming_place_goes_to_the_waitlist_and_the_past_stays_counted(
        self, user_client, user, member, staff
    ):
        from datetime import timedelta

        from django.utils import timezone

        from klynge.events import services as events
        from klynge.events.models import Registration

        now = timezone.now()
        coming = events.event_create(
            by=staff,
            title="Frukostmøte",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            capacity=1,
        )
        events.event_publish(event=coming, by=staff)
        events.registration_create(event=coming, user=user)
        waiting = events.registration_create(event=coming, user=member)
        assert waiting.status == Registration.Status.WAITLISTED

        user_client.post("/konto/slett/", {"email": user.email})

        waiting.refresh_from_db()
        assert waiting.status == Registration.Status.CONFIRMED
        gone = Registration.objects.get(event=coming, anonymised=True)
        assert gone.user is None and gone.email == "" and gone.name == ""
        assert gone.status == Registration.Status.CANCELLED
