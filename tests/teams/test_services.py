"""Starting, inviting, accepting, declining, leaving, the thread and filling, through
the services and the rules, on the real database."""

from __future__ import annotations

import pytest

from klynge.audit.models import Action, AuditEntry
from klynge.core.errors import Conflict, Invalid, NotAllowed, NotFound
from klynge.directory.models import Person
from klynge.needs.models import Need
from klynge.teams import rules, services
from klynge.teams.models import Member, Team, TeamMessage
from tests.needs.conftest import make_person, make_user
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip

pytestmark = pytest.mark.django_db


def test_starting_a_team_makes_the_starter_a_member_and_invites_the_others(team, need, company):
    members = {m.key: m for m in team.members.all()}
    me = Person.objects.get(user__email="provider@example.org")
    assert members[f"person:{me.pk}"].status == Member.Status.ACCEPTED
    assert members[f"person:{me.pk}"].part == "Nettbutikk"
    assert members[f"company:{company.pk}"].status == Member.Status.INVITED
    assert members[f"company:{company.pk}"].part == "Betaling"
    assert team.messages.get().body == "Vi kan gjere dette saman."
    need.refresh_from_db()
    assert need.status == Need.Status.DIALOGUE


def test_the_poster_cannot_start_a_team_on_her_own_need(need, poster):
    Person.objects.create(user=poster, name="Petra", municipality="aal")  # a provider too
    with pytest.raises(NotAllowed, match="your own need"):
        services.team_start(need=need, by=poster, message="Hei")
    assert not Team.objects.exists()


def test_an_empty_message_or_a_part_on_two_lines_changes_nothing(need, provider, company):
    with pytest.raises(Invalid, match="Write a message"):
        services.team_start(need=need, by=provider, message="  ")
    with pytest.raises(Invalid, match="on one line"):
        services.team_start(need=need, by=provider, message="Hei", part="a\nb")
    with pytest.raises(Invalid, match="on one line"):
        services.team_start(need=need, by=provider, message="Hei", invite=[(company, "x\ny")])
    assert not Team.objects.exists() and not Member.objects.exists()


def test_one_provider_is_in_one_active_team_per_need(team, need, provider):
    with pytest.raises(Conflict, match="already in a team"):
        services.team_start(need=need, by=provider, message="Ein til")
    assert Team.objects.count() == 1


def test_a_hidden_profile_cannot_be_invited_by_its_key(team, provider, hidden):
    person = Person.objects.get(user=hidden)
    with pytest.raises(NotFound, match="could not find"):
        services.provider_from_key(f"person:{person.pk}", viewer=provider)
    with pytest.raises(NotFound):
        services.member_invite(team=team, by=provider, provider=person)
    assert not team.members.filter(person=person).exists()


def test_the_same_provider_is_invited_once(team, provider, company):
    with pytest.raises(Conflict, match="already invited"):
        services.member_invite(team=team, by=provider, provider=company)
    assert team.members.filter(company=company).count() == 1


def test_only_accepted_members_invite(team, company_admin, taxonomy):
    person = make_person(make_user("other@example.org", name="Otto Other"))
    with pytest.raises(NotAllowed):  # Fjellkode is only invited yet
        services.member_invite(team=team, by=company_admin, provider=person)


def test_the_company_admin_accepts_with_their_own_part(team, company_admin, company):
    member = team.members.get(company=company)
    services.member_answer(member=member, by=company_admin, accept=True, part="Vipps og kort")
    member.refresh_from_db()
    assert (member.status, member.part) == (Member.Status.ACCEPTED, "Vipps og kort")
    assert rules.is_team_side(company_admin, team)
    with pytest.raises(Conflict, match="already answered"):
        services.member_answer(member=member, by=company_admin, accept=False)


def test_only_the_invited_provider_answers(team, provider, company):
    member = team.members.get(company=company)
    with pytest.raises(NotAllowed):
        services.member_answer(member=member, by=provider, accept=True)
    member.refresh_from_db()
    assert member.status == Member.Status.INVITED


def test_a_declined_invitation_gives_no_access(team, company_admin, company):
    member = team.members.get(company=company)
    services.member_answer(member=member, by=company_admin, accept=False)
    assert team.members.get(company=company).status == Member.Status.DECLINED
    assert not rules.can_see_team(company_admin, team)
    assert not rules.can_read_thread(company_admin, team)


