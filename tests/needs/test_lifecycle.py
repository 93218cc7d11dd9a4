"""The needs board's services: the lifecycle and every rule of who may do what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from klynge.core.errors import DomainError, NotAllowed
from klynge.needs import services
from klynge.needs.models import OPEN_FOR, Answer, Invitation, Message, Need
from tests.needs.conftest import SHOP_NEED, emails_to, make_person, make_user

pytestmark = pytest.mark.django_db
Status = Need.Status


def test_a_first_need_waits_for_staff_who_hear_of_it(poster, staff, taxonomy, committed):
    need = committed(services.need_create, poster=poster, **SHOP_NEED)
    need.refresh_from_db()
    assert need.status == Status.PENDING
    assert need.published_at is None
    assert {c.slug for c in need.competences.all()} >= {"nettbutikk", "betaling-pa-nett"}
    [message] = emails_to(staff.email)
    assert need.title in message.subject
    assert "/behov/godkjenning/" in message.body


def test_after_one_approved_need_the_next_publishes_at_once(make_need, poster, taxonomy):
    first = make_need(poster)
    assert first.status == Status.OPEN
    second = services.need_create(poster=poster, title="Ny nettside", municipality="gol")
    assert second.status == Status.OPEN
    assert second.published_at is not None


def test_staff_needs_publish_at_once(staff, taxonomy):
    need = services.need_create(poster=staff, **SHOP_NEED)
    assert need.status == Status.OPEN


def test_an_unverified_account_cannot_post_and_nothing_is_written(taxonomy):
    unverified = make_user("new@example.org", verified=False)
    with pytest.raises(NotAllowed):
        services.need_create(poster=unverified, **SHOP_NEED)
    assert not Need.objects.exists()


def test_a_draft_is_hidden_until_submitted(poster, taxonomy):
    need = services.need_create(poster=poster, publish=False, **SHOP_NEED)
    assert need.status == Status.DRAFT
    assert not Need.objects.visible_to(None).filter(pk=need.pk).exists()
    other = make_user("other@example.org")
    with pytest.raises(NotAllowed):
        services.need_submit(need=need, by=other)
    services.need_submit(need=need, by=poster)
    assert Need.objects.get(pk=need.pk).status == Status.PENDING


def test_approval_opens_for_sixty_days_and_tells_the_poster(poster, staff, taxonomy, committed):
    need = services.need_create(poster=poster, **SHOP_NEED)
    committed(services.need_approve, need=need, by=staff)
    need.refresh_from_db()
    assert need.status == Status.OPEN
    assert abs(need.expires_at - (need.published_at + OPEN_FOR)) < timedelta(seconds=1)
    [message] = emails_to(poster.email)
    assert "published" in message.subject
    assert f"/behov/{need.pk}/" in message.body


def test_only_staff_approve_and_a_need_is_approved_once(poster, staff, taxonomy):
    need = services.need_create(poster=poster, **SHOP_NEED)
    with pytest.raises(NotAllowed):
        services.need_approve(need=need, by=poster)
    assert Need.objects.get(pk=need.pk).status == Status.PENDING
    services.need_approve(need=need, by=staff)
    with pytest.raises(DomainError):
        services.need_approve(need=Need.objects.get(pk=need.pk), by=staff)


def test_declining_closes_the_need_and_says_why(poster, staff, taxonomy, committed):
    need = services.need_create(poster=poster, **SHOP_NEED)
    committed(services.need_decline, need=need, by=staff, reason="Dette er reklame.")
    need.refresh_from_db()
    assert (need.status, need.close_reason) == (Status.CLOSED, Need.CloseReason.DECLINED)
    [message] = emails_to(poster.email)
    assert "Dette er reklame." in message.body


def test_a_deadline_before_sixty_days_ends_the_need_that_day(make_need, poster, taxonomy):
    deadline = timezone.localdate() + timedelta(days=10)
    need = make_need(poster, deadline=deadline)
    assert timezone.localtime(need.expires_at).date() == deadline


def test_answering_moves_the_need_into_dialogue_and_tells_the_poster(
    need, provider, poster, committed
):
    answer = committed(services.answer_create, need=need, by=provider, message="Eg kan hjelpe!")
    need.refresh_from_db()
    assert need.status == Status.DIALOGUE
    assert answer.person.user == provider
    assert [m.body for m in answer.messages.all()] == ["Eg kan hjelpe!"]
    [message] = emails_to(poster.email)
    assert "Eg kan hjelpe!" in message.body
    assert provider.email not in message.body  # the address travels only if they write it


@pytest.mark.parametrize(
    "who, expected",
    [
        ("poster", "own"),
        ("unverified", "verify"),
        ("no_profile", "profile"),
    ],
)
def test_who_may_not_answer(need, poster, who, expected):
    users = {
        "poster": poster,
        "unverified": make_user("u@example.org", verified=False),
        "no_profile": make_user("np@example.org"),
    }
    with pytest.raises(NotAllowed) as refused:
        services.answer_create(need=need, by=users[who], message="Hei")
    assert str(refused.value) == str(services.REFUSALS[expected]())
    assert not Answer.objects.exists()


def test_members_only_needs_take_answers_from_members_only(make_need, poster, provider, member):
    need = make_need(poster, audience=Need.Audience.MEMBERS)
    with pytest.raises(NotAllowed):
        services.answer_create(need=need, by=provider, message="Hei")
    assert services.answer_create(need=need, by=member, message="Hei").person.user == member


def test_settled_needs_take_no_answers(need, poster, provider):
    services.need_close(need=need, by=poster)
    with pytest.raises(NotAllowed):
        services.answer_create(need=need, by=provider, message="Hei")


def test_one_answer_per_provider(need, provider):
    services.answer_create(need=need, by=provider, message="Hei")
    with pytest.raises(DomainError):
        services.answer_create(need=need, by=provider, message="Hei igjen")
    assert Answer.objects.count() == 1
    assert Message.objects.count() == 1


def test_a_company_answers_only_through_its_admin(need, company_admin, provider):
    from klynge.directory.models import Company

    company = Company.objects.get(name="Fjellkode AS")
    with pytest.raises(NotAllowed):
        services.answer_create(need=need, by=provider, message="Hei", company=company)
    answer = services.answer_create(need=need, by=company_admin, message="Hei", company=company)
    assert answer.provider == company
    # The admin may also answer as themselves: a separate provider.
    assert services.answer_create(need=need, by=company_admin, message="Eg òg").company is None


def test_messages_reach_the_other_side_only(need, poster, company_admin, committed):
    from klynge.directory.models import Company

    company = Company.objects.get(name="Fjellkode AS")
    answer = services.answer_create(need=need, by=company_admin, message="Hei", company=company)
    mail.outbox.clear()
    committed(services.message_post, answer=answer, by=poster, body="Når kan de kome?")
    assert [m.to for m in mail.outbox] == [[company_admin.email]]
    assert "Når kan de kome?" in mail.outbox[0].body
    mail.outbox.clear()
    committed(services.message_post, answer=answer, by=company_admin, body="På tysdag.")
    assert [m.to for m in mail.outbox] == [[poster.email]]
    assert Message.objects.filter(answer=answer, from_poster=True).count() == 1


def test_strangers_cannot_write_in_a_thread(need, provider, stranger):
    answer = services.answer_create(need=need, by=provider, message="Hei")
    with pytest.raises(NotAllowed):
        services.message_post(answer=answer, by=stranger, body="Hallo?")
    assert answer.messages.count() == 1


def test_a_withdrawn_answer_is_closed_for_messages(need, poster, provider, stranger, committed):
    answer = services.answer_create(need=need, by=provider, message="Hei")
    with pytest.raises(NotAllowed):
        services.answer_withdraw(answer=answer, by=stranger)
    mail.outbox.clear()
    committed(services.answer_withdraw, answer=answer, by=provider)
    assert "withdrawn" in emails_to(poster.email)[0].subject
    with pytest.raises(DomainError):
        services.answer_withdraw(answer=answer, by=provider)
    with pytest.raises(NotAllowed):
        services.message_post(answer=answer, by=poster, body="Synd!")


def test_filling_names_who_got_it_and_tells_every_answerer(
    need, poster, provider, company_admin, committed
):
    from klynge.directory.models import Company

    company = Company.objects.get(name="Fjellkode AS")
    winner = services.answer_create(need=need, by=company_admin, message="Vi", company=company)
    services.answer_create(need=need, by=provider, message="Eg")
    mail.outbox.clear()
    committed(services.need_fill, need=need, by=poster, answer=winner)
    need.refresh_from_db()
    assert need.status == Status.FILLED
    assert need.filled_by == company
    assert need.settled_at is not None
    assert "Congratulations" in emails_to(company_admin.email)[0].body
    assert "someone else" in emails_to(provider.email)[0].body


def test_only_the_poster_or_staff_settle_and_only_once(need, poster, provider, staff):
    with pytest.raises(NotAllowed):
        services.need_fill(need=need, by=provider)
    with pytest.raises(NotAllowed):
        services.need_close(need=need, by=provider)
    services.need_close(need=need, by=staff, reason=Need.CloseReason.SOLVED_ELSEWHERE)
    with pytest.raises(DomainError) as settled:  # nobody settles it again
        services.need_fill(need=Need.objects.get(pk=need.pk), by=poster)
    assert not isinstance(settled.value, NotAllowed)
    assert Need.objects.get(pk=need.pk).close_reason == Need.CloseReason.SOLVED_ELSEWHERE


def test_a_stale_copy_cannot_settle_a_need_twice(need, poster):
    stale = Need.objects.get(pk=need.pk)
    services.need_close(need=need, by=poster)
    with pytest.raises(DomainError):
        services.need_fill(need=stale, by=poster)
    assert Need.objects.get(pk=need.pk).status == Status.CLOSED


def test_closing_needs_a_reason_the_poster_may_give(need, poster):
    with pytest.raises(DomainError):
        services.need_close(need=need, by=poster, reason=Need.CloseReason.EXPIRED)
    assert Need.objects.get(pk=need.pk).status == Status.OPEN


def test_an_answer_from_another_need_cannot_fill_this_one(make_need, need, poster, provider):
    other = make_need(poster, title="Ny nettside")
    answer = services.answer_create(need=other, by=provider, message="Hei")
    with pytest.raises(DomainError):
        services.need_fill(need=need, by=poster, answer=answer)


def test_extending_keeps_the_need_open_and_reminds_again(need, poster, provider):
    Need.objects.filter(pk=need.pk).update(
        expires_at=timezone.now() + timedelta(days=2), expiry_reminded_at=timezone.now()
    )
    need.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.need_extend(need=need, by=provider)
    services.need_extend(need=need, by=poster)
    need.refresh_from_db()
    assert need.expires_at > timezone.now() + OPEN_FOR - timedelta(minutes=1)
    assert need.expiry_reminded_at is None


def test_only_the_poster_edits_and_not_after_settling(make_need, poster, provider):
    make_need(poster, title="Ei tidlegare nettside")  # a trusted poster: edits stay open
    need = make_need(poster)
    with pytest.raises(NotAllowed):
        services.need_update(need=need, by=provider, title="Kapra")
    services.need_update(need=need, by=poster, title="Nettbutikk med Vipps")
    need.refresh_from_db()
    assert need.title == "Nettbutikk med Vipps"
    services.need_close(need=need, by=poster)
    with pytest.raises(NotAllowed):
        services.need_update(need=need, by=poster, title="Igjen")


def test_editing_the_deadline_moves_the_expiry(need, poster):
    deadline = date.today() + timedelta(days=5)
    services.need_update(need=need, by=poster, deadline=deadline)
    assert timezone.localtime(Need.objects.get(pk=need.pk).expires_at).date() == deadline


def test_the_poster_invites_a_provider_once(need, poster, company_admin, provider, committed):
    from klynge.directory.models import Company

    company = Company.objects.get(name="Fjellkode AS")
    with pytest.raises(NotAllowed):
        services.invite(need=need, by=provider, company=company)
    mail.outbox.clear()
    committed(services.invite, need=need, by=poster, company=company)
    [message] = mail.outbox
    assert message.to == [company_admin.email]
    assert f"/behov/{need.pk}/" in message.body
    with pytest.raises(DomainError):
        services.invite(need=need, by=poster, company=company)
    assert Invitation.objects.count() == 1


def test_a_provider_nobody_can_read_mail_for_cannot_be_invited(need, poster, taxonomy):
    from klynge.directory.models import Company

    unclaimed = Company.objects.create(name="Uten eier AS", municipality="hol", is_claimed=False)
    with pytest.raises(DomainError):
        services.invite(need=need, by=poster, company=unclaimed)
    assert not Invitation.objects.exists()


def test_the_outcome_is_recorded_for_filled_needs_only(need, poster):
    with pytest.raises(DomainError):
        services.outcome_record(need=need, outcome=Need.Outcome.HELPED)
    services.need_fill(need=need, by=poster)
    with pytest.raises(DomainError):
        services.outcome_record(need=need, outcome="maybe")
    services.outcome_record(need=need, outcome=Need.Outcome.HELPED)
    need.refresh_from_db()
    assert need.outcome == Need.Outcome.HELPED
    assert need.outcome_at is not None


def test_a_provider_without_a_profile_elsewhere_still_needs_one(need, taxonomy):
    user = make_user("late@example.org")
    make_person(user, skills=["wordpress"])
    assert services.answer_create(need=need, by=user, message="Hei").pk


def test_an_edit_that_keeps_the_deadline_keeps_the_expiry_and_reminder(need, poster):
    reminded = timezone.now()
    Need.objects.filter(pk=need.pk).update(expiry_reminded_at=reminded)
    need.refresh_from_db()
    expires = need.expires_at
    services.need_update(need=need, by=poster, title="Nettbutikk", deadline=None)
    need.refresh_from_db()
    assert (need.expires_at, need.expiry_reminded_at) == (expires, reminded)
    deadline = timezone.localdate() + timedelta(days=20)
    services.need_update(need=need, by=poster, deadline=deadline)
    need.refresh_from_db()
    assert timezone.localtime(need.expires_at).date() == deadline
    assert need.expiry_reminded_at is None  # a new expiry gets its own reminder


def test_a_provider_who_answered_is_not_invited(need, poster, provider):
    from klynge.directory.roles import person_of

    services.answer_create(need=need, by=provider, message="Hei")
    with pytest.raises(DomainError):
        services.invite(need=need, by=poster, person=person_of(provider))
    assert not Invitation.objects.exists()


class TestReviewAfterEdits:
    """Approval of a first need does not let a later edit publish other text unseen."""

    def test_a_new_accounts_text_edit_goes_back_to_review(self, need, poster, staff, tasks):
        tasks.run()
        services.need_update(need=need, by=poster, title="Billig Viagra på nett")
        need.refresh_from_db()
        assert need.status == Need.Status.PENDING
        assert need in Need.objects.visible_to(poster) and need not in Need.objects.open()
        assert [m.to for m in tasks.run()] == [[staff.email]]  # staff are asked to look
        services.need_approve(need=need, by=staff)
        assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN

    def test_an_edit_that_keeps_the_text_stays_open(self, need, poster):
        services.need_update(need=need, by=poster, budget=Need.Budget.UNDER_10K)
        assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN

    def test_an_account_with_an_earlier_published_need_is_trusted(self, make_need, poster):
        make_need(poster, title="Ei tidlegare nettside")
        need = make_need(poster)
        services.need_update(need=need, by=poster, description="Ny tekst")
        assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN

    def test_staff_editing_a_new_accounts_need_keep_it_open(self, need, staff):
        services.need_update(need=need, by=staff, title="Nettbutikk for ostebua")
        assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN
