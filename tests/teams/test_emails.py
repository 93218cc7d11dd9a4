"""The teams' emails through the real task worker: each sent once, in the
recipient's language, naming no team member."""

from __future__ import annotations

import pytest

from klynge.teams import services
from klynge.teams.models import Member
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip


@pytest.fixture
def committed_team(tasks, need, provider, company):
    tasks.run()  # the approval's own mail
    team = services.team_start(
        need=need, by=provider, message="Vi kan gjere dette saman.", part="Nettbutikk",
        invite=[(company, "Betaling")],
    )  # fmt: skip
    return team


def test_starting_emails_the_poster_and_the_invitee_once(committed_team, tasks):
    sent = tasks.run()
    by_address = {m.to[0]: m for m in sent}
    assert set(by_address) == {"poster@example.org", "admin@fjellkode.example"}
    assert "A team is answering your need" in by_address["poster@example.org"].subject
    assert "Vi kan gjere dette saman." in by_address["poster@example.org"].body
    invitation = by_address["admin@fjellkode.example"]
    assert "Fjellkode AS" in invitation.body and "Betaling" in invitation.body
    assert committed_team.get_absolute_url() in invitation.body
    assert tasks.run() == []  # never twice


def test_accepting_tells_the_inviter_and_messages_reach_the_others(
    committed_team, tasks, company_admin, company, poster
):
    tasks.run()
    member = committed_team.members.get(company=company)
    services.member_answer(member=member, by=company_admin, accept=True)
    [joined] = tasks.run()
    assert joined.to == ["provider@example.org"] and "joined your team" in joined.subject
    services.message_post(team=committed_team, by=poster, body="Kan de kome på møte?")
    sent = tasks.run()
    assert sorted(m.to[0] for m in sent) == ["admin@fjellkode.example", "provider@example.org"]
    assert all("Kan de kome på møte?" in m.body for m in sent)
    assert all("Per Provider" not in m.body for m in sent)


def test_the_last_member_leaving_tells_the_poster(committed_team, tasks, provider):
    tasks.run()
    services.member_leave(
        member=committed_team.members.get(status=Member.Status.ACCEPTED), by=provider
    )
    [withdrawn] = tasks.run()
    assert withdrawn.to == ["poster@example.org"] and "withdrawn" in withdrawn.subject
