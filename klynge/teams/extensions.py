"""What teams add to the pages of the floor below (core's ``{% extensions %}`` tag finds
this module by name; needs imports nothing of it): on a need's page, the proposed
teams and then the team answers (with the button to start one)."""

from __future__ import annotations

from klynge.needs.models import Need
from klynge.teams.panels import team_answers_panel
from klynge.teams.proposals import proposals_panel


def need_panel(request, need: Need) -> str:
    return proposals_panel(request, need) + team_answers_panel(request, need)


PLACES = {"needs.need": need_panel}
