import pytest
from django.test import Client
from django.urls import reverse

from klynge.events import services
from klynge.events.models import Event, Registration


def url(name, event=None):
    return reverse(f"events:{name}", args=[event.slug] if event else [])


@pytest.mark.django_db
class TestEventPages:
    def test_the_list_shows_what_the_viewer_may_see(self, client, make_event):
        make_event(title="Åpent møte")
        make_event(title="Hemmelig utkast", status="draft")
        page = client.get(url("list")).content.decode()
        assert "Åpent møte" in page and "Hemmelig utkast" not in page

    def test_the_page_has_json_ld_and_open_graph(self, client, make_event):
        event = make_event(description="Kom <script>alert(1)</script> og **lær**")
        page = client.get(url("detail", event)).content.decode()
        assert '<script type="application/ld+json">' in page
        assert '"@type": "Event"' in page
        assert "<script>alert" not in page
        assert '<meta property="og:title" content="Frokostmøte">' in page
        assert "<strong>lær</strong>" in page

    def test_members_only_pages_are_hidden_from_users(self, user_client, make_event):
        event = make_event(audience="members")
        assert user_client.get(url("detail", event)).status_code == 404

    def test_the_online_link_shows_only_to_participants(self, user_client, user, make_event):
        event = make_event(format="online", online_url="https://meet.example.org/x")
        assert "meet.example.org/x" not in user_client.get(url("detail", event)).content.decode()
        services.registration_create(event=event, user=user)
        assert "meet.example.org/x" in user_client.get(url("detail", event)).content.decode()


@pytest.mark.django_db
class TestSignUpPages:
    def test_a_user_signs_up_with_one_click(self, user_client, user, make_event):
        event = make_event()
        response = user_client.post(url("register", event))
        assert response.status_code == 302
        assert Registration.objects.get(user=user).is_confirmed

    def test_a_visitor_is_sent_to_sign_in(self, client, make_event):
        assert client.post(url("register", make_event())).status_code == 302
        assert Registration.objects.count() == 0

    def test_a_user_cancels_from_the_registration_page(self, user_client, user, make_event):
        event = make_event()
        services.registration_create(event=event, user=user)
        assert user_client.get(url("registration", event)).status_code == 200
        user_client.post(url("cancel", event))
        assert Registration.objects.get().status == "cancelled"

    def test_guest_sign_up_is_rate_limited(self, client, make_event):
        event = make_event()
        for n in range(10):
            data = {"name": "G", "email": f"g{n}@example.org"}
            assert client.post(url("guest_register", event), data).status_code == 200
        response = client.post(
            url("guest_register", event), {"name": "G", "email": "x@example.org"}
        )
        assert response.status_code == 429

    def test_a_forged_token_is_404(self, client):
        assert client.get(reverse("events:cancel_token", args=["forged"])).status_code == 404
        assert client.get(reverse("events:feedback", args=["forged"])).status_code == 404


@pytest.mark.django_db
class TestOrganiserPages:
    def test_staff_create_a_draft_and_publish_it(self, staff_client):
        data = {
            "title": "Sikkerheitskveld",
            "description": "Om passord",
            "starts_at": "2030-04-02T18:00",
            "ends_at": "2030-04-02T20:00",
            "format": "in_person",
            "audience": "everyone",
            "capacity": "30",
            "tags": "sikkerheit, kveld",
        }
        response = staff_client.post(url("create"), data)
        event = Event.objects.get()
        assert response.status_code == 302
        assert event.is_draft and event.capacity == 30
        assert event.starts_at.isoformat() == "2030-04-02T16:00:00+00:00"  # 18:00 summer time
        assert sorted(t.name for t in event.tags.all()) == ["kveld", "sikkerheit"]
        staff_client.post(url("publish", event))
        event.refresh_from_db()
        assert event.status == "published"

    def test_users_may_not_create_or_manage(self, user_client, make_event):
        event = make_event()
        assert user_client.get(url("create")).status_code == 403
        for name in ("edit", "manage", "check_in", "export"):
            assert user_client.get(url(name, event)).status_code == 403

    def test_an_organiser_with_the_permission_may_create(self, client, organiser):
        client.force_login(organiser)
        assert client.get(url("create")).status_code == 200

    def test_editing_the_time_raises_the_sequence(self, staff_client, make_event):
        event = make_event(capacity=5)
        data = {
            "title": event.title,
            "starts_at": "2030-10-27T09:00",
            "ends_at": "2030-10-27T10:00",
            "format": "in_person",
            "audience": "everyone",
            "capacity": "5",
        }
        assert staff_client.post(url("edit", event), data).status_code == 302
        event.refresh_from_db()
        assert event.sequence == 1
        assert event.starts_at.isoformat() == "2030-10-27T08:00:00+00:00"  # winter time


