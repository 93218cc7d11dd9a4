"""How a team's members look to one viewer: the one place a team shows a provider.

A member the viewer may not learn of (an unlisted person, an unlisted company)
shows as "a provider", with their part but without name or link, so nobody
learns of a hidden profile through a team (docs/teams.md). The rule itself is
``rules.shows_provider``, which asks the directory.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from klynge.teams import rules
from klynge.teams.models import Member


@dataclass(frozen=True)
class MemberView:
    member: Member
    name: str
    url: str | None
    part: str
    status: str
    status_label: str
    is_mine: bool


def member_views(members, user, mine: set[str] | None = None) -> list[MemberView]:
    """``members`` as ``user`` may see them; ``mine`` is ``rules.my_keys(user)`` when the
    caller has it already. Asks no query per member (the caller selects person and company)."""
    mine = rules.my_keys(user) if mine is None else mine
    views = []
    for member in members:
        shown = rules.shows_provider(user, member, mine)
        provider = member.provider
        views.append(
            MemberView(
                member=member,
                name=provider.name if shown else _("A provider"),
                url=provider.get_absolute_url() if shown else None,
                part=member.part,
                status=member.status,
                status_label=member.get_status_display(),
                is_mine=member.key in mine,
            )
        )
    return views


def team_members(team, user, statuses=(Member.Status.INVITED, Member.Status.ACCEPTED)):
    """The team's members in ``statuses`` as ``user`` sees them; ``team`` comes with its
    members and their people and companies prefetched (views._team)."""
    return member_views([m for m in team.members.all() if m.status in statuses], user)
