import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from klynge.accounts import services
from klynge.accounts.forms import DeleteAccountForm
from klynge.accounts.privacy import privacy_modules


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
