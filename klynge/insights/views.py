"""The staff dashboard, its CSV files, and the public page of headline figures."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError
from klynge.core.region import by_slug
from klynge.directory.visibility import viewer_for
from klynge.insights import charts, pdf, report, services
from klynge.insights.figures import Period, cached_dashboard
from klynge.insights.figures import teams as team_figures
from klynge.insights.figures.headline import cached_headline
from klynge.insights.forms import PeriodForm, ReportForm, ReportTextForm


def _board(request: HttpRequest):
    form = PeriodForm(request.GET or None)
    period, municipality = form.selection()
    board = cached_dashboard(
        period=period, municipality=municipality, viewer=viewer_for(request.user)
    )
    return form, board


@staff_required
@require_safe
def dashboard_page(request: HttpRequest) -> HttpResponse:
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
        "collaborations": team_figures.collaborations(board.period, board.municipality),
    }
    return render(request, "insights/dashboard.html", context)


@staff_required
@require_safe
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
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


@require_safe
def public_page(request: HttpRequest) -> HttpResponse:
    figures = cached_headline(Period.this_year())
    return render(
        request,
        "insights/public.html",
        {"figures": figures, "region": settings.KLYNGE_HUB["region"]},
    )


def _report(request: HttpRequest):
    form = ReportForm(request.GET or None)
    period, municipality = form.selection()
    built = report.build(
        period=period,
        municipality=municipality,
        language=form.language(),
        viewer=viewer_for(request.user),
    )
    return form, built


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_page(request: HttpRequest) -> HttpResponse:
    """The printable report; staff write its text here too."""
    form, built = _report(request)
    text_form = ReportTextForm(request.POST or None, initial={"body": built.text})
    if request.method == "POST" and text_form.is_valid():
        try:
            services.report_text_save(
                period=built.period, language=built.language,
                body=text_form.cleaned_data["body"], by=request.user,
            )  # fmt: skip
        except DomainError as error:
            text_form.add_error("body", str(error))
        else:
            messages.success(request, _("The text is saved."))
            return redirect(f"{request.path}?{request.GET.urlencode()}")
    context = {
        "form": form,
        "text_form": text_form,
        "report": built,
        "chapters": [
            (chapter, [(table, charts.chart_for(table)) for table in chapter.tables])
            for chapter in built.chapters
        ],
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/report.html", context)


@staff_required
@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    form, built = _report(request)
    if form.errors:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    response = HttpResponse(pdf.render(built), content_type="application/pdf")
    name = f"rapport-{built.period.start}-{built.period.last_day}-{built.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
