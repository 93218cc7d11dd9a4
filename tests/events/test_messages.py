"""An organiser writes to an event's participants: the right people, each once,
through a real SMTP conversation, and never twice for a form sent twice."""

from __future__ import annotations

import email
import threading
import uuid
from email import policy

import pytest
from django.db import connection
from django.utils import timezone

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.events import messaging
from klynge.events.models import EventMessage, Notification, Registration

R = Registration.Status


@pytest.fixture
def event_with_people(make_event, staff):
    event = make_event(title="Frokostmøte om KI", created_by=staff, capacity=2)
    rows = [
        ("Ane", "ane@example.org", R.CONFIRMED, True),
        ("Bo", "bo@example.org", R.CONFIRMED, False),
        ("Cato", "cato@example.org", R.WAITLISTED, False),
        ("Dina", "dina@example.org", R.CANCELLED, False),
    ]
    for n, (name, address, status, came) in enumerate(rows):
        Registration.objects.create(
            event=event, name=name, email=address, status=status,
            waitlist_position=n if status == R.WAITLISTED else None,
            attended_at=timezone.now() if came else None, confirmed_at=timezone.now(),
        )  # fmt: skip
    return event


def send(event, by, audience="registered", nonce=None, **fields):
    fields.setdefault("subject", "Endra rom")
    fields.setdefault("body", "Vi er i møterom 2.")
    return messaging.message_send(
        event=event, by=by, audience=audience, nonce=nonce or str(uuid.uuid4()), **fields
    )


def inbox(server) -> list:
    return [
        (env.rcpt_tos, email.message_from_bytes(env.content, policy=policy.default))
        for env in server.envelopes
    ]


class TestWho:
    @pytest.mark.parametrize(
        ("audience", "expected"),
        [
            ("registered", ["ane@example.org", "bo@example.org"]),
            ("waitlisted", ["cato@example.org"]),
            ("attended", ["ane@example.org"]),
        ],
    )
    def test_each_audience(self, event_with_people, staff, audience, expected):
        message = send(event_with_people, staff, audience)
        claimed = Notification.objects.filter(kind="message", version=message.pk)
        assert sorted(n.registration.email for n in claimed) == expected
        assert message.recipients == len(expected)

    def test_only_organisers_and_staff_may_write(self, event_with_people, member):
        with pytest.raises(NotAllowed):
            send(event_with_people, member)
        assert not EventMessage.objects.exists()

    @pytest.mark.parametrize(
        "fields",
        [{"subject": ""}, {"body": "  "}, {"subject": "To\nlinjer"}, {"audience": "everyone"}],
    )
    def test_bad_input_sends_nothing(self, event_with_people, staff, fields):
        with pytest.raises(Invalid):
            send(event_with_people, staff, **fields)
        assert not EventMessage.objects.exists() and not Notification.objects.exists()


class TestOnce:
    def test_the_same_form_twice_sends_one_message(self, event_with_people, staff):
        nonce = str(uuid.uuid4())
        send(event_with_people, staff, nonce=nonce)
        with pytest.raises(Conflict):
            send(event_with_people, staff, nonce=nonce)
        assert EventMessage.objects.count() == 1
        assert Notification.objects.filter(kind="message").count() == 2

    def test_a_double_click_from_four_threads_sends_once(self, event_with_people, staff, database):
        nonce, results, errors = str(uuid.uuid4()), [], []
        barrier = threading.Barrier(4)

        def click():
            database()
            try:
                barrier.wait(timeout=30)
                results.append(send(event_with_people, staff, nonce=nonce).recipients)
            except Conflict:
                results.append("conflict")
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=click) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sorted(results, key=str) == [2, "conflict", "conflict", "conflict"]
        assert Notification.objects.filter(kind="message").count() == 2

    def test_a_second_message_reaches_the_same_people_again(self, event_with_people, staff):
        send(event_with_people, staff)
        send(event_with_people, staff, subject="Og kaffi")
        assert Notification.objects.filter(kind="message").count() == 4


def test_the_message_travels_over_smtp_in_each_language(
    tasks, smtp_server, event_with_people, staff
):
    send(event_with_people, staff, subject="Endra rom: møterom 2", body="Vi er i møterom 2 i dag.")
    tasks.run()
    received = inbox(smtp_server)
    assert sorted(to[0] for to, _m in received) == ["ane@example.org", "bo@example.org"]
    for to, message in received:
        assert message["Subject"].endswith("Endra rom: møterom 2")
        body = message.get_body(("plain",)).get_content()
        assert "Vi er i møterom 2 i dag." in body
        assert "Frokostmøte om KI" in body
        # Each gets their own email: nobody sees who else got it.
        assert message["To"] == to[0] and message["Cc"] is None
    tasks.run()  # a second worker run sends nothing more
    assert len(smtp_server.envelopes) == 2


class TestPage:
    def test_the_form_sends_and_the_manage_page_lists_it(self, client, event_with_people, staff):
        client.force_login(staff)
        url = f"/arrangement/{event_with_people.slug}/melding/"
        form = client.get(url, headers={"accept-language": "nn"}).content.decode()
        assert "Påmelde: 2. På ventelista: 1. Sjekka inn: 1." in form
        data = {"audience": "registered", "subject": "Hei", "body": "Sjå dykk!", "nonce": "n-1"}
        response = client.post(url, data)
        assert response.status_code == 302
        again = client.post(url, data, headers={"accept-language": "nn"})
        assert "Denne meldinga er allereie sendt." in again.content.decode()
        manage = client.get(
            f"/arrangement/{event_with_people.slug}/deltakere/", headers={"accept-language": "nn"}
        ).content.decode()
        assert "Meldingar som er sende" in manage and "2 mottakarar" in manage

    def test_others_are_refused(self, client, event_with_people, member):
        client.force_login(member)
        response = client.post(
            f"/arrangement/{event_with_people.slug}/melding/",
            {"audience": "registered", "subject": "Hei", "body": "Spam", "nonce": "x"},
        )
        assert response.status_code == 403
        assert not EventMessage.objects.exists()
