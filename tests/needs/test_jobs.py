"""Timed work: the poster is reminded before a need expires, it expires only after
the reminder, a filled need gets one follow-up two weeks later; each email once."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klynge.needs import jobs, services
from klynge.needs.models import Need
from tests.needs.conftest import emails_to

pytestmark = pytest.mark.django_db


def test_the_poster_is_reminded_once_a_week_before_expiry(need, poster, committed):
    now = timezone.now()
    assert committed(jobs.expiry_reminders_send, now) == 0  # 60 days left
    later = need.expires_at - timedelta(days=6)
    mail.outbox.clear()
    assert committed(jobs.expiry_reminders_send, later) == 1
    [message] = mail.outbox
    assert message.to == [poster.email]
    assert "closes soon" in message.subject
    assert f"/behov/{need.pk}/" in message.body
    assert committed(jobs.expiry_reminders_send, later) == 0
    assert len(mail.outbox) == 1


def test_a_need_expires_only_after_the_reminder(need, committed):
    after = need.expires_at + timedelta(minutes=1)
    assert jobs.needs_expire(after) == 0  # not reminded yet: remind first
    assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN
    committed(jobs.expiry_reminders_send, after)
    assert jobs.needs_expire(after) == 1
    need.refresh_from_db()
    assert (need.status, need.close_reason) == (Need.Status.CLOSED, Need.CloseReason.EXPIRED)
    assert jobs.needs_expire(after) == 0


def test_extending_after_the_reminder_keeps_the_need_open(need, poster, committed):
    committed(jobs.expiry_reminders_send, need.expires_at - timedelta(days=1))
    services.need_extend(need=Need.objects.get(pk=need.pk), by=poster)
    assert jobs.needs_expire(need.expires_at + timedelta(minutes=1)) == 0
    assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN


def test_a_follow_up_goes_out_two_weeks_after_filling_once(need, poster, committed, client):
    services.need_fill(need=need, by=poster)
    need.refresh_from_db()
    mail.outbox.clear()
    assert committed(jobs.follow_ups_send, need.settled_at + timedelta(days=13)) == 0
    assert committed(jobs.follow_ups_send, need.settled_at + timedelta(days=14)) == 1
    assert committed(jobs.follow_ups_send, need.settled_at + timedelta(days=30)) == 0
    [message] = emails_to(poster.email)
    helped = next(line for line in message.body.splitlines() if "svar=helped" in line)
    # The link opens the answer chosen; opening it saves nothing (mail scanners open links).
    link = urlsplit(helped.strip())
    path = f"{link.path}?{link.query}"
    page = client.get(path)
    assert page.status_code == 200
    assert b'value="helped" checked' in page.content
    assert b"data-autosubmit" in page.content  # a browser sends it at once: one click
    assert Need.objects.get(pk=need.pk).outcome == ""
    client.post(path.split("?")[0], {"svar": "helped"})
    assert Need.objects.get(pk=need.pk).outcome == Need.Outcome.HELPED


def test_a_forged_outcome_link_finds_nothing(need, poster, client):
    services.need_fill(need=need, by=poster)
    token = jobs.outcome_token(need)
    assert client.get(reverse("needs:outcome", args=[token + "x"])).status_code == 404
    response = client.post(reverse("needs:outcome", args=[token]), {"svar": "helped"})
    assert response.status_code == 302
    assert Need.objects.get(pk=need.pk).outcome == Need.Outcome.HELPED


def test_the_command_runs_every_job(need, poster, capsys):
    Need.objects.filter(pk=need.pk).update(expires_at=timezone.now() + timedelta(days=1))
    call_command("run_needs_jobs")
    output = capsys.readouterr().out
    assert "reminders: 1" in output
    assert Need.objects.get(pk=need.pk).expiry_reminded_at is not None
