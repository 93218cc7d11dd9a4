"""Answers to a need, and the thread between a provider and the poster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError, show_error
from klynge.core.markdown import render_markdown
from klynge.core.ratelimit import ratelimit
from klynge.directory.roles import person_of
from klynge.needs import rules, services
from klynge.needs.forms import AnswerForm, MessageForm
from klynge.needs.models import Answer
from klynge.needs.views.board import visible_need

WRITE_RATE = "30/h"


@login_required
@require_POST
@ratelimit("needs-answer", WRITE_RATE)
def answer_create(request, pk: int):
    need = visible_need(request, pk)
    refusal = rules.answer_refusal(request.user, need)
    if refusal:
        messages.error(request, services.REFUSALS[refusal]())
        return redirect(need)
    form = AnswerForm(
        request.POST,
        companies=rules.answerable_as(request.user),
        person_name=person_of(request.user).name,
    )
    if form.is_valid():
        try:
            answer = services.answer_create(
                need=need,
                by=request.user,
                message=form.cleaned_data["message"],
                company=form.cleaned_data.get("company"),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Your answer is sent. You get an email when they reply."))
            return redirect(answer)
    context = {"need": need, "answer_form": form, "description": render_markdown(need.description)}
    return render(request, "needs/need_detail.html", context, status=400)


def _thread(request, pk: int) -> Answer:
    answer = get_object_or_404(
        Answer.objects.select_related("need__poster", "person", "company"), pk=pk
    )
    if not rules.can_see_thread(request.user, answer):
        raise PermissionDenied
    return answer


@login_required
@ratelimit("needs-message", WRITE_RATE)
def thread(request, pk: int):
    answer = _thread(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(answer=answer, by=request.user, body=form.cleaned_data["body"])
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(answer)
    context = {
        "answer": answer,
        "need": answer.need,
        "thread_messages": [
            (message, render_markdown(message.body)) for message in answer.messages.all()
        ],
        "form": form if rules.can_write_in_thread(request.user, answer) else None,
        "is_poster": rules.is_poster(request.user, answer.need),
        "is_answer_side": rules.is_answer_side(request.user, answer),
    }
    return render(request, "needs/thread.html", context)


@login_required
@require_POST
def answer_withdraw(request, pk: int):
    answer = _thread(request, pk)
    try:
        services.answer_withdraw(answer=answer, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Your answer is withdrawn."))
    return redirect(answer)
