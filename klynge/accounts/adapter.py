from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language

from klynge.audit.services import signin_failure_record
from klynge.core.mail import email_queue, render_email
from klynge.core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
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
