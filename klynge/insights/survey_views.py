"""Surveys: staff make, send and read them; each invited person answers once by their link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError
from klynge.core.ratelimit import ratelimit
from klynge.insights import charts, services
from klynge.insights.figures.surveys import results
from klynge.insights.forms import AnswerForm, SurveyCreateForm, SurveyInviteForm
from klynge.insights.models import Survey, SurveyInvitation


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_from_template(
                by=request.user, closes_on=form.cleaned_data["closes_on"]
            )
        except DomainError as error:
            form.add_error("closes_on", str(error))
        else:
            return redirect("insights:survey_edit", pk=survey.pk)
    surveys = Survey.objects.all()
    return render(request, "insights/survey_list.html", {"form": form, "surveys": surveys})


@staff_required
@require_safe
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    found = results(survey)
    context = {
        "survey": survey,
        "results": found,
        "figures": [
            (q, q.table, charts.chart_for(q.table) if q.table else None) for q in found.questions
        ],
        "invite_form": SurveyInviteForm(),
    }
    return render(request, "insights/survey_detail.html", context)


@staff_required
@require_POST
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who the survey goes to."))
        return redirect("insights:survey", pk=pk)
    try:
        sent = services.survey_invite(survey=survey, audience=form.cleaned_data["audience"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
    return redirect("insights:survey", pk=pk)


@staff_required
@require_POST
def survey_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    try:
        sent = services.survey_remind(survey=survey)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)s reminders sent.") % {"count": sent})
    return redirect("insights:survey", pk=pk)


@ratelimit("insights-answer", "20/h")
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal answer page. Anyone with the link may answer, once."""
    invitation = get_object_or_404(SurveyInvitation.objects.select_related("survey"), token=token)
    survey = invitation.survey
    form = AnswerForm(request.POST or None, survey=survey)
    done = invitation.answered
    error = None
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.response_submit(token=token, answers=form.answers())
        except DomainError as refusal:
            error = str(refusal)
        else:
            done = True
    context = {"survey": survey, "form": form, "done": done, "error": error}
    return render(request, "insights/answer.html", context)
