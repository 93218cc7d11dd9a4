"""Email leaves through a real SMTP conversation with a server the test starts."""

import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.conftest import PASSWORD


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_a_signup_verification_travels_over_smtp(client, tasks, smtp_server):
    client.cookies["django_language"] = "nn"
    client.post(
        reverse("account_signup"),
        {"email": "smtp@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert smtp_server.envelopes == []  # nothing is sent from the request itself
    tasks.run()
    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["smtp@example.org"]
    raw = envelope.content.decode()
    assert re.search(r"^Subject: ", raw, re.M)
    assert "/konto/confirm-email/" in raw
