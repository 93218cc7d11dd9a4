"""Providers hear about a need once: by email, in a daily digest or in their feed,
only above the match threshold, and never twice however often the task runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from klynge.needs import alerts, services
from klynge.needs.models import AlertSettings, Need, Notice
from tests.needs.conftest import SHOP_NEED, emails_to, make_person, make_user

pytestmark = pytest.mark.django_db


def publish(poster, staff, committed, **fields):
    need = services.need_create(poster=poster, **{**SHOP_NEED, **fields})
    committed(services.need_approve, need=need, by=staff)
    return need


def test_matching_providers_get_one_email_and_others_none(
    poster, staff, provider, company_admin, stranger, committed
):
    need = publish(poster, staff, committed)
    [to_provider] = emails_to(provider.email)
    assert need.title in to_provider.subject
    assert f"/behov/{need.pk}/" in to_provider.body
    assert len(emails_to(company_admin.email)) == 1
    assert emails_to(stranger.email) == []
    assert emails_to(poster.email)  # the approval
    assert all(poster.email not in m.to or "published" in m.subject for m in mail.outbox)
    notices = Notice.objects.filter(need=need)
    assert {n.recipient for n in notices} == {provider, company_admin}
    assert all(n.score >= alerts.threshold() and n.sent_at for n in notices)
    assert Need.objects.get(pk=need.pk).providers_notified_at is not None


def test_running_the_task_again_sends_nothing_new(poster, staff, provider, committed):
    need = publish(poster, staff, committed)
    before = len(mail.outbox)
    assert committed(alerts.notify_providers, need.pk) == 0
    assert len(mail.outbox) == before
    assert Notice.objects.filter(need=need).count() == 1


def test_the_worker_run_twice_sends_each_notice_once(tasks, poster, staff, provider):
    need = services.need_create(poster=poster, **SHOP_NEED)
    services.need_approve(need=need, by=staff)
    first = tasks.run()
    assert [m.to for m in first if "matches you" in m.subject] == [[provider.email]]
    from klynge.needs.tasks import notify_providers

    notify_providers.enqueue(need.pk)
    assert tasks.run() == []


def test_an_edit_tells_only_providers_not_told_before(poster, staff, provider, committed):
    need = publish(poster, staff, committed, title="Trådlaust nett", description="")
    assert emails_to(provider.email) == []
    wifi = make_user("wifi@example.org")
    make_person(wifi, skills=["nettverk"], available_for_assignments=True)
    committed(alerts.notify_providers, need.pk)
    assert len(emails_to(wifi.email)) == 1
    committed(
        services.need_update, need=need, by=poster, title="Nettbutikk og trådlaust nett",
        description="Vi vil selje på nett med betaling på nett.",
    )  # fmt: skip
    assert emails_to(provider.email) == []  # a new account's new text waits for review
    committed(services.need_approve, need=need, by=staff)
    assert len(emails_to(provider.email)) == 1
    assert len(emails_to(wifi.email)) == 1


def test_the_threshold_decides(settings, poster, staff, provider, committed):
    settings.KLYNGE_NEEDS = {**settings.KLYNGE_NEEDS, "notify_threshold": 1.01}
    need = publish(poster, staff, committed)
    assert emails_to(provider.email) == []
    assert not Notice.objects.filter(need=need).exists()


def test_the_poster_is_not_told_about_their_own_need(staff, taxonomy, committed):
    shopkeeper = make_user("shop@example.org")
    make_person(shopkeeper, skills=["nettbutikk"], available_for_assignments=True)
    need = publish(shopkeeper, staff, committed)
    assert not Notice.objects.filter(need=need).exists()
    assert all("matches you" not in m.subject for m in emails_to(shopkeeper.email))


def test_members_only_needs_reach_members_only(poster, staff, provider, taxonomy, committed):
    member = make_user("m@example.org")
    make_person(member, skills=["nettbutikk"], member=True, available_for_assignments=True)
    need = publish(poster, staff, committed, audience=Need.Audience.MEMBERS)
    assert len(emails_to(member.email)) == 1
    assert emails_to(provider.email) == []
    assert list(Notice.objects.filter(need=need).values_list("recipient", flat=True)) == [member.pk]


def test_digest_readers_get_one_email_a_day(poster, staff, provider, committed):
    AlertSettings.objects.create(user=provider, frequency=AlertSettings.Frequency.DIGEST)
    first = publish(poster, staff, committed)
    second = services.need_create(poster=poster, **{**SHOP_NEED, "title": "Selje kjøt på nett"})
    committed(alerts.notify_providers, second.pk)
    assert emails_to(provider.email) == []
    now = timezone.now()
    assert committed(alerts.digests_send, now) == 1
    [digest] = emails_to(provider.email)
    assert first.title in digest.body and second.title in digest.body
    assert committed(alerts.digests_send, now + timedelta(hours=1)) == 0
    assert len(emails_to(provider.email)) == 1
    third = services.need_create(poster=poster, **{**SHOP_NEED, "title": "Nettbutikk for ull"})
    committed(alerts.notify_providers, third.pk)
    assert committed(alerts.digests_send, now + timedelta(hours=2)) == 0  # not a day yet
    assert committed(alerts.digests_send, now + timedelta(days=1)) == 1
    assert third.title in emails_to(provider.email)[1].body
    assert first.title not in emails_to(provider.email)[1].body


def test_feed_readers_get_no_email_but_the_need_in_their_feed(poster, staff, provider, committed):
    AlertSettings.objects.create(user=provider, frequency=AlertSettings.Frequency.FEED)
    need = publish(poster, staff, committed)
    assert emails_to(provider.email) == []
    assert list(alerts.needs_for_feed(provider)) == [need]
    services.need_close(need=need, by=poster)
    assert list(alerts.needs_for_feed(provider)) == []


def test_the_poster_sees_matches_without_their_own_profile(staff, provider, taxonomy):
    shopkeeper = make_user("shop@example.org")
    make_person(shopkeeper, skills=["nettbutikk"], available_for_assignments=True)
    need = services.need_create(poster=staff, **SHOP_NEED)
    need.poster = shopkeeper
    names = [m.name for m in alerts.need_matches(need)]
    assert names and shopkeeper.name not in names
    assert provider.name in names
