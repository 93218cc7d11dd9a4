import pytest
from django.test import Client

from klynge.events import services
from klynge.events.models import Registration

JSON = "application/json"


def post(client, event):
    return client.post(f"/api/v1/events/{event.pk}/registrations", {}, content_type=JSON)


@pytest.mark.django_db
class TestEventList:
    def test_it_lists_upcoming_public_events(self, client, make_event):
        event = make_event(capacity=10)
        make_event(status="draft", title="Utkast")
        make_event(audience="members", title="Medlemsmøte")
        data = client.get("/api/v1/events").json()
        assert [e["id"] for e in data] == [event.pk]
        assert data[0]["places_left"] == 10
        assert data[0]["location"].startswith("IT-Hub Hallingdal, Furuvegen 5, 3550 Gol")

    def test_members_see_members_only_events(self, member_client, make_event):
        make_event(audience="members")
        assert len(member_client.get("/api/v1/events").json()) == 1


@pytest.mark.django_db
class TestEventDetail:
    def test_it_shows_an_event(self, client, make_event):
        event = make_event(description="**Hei**")
        data = client.get(f"/api/v1/events/{event.pk}").json()
        assert data["title"] == event.title
        assert data["description"] == "**Hei**"

    def test_it_hides_drafts_with_the_one_error_shape(self, client, make_event):
        event = make_event(status="draft")
        response = client.get(f"/api/v1/events/{event.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
class TestRegister:
    def test_it_registers_the_signed_in_user(self, user_client, user, make_event):
        event = make_event(capacity=1)
        response = post(user_client, event)
        assert response.status_code == 201
        assert response.json()["status"] == "confirmed"
        assert Registration.objects.get().user == user

    def test_it_waitlists_when_full(self, user_client, make_event, make_user):
        event = make_event(capacity=1)
        services.registration_create(event=event, user=make_user(1))
        response = post(user_client, event)
        assert response.json() == {
            "id": response.json()["id"],
            "event_id": event.pk,
            "status": "waitlisted",
            "waitlist_position": 1,
        }

    def test_the_waitlist_answer_is_the_place_in_line_without_gaps(
        self, user_client, make_event, make_user
    ):
        event = make_event(capacity=1)
        first, second, third = (
            services.registration_create(event=event, user=make_user(n)) for n in range(3)
        )
        services.registration_cancel(registration=second)  # position 1 leaves a gap
        response = post(user_client, event)
        assert response.json()["waitlist_position"] == 2  # behind third only
        assert Registration.objects.get(pk=response.json()["id"]).waitlist_position == 3

    def test_it_hides_drafts_from_sign_up_and_changes_nothing(self, user_client, make_event):
        response = post(user_client, make_event(status="draft"))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
        assert not Registration.objects.exists()

    def test_it_requires_sign_in(self, make_event):
        response = post(Client(), make_event())
        assert response.status_code == 401
        assert "detail" in response.json()

    def test_it_requires_the_csrf_token(self, user, make_event):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert post(client, make_event()).status_code == 403

    def test_it_refuses_twice_with_409(self, user_client, make_event):
        user_client.cookies["django_language"] = "en"
        event = make_event()
        post(user_client, event)
        response = post(user_client, event)
        assert response.status_code == 409
        assert response.json() == {"detail": "You are already registered for this event."}

    def test_users_cannot_reach_members_only_events(self, user_client, make_event):
        assert post(user_client, make_event(audience="members")).status_code == 404

    def test_members_can_join_members_only_events(self, member_client, make_event):
        assert post(member_client, make_event(audience="members")).status_code == 201


@pytest.mark.django_db
class TestCancel:
    def test_it_cancels_ones_own_and_moves_the_waitlist(
        self, user_client, user, make_event, make_user
    ):
        event = make_event(capacity=1)
        post(user_client, event)
        waiting = services.registration_create(event=event, user=make_user(1))
        response = user_client.delete(f"/api/v1/events/{event.pk}/registrations")
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
        waiting.refresh_from_db()
        assert waiting.is_confirmed

    def test_it_answers_404_without_a_registration(self, user_client, make_event):
        response = user_client.delete(f"/api/v1/events/{make_event().pk}/registrations")
        assert response.status_code == 404
