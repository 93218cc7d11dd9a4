"""The newsletter's public pages: sign up, confirm, leave, the archive, and the
account box. The composer for staff is in ``composer_views.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import ratelimit
from klynge.newsletter import subscriptions
from klynge.newsletter.content import sections_in
from klynge.newsletter.forms import AccountForm, SubscribeForm
from klynge.newsletter.models import Issue, Subscription

SUBSCRIBE_RATE = "10/h"


def _language() -> str:
    return (get_language() or "nb")[:2]


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("newsletter.subscribe", SUBSCRIBE_RATE)
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscribe_request(email=form.cleaned_data["email"], language=_language())
        except DomainError as error:
            show_error(request, error, form)
        else:
            return redirect("newsletter:subscribe_sent")
    status = 400 if form.errors else 200
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/subscribe_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); the POST confirms."""
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        subscriptions.subscription_confirm(token=token)
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a CSRF token; the token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscriptions.unsubscribe(token=token)
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscription": subscription})


@require_safe
@anonymous_cache
def archive(request: HttpRequest) -> HttpResponse:
    issues = Issue.objects.sent()[:100]
    return render(request, "newsletter/archive.html", {"issues": issues})


@require_safe
@anonymous_cache
def archive_issue(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue.objects.sent(), pk=pk)
    context = {"issue": issue, "sections": sections_in(issue, _language())}
    return render(request, "newsletter/issue.html", context)


@login_required
@require_POST
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST)
    form.is_valid()
    subscribed = bool(form.cleaned_data.get("subscribed"))
    subscriptions.account_set(user=request.user, subscribed=subscribed)
    if subscribed:
        messages.success(request, _("You will get the newsletter."))
    else:
        messages.success(request, _("You will no longer get the newsletter."))
    return redirect("accounts:my_data")
