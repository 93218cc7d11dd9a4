"""Outgoing mail is stored, retried with backoff while the server is down, and sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from klynge.core.mail import email_queue, outgoing_send, render_email
from klynge.core.models import MAX_ATTEMPTS, RETRY_DELAYS, OutgoingMail

Status = OutgoingMail.Status


def time_passes(delta: timedelta) -> None:
    """Move every pending retry ``delta`` into the past, as if the clock had moved on."""
    OutgoingMail.objects.exclude(next_attempt_at=None).update(
        next_attempt_at=F("next_attempt_at") - delta
    )
    DBTaskResult.objects.exclude(run_after=get_date_max()).update(run_after=F("run_after") - delta)


def password_reset(request) -> tuple[str, str]:
    user = request.getfixturevalue("user")
    response = Client().post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    return user.email, "/konto/password/reset/key/"


def contact_message(request) -> tuple[str, str]:
    member = request.getfixturevalue("member")
    client = Client()
    client.force_login(request.getfixturevalue("user"))
    url = reverse("directory:person_contact", args=[member.person.pk])
    response = client.post(url, {"subject": "Nettbutikk", "message": "Kan du hjelpe?"})
    assert response.status_code == 302
    return member.email, "Kan du hjelpe?"


def guest_confirmation(request) -> tuple[str, str]:
    event = request.getfixturevalue("make_event")()
    url = reverse("events:guest_register", args=[event.slug])
    response = Client().post(url, {"name": "Gunn", "email": "gunn@example.org"})
    assert response.status_code == 200
    return "gunn@example.org", "/arrangement/bekreft/"


@pytest.mark.parametrize("cause", [password_reset, contact_message, guest_confirmation])
def test_mail_waits_for_a_server_that_is_down_and_arrives_once_it_is_up(
    request, cause, tasks, smtp_down
):
    recipient, content = cause(request)
    tasks.run()  # the server is down: the attempt fails and a retry is scheduled
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, mail.sent_at) == (Status.QUEUED, 1, None)
    assert "refused" in mail.last_error.lower()
    delay = mail.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < delay <= RETRY_DELAYS[0]
    tasks.run()  # not due yet: nothing is tried
    assert OutgoingMail.objects.get().attempts == 1

    smtp_down.start()
    time_passes(RETRY_DELAYS[0])
    tasks.run()
    assert len(smtp_down.envelopes) == 1
    assert smtp_down.envelopes[0].rcpt_tos == [recipient]
    assert content in smtp_down.envelopes[0].content.decode()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 2)
    assert mail.sent_at is not None

    # Another worker, a re-run of the task, or a day passing: nothing more is sent.
    time_passes(timedelta(days=1))
    tasks.run()
    assert outgoing_send(mail_id=mail.pk) is False
    assert len(smtp_down.envelopes) == 1


def test_it_sends_the_same_message_id_on_every_attempt(user, tasks, smtp_down):
    message = render_email("needs/email/digest", {"recipient": user, "needs": []},
                           to=[user.email], language="en")  # fmt: skip
    with transaction.atomic():
        mail = email_queue(message)
    tasks.run()
    smtp_down.start()
    time_passes(RETRY_DELAYS[0])
    tasks.run()
    message_id = OutgoingMail.objects.get(pk=mail.pk).message["headers"]["Message-ID"]
    assert f"Message-ID: {message_id}" in smtp_down.envelopes[0].content.decode()


def test_it_backs_off_1_5_30_minutes_2_and_12_hours_then_gives_up(user, tasks, smtp_down):
    with transaction.atomic():
        mail = email_queue(EmailMessage("Hello", "Body", to=[user.email]))
    delays = []
    for _ in range(MAX_ATTEMPTS):
        tasks.run()
        mail.refresh_from_db()
        if mail.next_attempt_at:
            delays.append(mail.next_attempt_at - timezone.now())
            time_passes(delays[-1] + timedelta(seconds=1))
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 5, 30, 120, 720]
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (Status.FAILED, 6, None)
    assert mail.last_error
    assert DBTaskResult.objects.ready().count() == 0  # nothing is left to retry


def test_a_second_worker_finds_a_claimed_message_and_sends_nothing(user, tasks, smtp_server):
    with transaction.atomic():
        mail = email_queue(EmailMessage("Hello", "Body", to=[user.email]))
    # The first worker's claim, as it stands while it talks to the server.
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.SENDING, attempts=1)
    assert outgoing_send(mail_id=mail.pk) is False
    tasks.run()
    assert smtp_server.envelopes == []
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1


def test_a_rolled_back_write_stores_and_sends_nothing(user, tasks, smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(EmailMessage("Hello", "Body", to=[user.email]))
        raise RuntimeError
    tasks.run()
    assert not OutgoingMail.objects.exists() and smtp_server.envelopes == []


def test_staff_see_failed_mail_and_send_it_again(client, staff, tasks, smtp_server):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_outgoingmail", "change_outgoingmail"])
    )
    with transaction.atomic():
        mail = email_queue(EmailMessage("Lost", "Body", to=["someone@example.org"]))
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=Status.FAILED, attempts=MAX_ATTEMPTS, next_attempt_at=None, last_error="refused"
    )
    DBTaskResult.objects.all().delete()
    client.force_login(staff)
    page = client.get(reverse("admin:core_outgoingmail_changelist") + "?status__exact=failed")
    assert page.status_code == 200 and "someone@example.org" in page.content.decode()
    response = client.post(
        reverse("admin:core_outgoingmail_changelist"),
        {"action": "resend", "_selected_action": [mail.pk]},
    )
    assert response.status_code == 302
    tasks.run()
    assert len(smtp_server.envelopes) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Status.SENT, 1, "")


def test_a_member_cannot_see_outgoing_mail(member_client):
    response = member_client.get(reverse("admin:core_outgoingmail_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_who_may_only_look_cannot_send_again(client, staff, tasks, smtp_server):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_outgoingmail"))
    with transaction.atomic():
        mail = email_queue(EmailMessage("Lost", "Body", to=["someone@example.org"]))
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.FAILED, next_attempt_at=None)
    DBTaskResult.objects.all().delete()
    client.force_login(staff)
    client.post(
        reverse("admin:core_outgoingmail_changelist"),
        {"action": "resend", "_selected_action": [mail.pk]},
    )
    tasks.run()
    assert smtp_server.envelopes == []
    assert OutgoingMail.objects.get(pk=mail.pk).status == Status.FAILED


@pytest.mark.django_db
def test_it_refuses_a_line_break_in_a_header_loudly():
    with pytest.raises(BadHeaderError):
        email_queue(EmailMessage("Hello\nBcc: victim@example.org", "Body", to=["a@example.org"]))
    with pytest.raises(BadHeaderError):
        email_queue(EmailMessage("Hello", "Body", to=["a@example.org\nBcc: b@example.org"]))
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_subject_a_value_broke_in_two(make_event):
    from klynge.events.models import Registration

    event = make_event(title="Breakfast\nBcc: victim@example.org")
    registration = Registration(event=event, name="Gina", email="gina@example.org")
    with pytest.raises(BadHeaderError):
        render_email("events/email/guest_confirm", {"registration": registration, "event": event},
                     to=["gina@example.org"], language="en")  # fmt: skip


def test_it_renders_in_the_language_asked_for_with_absolute_links_and_no_escaping(
    settings, make_event, db
):
    from klynge.events.models import Registration

    settings.SITE_URL = "https://klynge.example.no"
    event = make_event(title="R&D <breakfast>")
    registration = Registration(event=event, name="Gina", email="gina@example.org")
    message = render_email(
        "events/email/confirmed",
        {"registration": registration, "event": event,
         "event_url": "https://klynge.example.no" + event.get_absolute_url()},
        to=["gina@example.org"], language="nn",
    )  # fmt: skip
    assert message.subject == "[IT-Hub Hallingdal] Du er påmeldt: R&D <breakfast>"
    assert "R&D <breakfast>" in message.body
    assert "https://klynge.example.no/" in message.body


def test_workers_racing_for_one_message_send_it_once(database, user, smtp_server):
    import threading

    from django.db import connection

    with transaction.atomic():
        mail = email_queue(EmailMessage("Hello", "Body", to=[user.email]))
    barrier = threading.Barrier(4)
    results: list[bool] = []
    errors: list[BaseException] = []

    def worker() -> None:
        database()
        try:
            barrier.wait(timeout=30)
            results.append(outgoing_send(mail_id=mail.pk))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert len(smtp_server.envelopes) == 1
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1


@pytest.mark.django_db
def test_prune_deletes_only_sent_mail_older_than_the_cutoff():
    from django.core.management import call_command

    def row(status, sent_days_ago=None):
        sent_at = timezone.now() - timedelta(days=sent_days_ago) if sent_days_ago else None
        return OutgoingMail.objects.create(
            recipients="a@example.org", subject="s", message={}, status=status, sent_at=sent_at
        )

    old, recent = row(Status.SENT, 40), row(Status.SENT, 5)
    failed = row(Status.FAILED)
    call_command("prune_outgoing_mail", "--days", "30", verbosity=0)
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()


def test_a_send_email_task_queued_before_the_upgrade_is_still_sent(tasks, smtp_server):
    from klynge.core.tasks import send_email

    with transaction.atomic():
        send_email.enqueue(
            subject="Old", body="Queued by the previous version", from_email="hub@example.org",
            to=["old@example.org"], cc=[], bcc=[], reply_to=[], headers={}, attachments=[],
            html=None,
        )  # fmt: skip
    tasks.run()
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["old@example.org"]]
    assert OutgoingMail.objects.get().status == Status.SENT
