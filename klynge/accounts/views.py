import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from klynge.accounts import services
from klynge.accounts.forms import ApiTokenForm, DeleteAccountForm
from klynge.accounts.models import ApiToken
from klynge.accounts.privacy import privacy_modules
from klynge.core.errors import DomainError, show_error
from klynge.core.ratelimit import ratelimit


@csrf_protect
def _set_language_on_account(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    language = request.POST.get("language")
    valid = {code for code, _name in settings.LANGUAGES}
    if language in valid and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


# Signed out, switching the language only sets a cookie, so the form needs no CSRF
# token: without one, every page a visitor sees is the same for all visitors and
# can come from the shared cache (klynge/core/pagecache.py). Signed in, the choice
# is saved on the account, and the token is checked as for any other write.
@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language (a cookie) and remember it on the account when signed in."""
    if request.user.is_authenticated:
        return _set_language_on_account(request)
    return django_set_language(request)


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    notes = [module.DELETION_NOTE for module in privacy_modules()]
    return render(request, "accounts/my_data.html", {"notes": notes, "form": DeleteAccountForm()})


@login_required
@require_safe
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = services.account_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="klynge-data-{stamp}.json"'
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        notes = [module.DELETION_NOTE for module in privacy_modules()]
        return render(request, "accounts/my_data.html", {"notes": notes, "form": form}, status=400)
    user = request.user
    logout(request)
    services.account_delete(user=user)
    messages.success(request, _("Your account and your data have been deleted."))
    return redirect("core:home")


def _tokens_page(request, form, secret=None, status=200) -> HttpResponse:
    tokens = ApiToken.objects.owned_by(request.user).order_by("revoked_at", "-created_at")
    context = {"form": form, "tokens": tokens, "secret": secret}
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("api-token-create", "20/h")
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the person's API tokens and make new ones. A new token's secret is shown
    on this response only (never redirected to, never stored)."""
    if request.method != "POST":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    try:
        _token, secret = services.api_token_create(user=request.user, **form.cleaned_data)
    except DomainError as error:
        show_error(request, error, form)
        return _tokens_page(request, form, status=400)
    response = _tokens_page(request, ApiTokenForm(), secret=secret)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.owned_by(request.user), pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token is revoked. Scripts that use it are now refused."))
    return redirect("accounts:api_tokens")
