"""One invitation over a real SMTP conversation, in the provider's own language."""

from __future__ import annotations

import email
from email import policy

from klynge.dialogue import services
from klynge.directory.models import Person
from klynge.needs import services as need_services
from tests.dialogue.conftest import MEETING, soon
from tests.needs.conftest import SHOP_NEED


def test_an_invitation_travels_to_the_provider(tasks, smtp_server, poster, staff, provider):
    provider.language = "nn"
    provider.save()
    need = need_services.need_create(poster=poster, **SHOP_NEED)
    need_services.need_approve(need=need, by=staff)
    meeting = services.meeting_create(
        need=need, by=poster, starts_at=soon(), ends_at=soon(hours=1), **MEETING
    )
    tasks.run()  # the approval's and the match notices' emails
    before = len(smtp_server.envelopes)
    services.meeting_invite(meeting=meeting, by=poster, people=[Person.objects.get(user=provider)])
    tasks.run()
    [envelope] = smtp_server.envelopes[before:]
    assert envelope.rcpt_tos == [provider.email]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"].endswith(f"Invitasjon til eit marknadsdialogmøte: {need.title}")
    body = message.get_body(("plain",)).get_content()
    assert "Meld deg på møtet her:" in body
    assert f"/arrangement/{meeting.event.slug}/meld-pa/" in body
    assert f"/behov/{need.pk}/" in body
    assert poster.email not in body
    tasks.run()
    assert len(smtp_server.envelopes) == before + 1  # sent once
