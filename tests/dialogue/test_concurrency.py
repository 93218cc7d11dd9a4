"""The same invitation sent at the same moment on separate database connections:
the provider is still invited once and gets one email. Runs on SQLite (a file
copy) and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core import mail

from klynge.dialogue import services
from klynge.dialogue.models import Meeting, MeetingInvitation
from klynge.directory.models import Company, Person
from klynge.needs import services as need_services
from tests.conftest import run_tasks
from tests.dialogue.conftest import MEETING, soon
from tests.needs.conftest import SHOP_NEED
from tests.needs.test_concurrency import N, at_once


@pytest.fixture
def open_meeting(transactional_db, poster, staff, provider, company_admin):
    need = need_services.need_create(poster=poster, **SHOP_NEED)
    need_services.need_approve(need=need, by=staff)
    return services.meeting_create(
        need=need, by=poster, starts_at=soon(), ends_at=soon(hours=1), **MEETING
    )


def test_inviting_in_parallel_invites_each_provider_once(
    database, open_meeting, poster, provider, company_admin
):
    person = Person.objects.get(user=provider)
    company = Company.objects.get(name="Fjellkode AS")

    def invite():
        meeting = Meeting.objects.select_related("need", "event").get(pk=open_meeting.pk)
        return services.meeting_invite(
            meeting=meeting, by=poster, people=[person], companies=[company]
        )

    results, errors = at_once(database, invite)
    assert errors == []
    assert len(results) == N
    assert sum(len(invited) for invited in results) == 2  # each provider in one thread only
    assert MeetingInvitation.objects.count() == 2
    mail.outbox.clear()
    sent = [m for m in run_tasks() + run_tasks() if "market dialogue" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted([provider.email, company_admin.email])
