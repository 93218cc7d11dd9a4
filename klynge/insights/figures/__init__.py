"""Every figure of the staff dashboard, for a period and optionally one municipality.

``dashboard()`` is the one entry point: the pages, the CSV export, the
report and the API all print what it returns, cell by cell, so they agree
and all hide small counts the same way (figures/cells.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.directory.visibility import Viewer
from klynge.insights.figures import events, members, needs, spaces, supply
from klynge.insights.figures.cells import Cell, Table
from klynge.insights.figures.period import Period, PeriodError

__all__ = [
    "Cell", "Dashboard", "Period", "PeriodError", "Section", "Table", "cached_dashboard",
    "dashboard",
]  # fmt: skip

# Long enough that a staff member clicking about reads each figure once;
# short enough that a new need or sign-up shows within minutes.
CACHE_SECONDS = 120


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass
class Dashboard:
    period: Period
    municipality: str | None
    sections: list[Section]

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def dashboard(*, period: Period, municipality: str | None, viewer: Viewer) -> Dashboard:
    """Every figure for ``period``; ``viewer`` decides whose skills count as supply."""
    return Dashboard(
        period=period,
        municipality=municipality or None,
        sections=[
            Section("members", _("Members and companies"), members.tables(period, municipality)),
            Section(
                "competence",
                _("Competence: supply and demand"),
                supply.tables(period, municipality, viewer),
            ),
            Section("needs", _("Needs"), needs.tables(period, municipality)),
            Section("events", _("Events"), events.tables(period, municipality)),
            Section("spaces", _("The hub: desks and rooms"), spaces.tables(period, municipality)),
        ],
    )


def cached_dashboard(*, period: Period, municipality: str | None, viewer: Viewer) -> Dashboard:
    """``dashboard()``, kept for two minutes: a year of figures reads every table
    of the site, and the pages, CSV files and the API ask for the same again."""
    key = "insights:dashboard:" + ":".join(
        [str(period.start), str(period.end), municipality or "", viewer.audience.value,
         get_language() or ""]
    )  # fmt: skip
    board = cache.get(key)
    if board is None:
        board = dashboard(period=period, municipality=municipality, viewer=viewer)
        cache.set(key, board, CACHE_SECONDS)
    return board
