"""The survey builder: staff write a survey's texts and questions on pages, no admin needed.

Every page works without JavaScript: each action is a plain form that posts and
comes back to the survey's edit page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.insights import survey_services
from klynge.insights.forms import AnswerForm, QuestionForm, SurveyForm
from klynge.insights.models import Question, Survey

FORM_METHODS = ["GET", "HEAD", "POST"]


@staff_required
@require_http_methods(FORM_METHODS)
def survey_new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_services.survey_create(by=request.user, **form.values())
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The survey is made. Now add its questions."))
            return redirect("insights:survey_edit", pk=survey.pk)
    return render(request, "insights/survey_new.html", {"form": form})


@staff_required
@require_http_methods(FORM_METHODS)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.survey_update(survey=survey, **form.values())
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("insights:survey_edit", pk=survey.pk)
    return _edit_page(request, survey, form, QuestionForm())


def _edit_page(request, survey: Survey, form, question_form) -> HttpResponse:
    context = {
        "survey": survey,
        "form": form,
        "question_form": question_form,
        "questions": list(survey.questions.all()),
        "locked": survey.is_sent,
    }
    return render(request, "insights/survey_edit.html", context)


@staff_required
@require_http_methods(FORM_METHODS)
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a question. The edit page holds the same form; errors come back here."""
    survey = get_object_or_404(Survey, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.question_add(survey=survey, **form.values())
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The question is added."))
            return redirect("insights:survey_edit", pk=survey.pk)
    context = {"survey": survey, "form": form, "question": None, "locked": survey.is_sent}
    return render(request, "insights/question_form.html", context)


@staff_required
@require_http_methods(FORM_METHODS)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    survey = question.survey
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.question_update(question=question, **form.values())
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("insights:survey_edit", pk=survey.pk)
    context = {"survey": survey, "form": form, "question": question, "locked": survey.is_sent}
    return render(request, "insights/question_form.html", context)


@staff_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    try:
        survey_services.question_delete(question=question)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("insights:survey_edit", pk=question.survey_id)


@staff_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    direction = request.POST.get("retning")
    if direction not in ("opp", "ned"):
        messages.error(request, _("Choose up or down."))
        return redirect("insights:survey_edit", pk=question.survey_id)
    try:
        survey_services.question_move(question=question, up=direction == "opp")
    except DomainError as error:
        show_error(request, error)
    return redirect(f"{_edit_url(question)}#question-{question.pk}")


def _edit_url(question: Question) -> str:
    return reverse("insights:survey_edit", args=[question.survey_id])


@staff_required
@require_safe
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer form as an invited person sees it, in the staff member's language."""
    survey = get_object_or_404(Survey, pk=pk)
    form = AnswerForm(survey=survey)
    for field in form.fields.values():
        field.disabled = True
    return render(request, "insights/survey_preview.html", {"survey": survey, "form": form})
