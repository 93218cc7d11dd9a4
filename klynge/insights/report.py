"""The yearly report: the dashboard's figures in the order cluster programmes ask for
them (members and their mix, activities, collaboration, results), with the staff's text.

Built in the report's own language (bokmål or nynorsk), whatever the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from klynge.directory.visibility import Viewer
from klynge.insights.figures import Period, Table, cached_dashboard
from klynge.insights.figures.headline import Headline, headline
from klynge.insights.figures.surveys import results
from klynge.insights.models import ReportText, Survey

CHAPTERS = (
    ("members", ("members-by-type", "triple-helix", "members-by-municipality", "members-by-month")),
    ("activities", ("events", "participants")),
    ("collaboration", ("needs-funnel", "supply-demand", "supply-by-municipality")),
    ("results", ("needs-results", "gaps", "idle")),
)


def chapter_titles() -> dict[str, tuple[str, str]]:
    return {
        "members": (
            _("Members and their mix"),
            _(
                "Who the cluster is: people and organisations, where they are, "
                "and from which sector."
            ),
        ),
        "activities": (
            _("Activities"),
            _("The events the hub held, and who came."),
        ),
        "collaboration": (
            _("Collaboration"),
            _(
                "Businesses and the public sector asking the region's IT people for help, "
                "and the competence that meets them."
            ),
        ),
        "results": (
            _("Results"),
            _("What came of the needs, and where the region lacks competence or has it to spare."),
        ),
    }


@dataclass
class Chapter:
    key: str
    title: str
    lead: str
    tables: list[Table]


@dataclass
class Report:
    title: str
    language: str
    period: Period
    municipality: str | None
    text: str
    headline: Headline
    chapters: list[Chapter]


def build(*, period: Period, municipality: str | None, language: str, viewer: Viewer) -> Report:
    with translation.override(language):
        board = cached_dashboard(period=period, municipality=municipality, viewer=viewer)
        titles = chapter_titles()
        chapters = [
            Chapter(key, *titles[key], [board.table(k) for k in keys if board.table(k)])
            for key, keys in CHAPTERS
        ]
        text = ReportText.objects.for_period(
            start=period.start, end=period.end, language=language
        ).first()
        chapters += _survey_chapters(period)
        return Report(
            title=_("%(hub)s: report for %(first)s–%(last)s")
            % {
                "hub": settings.KLYNGE_HUB["name"],
                "first": period.start.strftime("%d.%m.%Y"),
                "last": period.last_day.strftime("%d.%m.%Y"),
            },
            language=language,
            period=period,
            municipality=municipality,
            text=text.body if text else "",
            headline=headline(period),
            chapters=chapters,
        )


def _survey_chapters(period: Period) -> list[Chapter]:
    """One chapter per survey that closed in the period: its answers per question."""
    chapters = []
    for survey in Survey.objects.filter(closes_on__gte=period.start, closes_on__lt=period.end):
        found = results(survey)
        lead = _("%(answered)s of %(invited)s invited answered.") % {
            "answered": found.answered.text,
            "invited": found.invited.text,
        }
        tables = [q.table for q in found.questions if q.table]
        chapters.append(Chapter(f"survey-{survey.pk}", survey.title, lead, tables))
    return chapters
