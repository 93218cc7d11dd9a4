from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import get_language

from klynge.audit.services import signin_failure_record
from klynge.core.mail import email_queue, render_email
from klynge.core.ratelimit import client_ip


def _supported(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def new_user(self, request):
        """A new account (by email or LinkedIn) gets the language its owner was reading
        the site in, so that its emails come in that language too."""
        user = super().new_user(request)
        user.language = _supported(get_language())
        return user

    def post_login(self, request, user, **kwargs):
        """On a device where no language was chosen, sign-in shows the pages in the
        account's language from then on. A choice made on the device stands."""
        chosen = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        language = _supported(user.language)
        if not chosen:
            translation.activate(language)  # the "signed in" message too
            request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        if not chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's email now, in the request's language; send it from a task."""
        request = allauth_context.request
        # allauth names the site in its emails: use the hub's name and the
        # host the person actually visited, not the sites framework's record.
        site = SimpleNamespace(name=settings.KLYNGE_HUB["name"], domain=request.get_host())
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        language = get_language() or settings.LANGUAGE_CODE
        email_queue(render_email(template_prefix, ctx, to=[email], language=language))

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count: ours, which knows TRUSTED_PROXIES."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def authentication_failed(self, request, **credentials) -> None:
        """Repeated failed sign-ins to one account go to the audit log."""
        signin_failure_record(email=credentials.get("email", ""), request=request)
