"""The composer: staff open the next newsletter, arrange it, preview, test, send."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.newsletter import issues as services
from klynge.newsletter.content import issue_message
from klynge.newsletter.forms import IssueForm, ScheduleForm
from klynge.newsletter.models import Issue

LANGUAGES = ("nb", "nn", "en")


@staff_required
@require_safe
def issue_list(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/issue_list.html", {"issues": Issue.objects.all()[:50]})


@staff_required
@require_POST
def issue_new(request: HttpRequest) -> HttpResponse:
    issue = services.issue_create_next(by=request.user)
    return redirect("newsletter:compose", issue.pk)


def _compose_page(request, issue, form=None, schedule=None, status=200):
    context = {
        "issue": issue,
        "form": form or IssueForm(instance=issue),
        "schedule_form": schedule or ScheduleForm(),
    }
    return render(request, "newsletter/compose.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def compose(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    if request.method != "POST":
        return _compose_page(request, issue)
    form = IssueForm(request.POST, instance=Issue.objects.get(pk=pk))
    if form.is_valid():
        try:
            services.issue_update(issue=issue, by=request.user,
                                  subject=form.cleaned_data["subject"],
                                  intro=form.cleaned_data["intro"])  # fmt: skip
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("newsletter:compose", pk)
    return _compose_page(request, issue, form=form, status=400)


@staff_required
@require_POST
def arrange(request: HttpRequest, pk: int) -> HttpResponse:
    """Move up, move down or cut one section or item (plain forms: no JavaScript needed)."""
    issue = get_object_or_404(Issue, pk=pk)
    key, action = request.POST.get("key", ""), request.POST.get("action", "")
    try:
        if action in ("up", "down"):
            services.issue_move(issue=issue, by=request.user, key=key, up=action == "up")
        elif action == "cut":
            services.issue_cut(issue=issue, by=request.user, key=key)
    except DomainError as error:
        show_error(request, error)
    return redirect(issue_url(pk))


def issue_url(pk: int) -> str:
    return reverse("newsletter:compose", args=[pk])


@staff_required
@require_safe
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    language = request.GET.get("sprak", "nb")
    language = language if language in LANGUAGES else "nb"
    message = issue_message(issue, language=language, to=request.user.email, token=None)
    html = next((c for c, mimetype in message.alternatives if mimetype == "text/html"), "")
    # The body of the email's own document, shown inside this page.
    html = html.partition("<body>")[2].partition("</body>")[0]
    context = {"issue": issue, "message": message, "html": html, "language": language,
               "languages": LANGUAGES}  # fmt: skip
    return render(request, "newsletter/preview.html", context)


@staff_required
@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    services.issue_send_test(issue=issue, by=request.user)
    messages.success(
        request, _("A test is on its way to %(email)s.") % {"email": request.user.email}
    )
    return redirect("newsletter:compose", pk)


@staff_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    try:
        services.issue_send(issue=issue, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The newsletter is being sent."))
    return redirect("newsletter:compose", pk)


@staff_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.issue_schedule(issue=issue, by=request.user, when=form.cleaned_data["when"])
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The newsletter is scheduled."))
            return redirect("newsletter:compose", pk)
    return _compose_page(request, issue, schedule=form, status=400)


@staff_required
@require_POST
def unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    try:
        services.issue_unschedule(issue=issue, by=request.user)
    except DomainError as error:
        show_error(request, error)
    return redirect("newsletter:compose", pk)
