"""Who sees and may sign up for what: visitor, user, member, organiser, staff."""

import pytest
from django.contrib.auth.models import AnonymousUser

from klynge.core.errors import NotAllowed
from klynge.events import services
from klynge.events.models import Event
from klynge.events.rules import can_edit, can_organise, may_see


@pytest.fixture
def events(make_event, organiser):
    return {
        "open": make_event(title="Open"),
        "members": make_event(title="Members", audience="members"),
        "draft": make_event(title="Draft", status="draft"),
        "own_draft": make_event(title="Own draft", status="draft", organiser=organiser),
    }


def visible(user) -> set[str]:
    return set(Event.objects.visible_to(user).values_list("title", flat=True))


@pytest.mark.django_db
class TestVisibleTo:
    def test_visitors_see_published_events_open_to_all(self, events):
        assert visible(AnonymousUser()) == {"Open"}

    def test_users_see_the_same(self, events, user):
        assert visible(user) == {"Open"}

    def test_members_also_see_members_only_events(self, events, member):
        assert visible(member) == {"Open", "Members"}

    def test_organisers_also_see_their_own_drafts(self, events, organiser):
        assert visible(organiser) == {"Open", "Own draft"}

    def test_staff_see_everything(self, events, staff):
        assert visible(staff) == {"Open", "Members", "Draft", "Own draft"}

    def test_the_public_feed_has_no_members_only_or_drafts(self, events):
        assert set(Event.objects.public().values_list("title", flat=True)) == {"Open"}

    def test_may_see_one_event_agrees_with_the_queryset(
        self, events, make_event, user, member, organiser, staff
    ):
        """The sign-up API asks ``may_see`` of the event in hand instead of the queryset."""
        events["cancelled"] = make_event(title="Cancelled", status="cancelled")
        events["members_cancelled"] = make_event(
            title="Members cancelled", status="cancelled", audience="members"
        )
        events["own_members"] = make_event(
            title="Own members", audience="members", created_by=user
        )
        for person in (AnonymousUser(), user, member, organiser, staff):
            by_rule = {e.title for e in Event.objects.all() if may_see(person, e)}
            assert by_rule == visible(person), person
        assert visible(user) == {"Open", "Cancelled", "Own members"}


@pytest.mark.django_db
class TestOrganising:
    def test_only_staff_and_permitted_users_organise(self, user, member, staff, organiser):
        assert [can_organise(u) for u in (AnonymousUser(), user, member, staff, organiser)] == [
            False,
            False,
            False,
            True,
            True,
        ]

    def test_organisers_edit_only_their_own_events(self, events, organiser, staff):
        assert can_edit(organiser, events["own_draft"])
        assert not can_edit(organiser, events["draft"])
        assert can_edit(staff, events["draft"])

    def test_a_user_cannot_create_events(self, user):
        with pytest.raises(NotAllowed):
            services.event_create(by=user, title="X", starts_at=None, ends_at=None)

    def test_an_organiser_cannot_edit_someone_elses_event(self, events, organiser):
        with pytest.raises(NotAllowed):
            services.event_update(event=events["draft"], by=organiser, title="Mine now")


@pytest.mark.django_db
class TestMayRegister:
    def test_members_only_refuses_users(self, events, user):
        with pytest.raises(NotAllowed):
            services.registration_create(event=events["members"], user=user)

    def test_members_only_accepts_members_and_staff(self, events, member, staff):
        assert services.registration_create(event=events["members"], user=member).is_confirmed
        assert services.registration_create(event=events["members"], user=staff).is_confirmed

    def test_drafts_take_no_registrations(self, events, staff, user):
        with pytest.raises(services.RegistrationClosed):
            services.registration_create(event=events["draft"], user=staff)
        with pytest.raises(NotAllowed):
            services.registration_create(event=events["draft"], user=user)


def test_the_organiser_of_a_members_only_event_sees_it_without_any_role(make_event, user, client):
    """A buyer who holds a market-dialogue meeting organises it without being an
    organiser or a member; her own members-only event must not be hidden from her."""
    event = make_event(audience=Event.Audience.MEMBERS, organiser=user, title="Marknadsdialog")
    assert list(Event.objects.visible_to(user)) == [event]
    client.force_login(user)
    assert "Marknadsdialog" in client.get(event.get_absolute_url()).content.decode()
    other = make_event(audience=Event.Audience.MEMBERS, title="Berre for medlemmer")
    assert other not in Event.objects.visible_to(user)
