"""End to end over a real SMTP conversation: a need is approved, the matching
provider's email and then the poster's answer email leave through an SMTP server
the test starts, in each recipient's own language."""

from __future__ import annotations

import email
from email import policy

from klynge.needs import services
from klynge.needs.models import Answer
from tests.needs.conftest import SHOP_NEED


def messages(inbox) -> list:
    return [
        (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default))
        for envelope in inbox.envelopes
    ]


def test_a_need_travels_to_the_provider_and_the_answer_back(
    tasks, smtp_server, poster, staff, provider, client
):
    provider.language = "nn"
    provider.save()
    need = services.need_create(poster=poster, **SHOP_NEED)
    tasks.run()
    assert [to for to, _m in messages(smtp_server)] == [[staff.email]]

    services.need_approve(need=need, by=staff)
    tasks.run()  # the approval email, the notification task, then its email
    sent = dict((to[0], message) for to, message in messages(smtp_server)[1:])
    assert set(sent) == {poster.email, provider.email}
    match_email = sent[provider.email]
    assert match_email["Subject"].endswith(f"Eit behov som passar deg: {need.title}")
    body = match_email.get_body(("plain",)).get_content()
    assert f"/behov/{need.pk}/" in body
    assert poster.email not in body

    client.force_login(provider)
    client.post(f"/behov/{need.pk}/svar/", {"message": "Eg lagar nettbutikkar med Vipps."})
    answer = Answer.objects.get(need=need)
    tasks.run()
    to, answer_email = messages(smtp_server)[-1]
    assert to == [poster.email]
    answer_body = answer_email.get_body(("plain",)).get_content()
    assert "Eg lagar nettbutikkar med Vipps." in answer_body
    assert f"/behov/svar/{answer.pk}/" in answer_body
    assert provider.email not in answer_body
