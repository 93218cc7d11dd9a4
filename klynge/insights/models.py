"""What the insights app keeps of its own: the text staff write for a yearly report.

Every figure is computed from the other apps' data when it is asked for;
nothing here copies it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

REPORT_LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]


class ReportTextQuerySet(models.QuerySet):
    def for_period(self, *, start, end, language: str):
        return self.filter(start=start, end=end, language=language)


class ReportText(models.Model):
    """The staff's own words for the report of one period, in one language."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("day after the last"))
    language = models.CharField(_("language"), max_length=2, choices=REPORT_LANGUAGES)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("What the year meant, in your own words. Blank lines separate paragraphs."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint("start", "end", "language", name="reporttext_one_per_period"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="reporttext_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} ({self.language})"