def test_the_last_member_leaving_withdraws_the_team(team, provider, company_admin, company):
    joined = team.members.get(company=company)
    services.member_answer(member=joined, by=company_admin, accept=True)
    starter = team.members.get(person__user=provider)
    services.member_leave(member=starter, by=provider)
    team.refresh_from_db()
    assert team.status == Team.Status.ACTIVE  # Fjellkode is still in
    services.member_leave(member=joined, by=company_admin)
    team.refresh_from_db()
    assert team.status == Team.Status.WITHDRAWN and team.withdrawn_at is not None
    with pytest.raises(Conflict):
        services.member_leave(member=joined, by=company_admin)


def test_open_invitations_close_with_a_withdrawn_team(team, provider, company_admin, company):
    services.member_leave(member=team.members.get(person__user=provider), by=provider)
    assert team.members.get(company=company).status == Member.Status.DECLINED
    with pytest.raises(Conflict):
        services.member_answer(
            member=team.members.get(company=company), by=company_admin, accept=True
        )


def test_the_thread_is_for_the_poster_and_the_accepted_members(
    team, poster, provider, company_admin, company, staff, user
):
    assert rules.can_write_in_thread(poster, team)
    assert rules.can_write_in_thread(provider, team)
    assert not rules.can_read_thread(company_admin, team)  # invited, not yet in
    assert rules.can_see_team(company_admin, team)  # may see the team to answer
    assert not rules.can_see_team(user, team)
    assert rules.can_read_thread(staff, team) and not rules.can_write_in_thread(staff, team)
    with pytest.raises(NotAllowed):
        services.message_post(team=team, by=company_admin, body="Hei")
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    services.message_post(team=team, by=company_admin, body="Vi er med.")
    services.message_post(team=team, by=poster, body="Flott, kva kostar det?")
    bodies = list(team.messages.values_list("body", "from_poster"))
    assert bodies[1:] == [("Vi er med.", False), ("Flott, kva kostar det?", True)]
    with pytest.raises(Invalid, match="empty"):
        services.message_post(team=team, by=poster, body="  ")
    assert TeamMessage.objects.count() == 3


def test_the_poster_marks_the_need_filled_by_the_team(team, poster, need):
    services.team_fill(team=team, by=poster)
    need.refresh_from_db()
    team.refresh_from_db()
    assert need.status == Need.Status.FILLED
    assert team.status == Team.Status.WON and team.won_at is not None
    assert not AuditEntry.objects.with_action(Action.TEAM_FILL).exists()  # her own need
    with pytest.raises(NotAllowed):
        services.team_fill(team=team, by=poster)


def test_staff_filling_for_the_poster_is_audited(team, staff, need):
    services.team_fill(team=team, by=staff)
    entry = AuditEntry.objects.with_action(Action.TEAM_FILL).get()
    assert entry.action == Action.TEAM_FILL and entry.target_id == str(need.pk)


def test_a_provider_cannot_fill(team, provider):
    with pytest.raises(NotAllowed):
        services.team_fill(team=team, by=provider)
    assert Team.objects.get().status == Team.Status.ACTIVE


def test_a_proposal_s_keys_give_the_visible_providers_once_in_order(
    need, provider, company, hidden, company_admin
):
    ada = Person.objects.get(user=company_admin)
    hilde = Person.objects.get(user=hidden)
    keys = [
        f"person:{ada.pk}", "person:x", "team:1", f"company:{company.pk}", f"person:{hilde.pk}",
        f"person:{ada.pk}", "company:99999", "person:99999999999999999999999",
    ]  # fmt: skip
    assert services.providers_from_keys(keys, viewer=provider) == [ada, company]


def test_accepting_a_second_team_on_the_same_need_is_refused(
    team, need, company, company_admin, taxonomy
):
    """A provider is in at most one active team per need: also when it is invited to two."""
    kari = make_user("kari@example.org", name="Kari Nettside")
    make_person(kari, skills=["nettside"])
    other = services.team_start(
        need=need, by=kari, message="Vi to?", invite=[(company, "Betaling")]
    )
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    second = other.members.get(company=company)
    with pytest.raises(Conflict, match="already in a team"):
        services.member_answer(member=second, by=company_admin, accept=True)
    second.refresh_from_db()
    assert second.status == Member.Status.INVITED
    # Leaving the first team frees the company to join the second.
    services.member_leave(member=team.members.get(company=company), by=company_admin)
    services.member_answer(member=second, by=company_admin, accept=True)
    assert Member.objects.filter(company=company, status=Member.Status.ACCEPTED).get().team == other
