"""The staff dashboard, its CSV files, and the public page of headline figures."""

from __future__ import annotations

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klynge.core.region import by_slug
from klynge.directory.roles import is_staff
from klynge.directory.visibility import viewer_for
from klynge.insights import charts
from klynge.insights.figures import Period, dashboard
from klynge.insights.figures.headline import cached_headline
from klynge.insights.forms import PeriodForm


def _require_staff(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


def _board(request: HttpRequest):
    form = PeriodForm(request.GET or None)
    period, municipality = form.selection()
    board = dashboard(period=period, municipality=municipality, viewer=viewer_for(request.user))
    return form, board


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form, board = _board(request)
    context = {
        "form": form,
        "board": board,
        "sections": [
            (section, [(table, charts.chart_for(table)) for table in section.tables])
            for section in board.sections
        ],
        "csv_links": True,
        "place": by_slug(board.municipality) if board.municipality else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/dashboard.html", context)


@require_GET
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    _require_staff(request)
    form, board = _board(request)
    if form.errors:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    table = board.table(key)
    if table is None:
        raise Http404
    period = board.period
    name = f"{key}-{period.start.isoformat()}-{period.last_day.isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerows(table.csv_rows())
    return response


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    figures = cached_headline(Period.this_year())
    return render(
        request,
        "insights/public.html",
        {"figures": figures, "region": settings.KLYNGE_HUB["region"]},
    )
