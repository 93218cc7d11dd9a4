"""Every write the insights app does. The figures themselves are only read."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.insights.figures import Period
from klynge.insights.models import ReportText

MAX_REPORT_TEXT = 20_000


class InsightsError(Exception):
    """A rule of the insights app refused the request. The message is shown to people."""


def report_text_save(*, period: Period, language: str, body: str, by: User) -> ReportText:
    """The staff's text for the report of ``period`` in ``language`` (one of each)."""
    if language not in dict(ReportText._meta.get_field("language").choices):
        raise InsightsError(_("Choose bokmål or nynorsk."))
    body = body.strip()
    if len(body) > MAX_REPORT_TEXT:
        raise InsightsError(_("The text is too long: keep it under 20,000 characters."))
    with transaction.atomic():
        text, __ = ReportText.objects.update_or_create(
            start=period.start, end=period.end, language=language,
            defaults={"body": body, "updated_by": by},
        )  # fmt: skip
    return text
