"""Who may start, join, see and write in a team answer: asked here and nowhere else.

The need's own rules (``needs/rules.py``) decide who may answer a need at all;
these add the team's state. Who acts for a member is the same as who reads the
needs board's mail for a provider: the person's own account, or a confirmed
admin of the company.
"""

from __future__ import annotations

from klynge.directory import rules as directory_rules
from klynge.directory.models import Company, CompanyRole, Person
from klynge.directory.roles import companies_administered, is_staff, person_of
from klynge.needs import rules as need_rules
from klynge.needs.models import Need
from klynge.teams.models import Member, Team


def start_refusal(user, need: Need) -> str | None:
    """Why ``user`` may not start a team answer to ``need`` (a key of
    ``needs.services.REFUSALS``), or None: the same as answering it alone."""
    return need_rules.answer_refusal(user, need)


def can_start(user, need: Need) -> bool:
    if need_rules.is_poster(user, need):  # the common case on her page, without a query
        return False
    return start_refusal(user, need) is None


def acts_for(user, member: Member) -> bool:
    """The member's own person, or a confirmed admin of the member company."""
    if not getattr(user, "is_authenticated", False):
        return False
    if member.person_id:
        return member.person.user_id == user.pk
    return CompanyRole.objects.filter(
        company_id=member.company_id, person__user=user, is_admin=True,
        status=CompanyRole.Status.CONFIRMED,
    ).exists()  # fmt: skip


def providers_of(user) -> tuple[Person | None, list[Company]]:
    """Whom ``user`` may act for in a team: their profile and the companies they administer."""
    return person_of(user), companies_administered(user)


def my_keys(user) -> set[str]:
    """The providers ``user`` acts for, as member keys (``person:1``, ``company:2``)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    person, companies = providers_of(user)
    keys = {f"company:{c.pk}" for c in companies}
    if person is not None:
        keys.add(f"person:{person.pk}")
    return keys


def members_of(user, team: Team, statuses=None) -> list[Member]:
    """The team's members ``user`` acts for (in the given statuses)."""
    if not getattr(user, "is_authenticated", False):
        return []
    person, companies = providers_of(user)
    company_ids = {c.pk for c in companies}
    # All of them, filtered here: a team's members prefetched (views._team) cost nothing.
    return [
        m for m in team.members.all()
        if (not statuses or m.status in statuses)
        and ((person and m.person_id == person.pk) or m.company_id in company_ids)
    ]  # fmt: skip


def is_team_side(user, team: Team) -> bool:
    """Acts for an accepted member."""
    return bool(members_of(user, team, [Member.Status.ACCEPTED]))


def is_invitee(user, team: Team) -> bool:
    return bool(members_of(user, team, [Member.Status.INVITED]))


def can_see_team(user, team: Team) -> bool:
    """The poster, staff, and those who act for a member who was invited or accepted."""
    if need_rules.is_poster(user, team.need) or is_staff(user):
        return True
    return bool(members_of(user, team, [Member.Status.INVITED, Member.Status.ACCEPTED]))


def can_read_thread(user, team: Team) -> bool:
    """The one thread: the poster and the accepted members; staff read it to moderate."""
    return need_rules.is_poster(user, team.need) or is_team_side(user, team) or is_staff(user)


def can_write_in_thread(user, team: Team) -> bool:
    """The poster and the accepted members, until the team is withdrawn or the need closed."""
    if team.status == Team.Status.WITHDRAWN or team.need.status == Need.Status.CLOSED:
        return False
    return need_rules.is_poster(user, team.need) or is_team_side(user, team)


def can_invite(user, team: Team) -> bool:
    """Accepted members invite more, while the team answers an open need."""
    return team.is_active and team.need.is_accepting and is_team_side(user, team)


def can_fill(user, team: Team) -> bool:
    """The poster (or staff) marks the need filled by this team."""
    return team.is_active and need_rules.can_settle(user, team.need)


def can_see_staff_page(user) -> bool:
    return is_staff(user)


def shows_provider(user, member: Member, mine: set[str] | None = None) -> bool:
    """Whether the viewer may learn who this member is. Companies are public while
    listed; a person only as the directory lets this viewer see them. Otherwise
    the member shows as "a provider" (docs/teams.md). ``mine`` is ``my_keys(user)``."""
    if member.company_id:
        if member.company.is_listed or is_staff(user):
            return True
        return member.key in (my_keys(user) if mine is None else mine)
    return directory_rules.can_view_person(user, member.person)
