"""Email leaves through a real SMTP conversation with a server the test starts."""

import re

from django.urls import reverse

from tests.conftest import PASSWORD


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
