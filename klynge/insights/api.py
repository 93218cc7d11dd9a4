"""The insights API: the dashboard's figures for staff, the headline figures for everyone.

Cells are printed by figures/cells.py as for the pages: a number, ``"<3"``
where a count of one or two people is hidden, or null when there is nothing
to measure (a median of no needs).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from klynge.core.ratelimit import client_key, hit
from klynge.core.region import by_slug
from klynge.directory.roles import is_staff
from klynge.directory.visibility import viewer_for
from klynge.insights.figures import Period, PeriodError, cached_dashboard
from klynge.insights.figures.cells import Table
from klynge.insights.figures.headline import cached_headline

router = Router(tags=["insights"])
PUBLIC_RATE = "300/h"

Value = int | float | str | None


class ErrorOut(Schema):
    detail: str


class SummaryFilters(Schema):
    from_: date | None = Field(None, alias="from", description="First day (Europe/Oslo).")
    to: date | None = Field(None, description="The day after the last (Europe/Oslo).")
    municipality: str | None = Field(None, description="A municipality's slug; staff only.")


class RowOut(Schema):
    key: str
    label: str
    cells: list[Value]


class TableOut(Schema):
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[RowOut]


class SectionOut(Schema):
    key: str
    title: str
    tables: list[TableOut]


class CompetenceOut(Schema):
    slug: str
    label: str
    providers: Value


class HeadlineOut(Schema):
    people: Value
    companies: Value
    needs_posted: Value
    needs_filled: Value
    events_held: Value
    competences: list[CompetenceOut]


class SummaryOut(Schema):
    first_day: date
    last_day: date
    municipality: str | None
    suppressed: str = Field("<3", description="What a hidden count of one or two shows as.")
    headline: HeadlineOut
    sections: list[SectionOut] = Field(description="Every dashboard figure; empty for non-staff.")


def _table(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "description": table.description,
        "columns": table.columns,
        "rows": [
            {"key": r.key, "label": r.label, "cells": [c.json for c in r.cells]} for r in table.rows
        ],
    }


def _headline(period: Period) -> dict:
    figures = cached_headline(period)
    return {
        "people": figures.people.json,
        "companies": figures.companies.json,
        "needs_posted": figures.needs_posted.json,
        "needs_filled": figures.needs_filled.json,
        "events_held": figures.events_held.json,
        "competences": [
            {"slug": slug, "label": label, "providers": cell.json}
            for slug, label, cell in figures.competences
        ],
    }


def _period(filters: SummaryFilters) -> Period:
    if filters.from_ is None and filters.to is None:
        return Period.this_year()
    if filters.from_ is None or filters.to is None:
        raise PeriodError(_("Give both the first and the last day."))
    return Period(filters.from_, filters.to)


@router.get("/summary", response={200: SummaryOut, 400: ErrorOut, 429: ErrorOut})
def summary(request: HttpRequest, filters: Query[SummaryFilters]):
    """The figures for the period [from, to) (this year when left out). Staff get every
    figure of the dashboard, for one municipality if asked; everyone else the public
    headline figures of the region."""
    # Any period may be asked for, and each new one is computed: limit visitors.
    if not is_staff(request.user) and not hit("insights-summary", client_key(request), PUBLIC_RATE):
        return Status(429, {"detail": _("Too many requests; try again later.")})
    try:
        period = _period(filters)
    except PeriodError as error:
        return Status(400, {"detail": str(error)})
    municipality = filters.municipality or None
    if municipality and by_slug(municipality) is None:
        return Status(400, {"detail": _("Unknown municipality.")})
    sections = []
    if is_staff(request.user):
        board = cached_dashboard(
            period=period, municipality=municipality, viewer=viewer_for(request.user)
        )
        sections = [
            {"key": s.key, "title": s.title, "tables": [_table(t) for t in s.tables]}
            for s in board.sections
        ]
    return {
        "first_day": period.start,
        "last_day": period.last_day,
        "municipality": municipality if sections else None,
        "headline": _headline(period),
        "sections": sections,
    }
