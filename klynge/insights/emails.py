"""The survey's emails, each in its recipient's language, queued through core.mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from klynge.core.links import site_url
from klynge.core.mail import email_queue
from klynge.insights.models import SurveyInvitation

SUBJECTS = {
    "invitation": lambda: _("A few questions from %(hub)s: %(title)s"),
    "reminder": lambda: _("Reminder: %(title)s"),
}


def send(kind: str, invitation: SurveyInvitation) -> None:
    user = invitation.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        survey = invitation.survey
        context = {
            "hub": settings.KLYNGE_HUB,
            "survey": survey,
            "link": site_url(reverse("insights:answer", args=[invitation.token])),
        }
        subject = SUBJECTS[kind]() % {"hub": settings.KLYNGE_HUB["name"], "title": survey.title}
        body = render_to_string(f"insights/email/{kind}.txt", context)
    email_queue(
        EmailMessage(
            subject=f"[{settings.KLYNGE_HUB['name']}] {subject}", body=body, to=[user.email]
        )
    )
