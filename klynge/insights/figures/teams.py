"""Collaborations between members: the team answers formed in the period, those
with members from two organisations or more, and those that got the work.

A member is one organisation: a company, or a person answering as themselves.
Counted by when the team was started; every count goes through the one
suppression rule (``cells.count``), so fewer than three shows as "under 3".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from klynge.insights.figures.cells import Cell, count
from klynge.insights.figures.period import Period
from klynge.teams.models import Member, Team


@dataclass(frozen=True)
class Collaborations:
    formed: Cell
    across: Cell  # members from two or more organisations
    won: Cell


def collaborations(period: Period, municipality: str | None = None) -> Collaborations:
    teams = Team.objects.filter(
        created_at__gte=period.starts_at, created_at__lt=period.ends_at
    ).order_by()
    if municipality:
        teams = teams.filter(need__municipality=municipality)
    rows = teams.annotate(
        organisations=Count(
            "members",
            filter=Q(members__status__in=[Member.Status.ACCEPTED, Member.Status.LEFT]),
        )
    ).values_list("status", "organisations")
    formed = across = won = 0
    for status, organisations in rows:
        formed += 1
        if organisations >= 2:
            across += 1
            if status == Team.Status.WON:
                won += 1
    return Collaborations(formed=count(formed), across=count(across), won=count(won))
