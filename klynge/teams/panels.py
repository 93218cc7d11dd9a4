"""The teams' part of a need's page (shown through ``extensions.py``).

The poster and staff see every team answering the need; a provider sees the
teams they are in or invited to; everyone who may answer the need sees the
button to start a team answer. Nobody else learns that a team exists, as
nobody else sees the needs board's single answers.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string

from klynge.needs import rules as need_rules
from klynge.needs.models import Need
from klynge.teams import presenting, rules
from klynge.teams.models import Member, Team


def team_answers_panel(request, need: Need) -> str:
    user = request.user
    can_start = rules.can_start(user, need)
    teams = Team.objects.filter(need=need).active().order_by("created_at", "id")
    if not need_rules.can_manage(user, need):
        person, companies = rules.providers_of(user)
        in_team = Q(members__company__in=companies)
        if person is not None:
            in_team |= Q(members__person=person)
        if person is None and not companies:
            teams = teams.none()
        teams = teams.filter(
            in_team, members__status__in=[Member.Status.INVITED, Member.Status.ACCEPTED]
        ).distinct()
    accepted = Member.objects.accepted().select_related("person", "company")
    teams = list(teams.prefetch_related(Prefetch("members", queryset=accepted, to_attr="accepted")))
    mine = rules.my_keys(user) if teams else set()
    shown = [(team, presenting.member_views(team.accepted, user, mine)) for team in teams]
    if not shown and not can_start:
        return ""
    context = {"need": need, "teams": shown, "can_start": can_start}
    return render_to_string("teams/_need_teams.html", context, request=request)
