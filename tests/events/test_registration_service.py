from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.core.errors import NotAllowed
from klynge.events import services
from klynge.events.models import Event, Registration

Status = Registration.Status


@pytest.mark.django_db
class TestRegistrationCreate:
    def test_it_gives_a_place_while_there_are_places(self, event, user):
        registration = services.registration_create(event=event, user=user)
        assert registration.status == Status.CONFIRMED
        assert registration.email == user.email
        assert registration.confirmed_at is not None

    def test_it_keeps_the_optional_answers(self, event, user):
        registration = services.registration_create(
            event=event, user=user, dietary_needs="vegan", show_publicly=True
        )
        assert registration.dietary_needs == "vegan"
        assert registration.show_publicly

    def test_it_refuses_a_second_registration(self, event, user):
        services.registration_create(event=event, user=user)
        with pytest.raises(services.AlreadyRegistered):
            services.registration_create(event=event, user=user)
        assert Registration.objects.count() == 1

    def test_it_waitlists_in_order_past_the_capacity(self, event, make_user):
        people = [make_user(n) for n in range(5)]
        regs = [services.registration_create(event=event, user=p) for p in people]
        assert [r.status for r in regs] == [Status.CONFIRMED] * 2 + [Status.WAITLISTED] * 3
        assert [r.waitlist_position for r in regs[2:]] == [1, 2, 3]
        assert [r.place_in_line for r in regs[2:]] == [1, 2, 3]
        assert event.is_full

    def test_it_has_no_limit_without_a_capacity(self, make_event, make_user):
        event = make_event(capacity=None)
        regs = [services.registration_create(event=event, user=make_user(n)) for n in range(4)]
        assert {r.status for r in regs} == {Status.CONFIRMED}
        assert not event.is_full

    def test_a_copy_of_the_event_older_than_its_publishing_still_signs_up(self, make_event, user):
        # The checks before the lock read the caller's copy; one taken while the event
        # was a draft (or closed) must not refuse what the row now allows.
        event = make_event(status="draft", capacity=1)
        Event.objects.filter(pk=event.pk).update(status="published", published_at=timezone.now())
        assert event.status == "draft"  # the caller's copy is stale
        registration = services.registration_create(event=event, user=user)
        assert registration.status == Status.CONFIRMED
        assert Registration.objects.filter(event=event, user=user).count() == 1

    def test_a_draft_is_still_refused_when_the_row_is_a_draft(self, make_event, user):
        event = make_event(status="draft")
        with pytest.raises(NotAllowed):
            services.registration_create(event=event, user=user)
        assert not Registration.objects.exists()

    def test_it_refuses_before_registration_opens(self, make_event, user):
        event = make_event(registration_opens_at=timezone.now() + timedelta(days=1))
        with pytest.raises(services.RegistrationClosed):
            services.registration_create(event=event, user=user)

    def test_it_refuses_after_the_deadline(self, make_event, user):
        event = make_event(registration_closes_at=timezone.now() - timedelta(minutes=1))
        with pytest.raises(services.RegistrationClosed):
            services.registration_create(event=event, user=user)

    def test_it_refuses_a_cancelled_event(self, make_event, user):
        event = make_event(status="cancelled")
        with pytest.raises(services.RegistrationClosed):
            services.registration_create(event=event, user=user)

    def test_it_lets_someone_who_cancelled_sign_up_again(self, event, user):
        first = services.registration_create(event=event, user=user)
        services.registration_cancel(registration=first)
        again = services.registration_create(event=event, user=user)
        assert again.pk == first.pk
        assert again.status == Status.CONFIRMED
        assert again.attempt == 2


@pytest.mark.django_db
class TestRegistrationCancel:
    def test_it_moves_the_first_on_the_waitlist_up(self, event, make_user):
        regs = [services.registration_create(event=event, user=make_user(n)) for n in range(4)]
        services.registration_cancel(registration=regs[0])
        states = {r.pk: (r.status, r.waitlist_position) for r in Registration.objects.all()}
        assert states[regs[0].pk] == (Status.CANCELLED, None)
        assert states[regs[2].pk] == (Status.CONFIRMED, None)
        assert states[regs[3].pk] == (Status.WAITLISTED, 2)
        regs[3].refresh_from_db()
        assert regs[3].place_in_line == 1
        assert event.confirmed_count() == 2

    def test_it_moves_nobody_when_a_waitlisted_person_leaves(self, event, make_user):
        regs = [services.registration_create(event=event, user=make_user(n)) for n in range(4)]
        services.registration_cancel(registration=regs[2])
        regs[3].refresh_from_db()
        assert regs[3].status == Status.WAITLISTED
        assert event.confirmed_count() == 2

    def test_it_is_safe_to_repeat(self, event, user):
        registration = services.registration_create(event=event, user=user)
        services.registration_cancel(registration=registration)
        assert services.registration_cancel(registration=registration).status == Status.CANCELLED

    def test_it_refuses_after_the_event(self, make_event, user):
        event = make_event()
        registration = services.registration_create(event=event, user=user)
        event.starts_at = timezone.now() - timedelta(hours=3)
        event.ends_at = timezone.now() - timedelta(hours=1)
        event.save()
        with pytest.raises(services.RegistrationClosed):
            services.registration_cancel(registration=registration)

    def test_new_sign_ups_queue_behind_the_waitlist(self, event, make_user):
        regs = [services.registration_create(event=event, user=make_user(n)) for n in range(3)]
        services.registration_cancel(registration=regs[0])
        late = services.registration_create(event=event, user=make_user(9))
        assert late.status == Status.WAITLISTED


@pytest.mark.django_db
class TestGuestRegistration:
    def guest(self, event, email="gjest@example.org"):
        return services.registration_create_guest(
            event=event, name="Gunn Gjest", email=email, language="nn"
        )

    def test_it_holds_no_place_until_confirmed(self, event):
        registration = self.guest(event)
        assert registration.status == Status.PENDING
        assert event.confirmed_count() == 0

    def test_confirming_gives_a_place(self, event):
        registration = services.registration_confirm_guest(registration=self.guest(event))
        assert registration.status == Status.CONFIRMED

    def test_confirming_twice_changes_nothing(self, event):
        registration = services.registration_confirm_guest(registration=self.guest(event))
        again = services.registration_confirm_guest(registration=registration)
        assert again.status == Status.CONFIRMED
        assert Registration.objects.count() == 1

    def test_confirming_a_full_event_waitlists(self, event, make_user):
        pending = self.guest(event)
        for n in range(2):
            services.registration_create(event=event, user=make_user(n))
        assert services.registration_confirm_guest(registration=pending).is_waitlisted

    def test_one_registration_per_email_whatever_its_case(self, event):
        first = services.registration_confirm_guest(registration=self.guest(event))
        again = self.guest(event, email="GJEST@example.org")
        assert again.pk == first.pk and again.is_confirmed
        assert Registration.objects.count() == 1

    def test_asking_again_while_pending_reuses_the_registration(self, event):
        first = self.guest(event)
        assert self.guest(event).pk == first.pk

    def test_guests_cannot_join_members_only_events(self, make_event):
        with pytest.raises(NotAllowed):
            self.guest(make_event(audience="members"))
