"""A deleted account leaves its teams (the last one out withdraws the team), its team
messages go, and its export lists its memberships and messages."""

from __future__ import annotations

import pytest

from klynge.accounts.services import account_delete
from klynge.teams import privacy
from klynge.teams.models import Team, TeamMessage
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip

pytestmark = pytest.mark.django_db


def test_the_export_lists_memberships_and_messages(team, provider):
    data = privacy.export(provider)
    assert data["team_memberships"][0]["part"] == "Nettbutikk"
    assert data["team_messages"][0]["body"] == "Vi kan gjere dette saman."


def test_deleting_the_last_member_withdraws_the_team(team, provider):
    account_delete(user=provider)
    team.refresh_from_db()
    assert team.status == Team.Status.WITHDRAWN
    assert not TeamMessage.objects.filter(body="Vi kan gjere dette saman.").exists()
    assert not team.members.filter(person__name="Per Provider").exists()