@pytest.mark.django_db
class TestCheckIn:
    def test_staff_search_tick_off_and_add_walk_ins(self, staff_client, make_event, make_user):
        event = make_event()
        kari = services.registration_create(event=event, user=make_user(1))
        services.registration_create(event=event, user=make_user(2))
        page = staff_client.get(url("check_in", event) + "?q=person 1").content.decode()
        assert "Person 1" in page and "Person 2" not in page
        staff_client.post(url("check_in", event), {"registration": kari.pk, "attended": "1"})
        kari.refresh_from_db()
        assert kari.attended_at is not None
        staff_client.post(url("walk_in", event), {"name": "Wenche Walk-in"})
        walk_in = Registration.objects.get(is_walk_in=True)
        assert walk_in.attended_at and walk_in.is_confirmed

    def test_htmx_gets_just_the_row(self, staff_client, make_event, user):
        event = make_event()
        registration = services.registration_create(event=event, user=user)
        response = staff_client.post(
            url("check_in", event), {"registration": registration.pk}, HTTP_HX_REQUEST="true"
        )
        assert response.content.decode().startswith("<li id=")

    def test_the_staff_page_counts_attendance(self, staff_client, staff, make_event, make_user):
        event = make_event(capacity=1)
        came = services.registration_create(event=event, user=make_user(1))
        services.registration_create(event=event, user=make_user(2))
        services.registration_check_in(registration=came, by=staff)
        figures = staff_client.get(url("manage", event)).context["figures"]
        assert figures == {
            "registered": 1,
            "waitlisted": 1,
            "attended": 1,
            "walk_ins": 0,
            "no_shows": 0,
        }

    def test_the_csv_has_everyone_and_no_formulas(self, staff_client, make_event):
        event = make_event()
        services.registration_create_guest(
            event=event, name="=cmd()", email="g@example.org", language="nb"
        )
        reg = Registration.objects.get()
        services.registration_confirm_guest(registration=reg)
        body = staff_client.get(url("export", event)).content.decode("utf-8-sig")
        assert body.splitlines()[1].startswith("'=cmd(),g@example.org")

    def test_anyone_else_gets_403(self, make_event, user):
        client = Client()
        client.force_login(user)
        assert client.post(url("walk_in", make_event()), {"name": "X"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "starts, ends",
    [("0001-01-01T10:00", "0001-01-01T12:00"), ("9999-12-31T22:00", "9999-12-31T23:00"),
     ("2030-04-02T18:00", "9999-12-31T23:00")],
)  # fmt: skip
def test_an_event_outside_a_sane_date_range_is_refused(staff_client, starts, ends):
    data = {
        "title": "Sikkerheitskveld", "description": "Om passord", "starts_at": starts,
        "ends_at": ends, "format": "in_person", "audience": "everyone",
    }  # fmt: skip
    staff_client.cookies["django_language"] = "en"
    response = staff_client.post(url("create"), data)
    assert response.status_code == 200
    assert "Choose a date between the year 2000 and" in response.content.decode()
    assert not Event.objects.exists()


def without_csrf(response) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_guest_sign_up_answers_the_same_whether_or_not_an_address_is_registered(make_event, tasks):
    event = make_event()
    known = services.registration_create_guest(
        event=event, name="Kjent", email="known@example.org", language="en"
    )
    services.registration_confirm_guest(registration=known)
    tasks.run()
    client = Client()
    client.cookies["django_language"] = "en"
    registered = client.post(
        url("guest_register", event), {"name": "Someone", "email": "KNOWN@example.org"}
    )
    new = client.post(url("guest_register", event), {"name": "Someone", "email": "new@example.org"})
    assert registered.status_code == new.status_code == 200
    assert without_csrf(registered) == without_csrf(new)
    sent = {message.to[0]: message for message in tasks.run()}
    # The owner of the registered address is told again that they are registered;
    # their registration is untouched by whoever asked.
    assert sent["known@example.org"].subject.endswith(f"You are registered: {event.title}")
    assert "Confirm your registration" in sent["new@example.org"].subject
    known.refresh_from_db()
    assert known.name == "Kjent" and known.is_confirmed


def test_guest_confirmations_are_limited_per_address_whoever_asks(make_event, tasks):
    event = make_event()
    pages = set()
    for n in range(5):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")  # a new client each time
        response = client.post(
            url("guest_register", event), {"name": "G", "email": "target@example.org"}
        )
        assert response.status_code == 200
        pages.add(without_csrf(response))
    assert len(pages) == 1  # the limit does not show
    assert len(tasks.run()) == 3


@pytest.mark.django_db
def test_an_event_title_with_a_line_break_is_refused(staff_client):
    data = {
        "title": "Sikkerheitskveld\nBcc: victim@example.org", "description": "Om passord",
        "starts_at": "2030-04-02T18:00", "ends_at": "2030-04-02T20:00",
        "format": "in_person", "audience": "everyone",
    }  # fmt: skip
    staff_client.cookies["django_language"] = "en"
    response = staff_client.post(url("create"), data)
    assert response.status_code == 200
    assert "Write the title on one line." in response.content.decode()
    assert not Event.objects.exists()
