"""The staff's page of teams formed: who teamed up for which need, and whether they
got the work. Staff see every member by name, as the directory lets staff see them."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from klynge.core.decorators import staff_required
from klynge.teams import presenting, rules
from klynge.teams.models import Team


@staff_required
@require_safe
def overview(request):
    teams = Team.objects.select_related("need").prefetch_related(
        "members__person", "members__company"
    )
    rows, mine = [], rules.my_keys(request.user)
    for team in teams.order_by("-created_at", "-id")[:200]:
        accepted = [m for m in team.members.all() if m.status == m.Status.ACCEPTED]
        rows.append(
            {
                "team": team,
                "members": presenting.member_views(accepted, request.user, mine),
                "organisations": len({m.key for m in accepted}),
            }
        )
    counts = {status: 0 for status in Team.Status.values}
    for team in Team.objects.values_list("status", flat=True):
        counts[team] += 1
    return render(request, "teams/staff.html", {"rows": rows, "counts": counts})
