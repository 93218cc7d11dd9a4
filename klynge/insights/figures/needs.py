"""The needs funnel: what became of the needs posted in the period.

The cohort is every need submitted (not a draft) that was created in the
period, so each stage is a share of the same needs however long ago they settled.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.core.region import municipalities
from klynge.directory.models import Company, Person
from klynge.insights.figures.cells import Table, count, median_hours, share
from klynge.insights.figures.clock import EpochMicroseconds
from klynge.insights.figures.period import Period
from klynge.needs.models import Answer, Message, Need

Status, Reason = Need.Status, Need.CloseReason
ALL = "all"


def cohort(period: Period, municipality: str | None):
    needs = (
        Need.objects.exclude(status=Status.DRAFT)
        .filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
        .order_by()
    )
    return needs.filter(municipality=municipality) if municipality else needs


def _stages() -> dict[str, tuple[str, Q]]:
    answered = Exists(Answer.objects.filter(need=OuterRef("pk")))
    dialogue = Exists(Message.objects.filter(answer__need=OuterRef("pk"), from_poster=True))
    region = [m.slug for m in municipalities()]
    # A lookup by key of the one provider, not a join of every need to
    # people and companies (PostgreSQL hashed all 100,000 people for it).
    local_company = Exists(
        Company.objects.filter(pk=OuterRef("filled_by_company"), municipality__in=region)
    )
    local_person = Exists(
        Person.objects.filter(pk=OuterRef("filled_by_person"), municipality__in=region)
    )
    return {
        "posted": (_("Posted"), Q()),
        "approved": (_("Approved"), Q(published_at__isnull=False)),
        "answered": (_("Answered"), Q(answered)),
        "dialogue": (_("In dialogue (the poster wrote back)"), Q(dialogue)),
        "filled": (_("Filled"), Q(status=Status.FILLED)),
        "filled-local": (
            _("Filled by a provider from the region"),
            Q(status=Status.FILLED)
            & (Q(local_company) | Q(filled_by_company__isnull=True) & Q(local_person)),
        ),
        "closed": (
            _("Closed by the poster"),
            Q(status=Status.CLOSED, close_reason__in=[Reason.SOLVED_ELSEWHERE, Reason.NOT_NEEDED]),
        ),
        "expired": (_("Expired"), Q(status=Status.CLOSED, close_reason=Reason.EXPIRED)),
        "declined": (_("Not approved"), Q(status=Status.CLOSED, close_reason=Reason.DECLINED)),
        "open": (_("Still open"), Q(status__in=Need.ACCEPTING)),
        "helped": (_("Follow-up: the help worked"), Q(outcome=Need.Outcome.HELPED)),
        "not-helped": (_("Follow-up: the help did not work"), Q(outcome=Need.Outcome.NOT_HELPED)),
        "no-outcome": (_("Follow-up: no reply"), Q(status=Status.FILLED, outcome="")),
    }


def _sides() -> dict[str, str]:
    return {ALL: _("All"), **dict(Need.PostedBy.choices)}


def _stage_counts(period: Period, municipality: str | None) -> tuple[dict, dict]:
    stages = _stages()
    rows = (
        cohort(period, municipality)
        .values("posted_by")
        .annotate(**{key: Count("id", filter=q) for key, (_label, q) in stages.items()})
    )
    counts = {side: dict.fromkeys(stages, 0) for side in _sides()}
    for row in rows:
        for key in stages:
            counts[row["posted_by"]][key] += row[key]
            counts[ALL][key] += row[key]
    return stages, counts


def _first_answer_hours(period: Period, municipality: str | None) -> dict[str, list[float]]:
    """Hours from publication to the first answer, for each need that got one.

    The first answer is the first entry of the need in the index
    ``answer_insights_first`` (need, created_at). Both times come as whole
    microseconds, so Python makes the same floats as
    ``timedelta.total_seconds() / 3600`` without parsing a datetime."""
    first = (
        Answer.objects.filter(need=OuterRef("pk"))
        .order_by("created_at")
        .values(micro=EpochMicroseconds("created_at"))
    )
    rows = (
        cohort(period, municipality)
        .filter(published_at__isnull=False)
        .values_list("posted_by", Subquery(first[:1]), EpochMicroseconds("published_at"))
    )
    hours: dict[str, list[float]] = {side: [] for side in _sides()}
    for side, answered, published in rows:
        if answered is None:
            continue  # no answer yet
        value = max((answered - published) / 10**6, 0) / 3600
        hours[side].append(value)
        hours[ALL].append(value)
    return hours


def tables(period: Period, municipality: str | None) -> list[Table]:
    stages, counts = _stage_counts(period, municipality)
    sides = _sides()
    funnel = Table(
        key="needs-funnel",
        title=_("Needs: from posted to filled"),
        description=_(
            "Needs created in the period and submitted, by what has happened to them since, "
            "for everyone and by who posted them."
        ),
        columns=list(sides.values()),
    )
    link = reverse("needs:list")
    for key in (
        "posted",
        "approved",
        "answered",
        "dialogue",
        "filled",
        "closed",
        "expired",
        "declined",
        "open",
    ):
        funnel.add(
            key,
            stages[key][0],
            [count(counts[side][key]) for side in sides],
            link=link if key == "open" else "",
        )
    results = Table(
        key="needs-results",
        title=_("Needs: speed and results"),
        description=_(
            "The median time from publication to the first answer; how many filled needs a "
            "provider from the region filled; and what posters answered to the follow-up."
        ),
        columns=list(sides.values()),
        chart="none",
    )
    hours = _first_answer_hours(period, municipality)
    results.add(
        "median-first-answer",
        _("Median time to the first answer"),
        [median_hours(hours[s]) for s in sides],
    )
    results.add(
        "share-filled-local",
        _("Filled by a provider from the region"),
        [share(counts[s]["filled-local"], counts[s]["filled"]) for s in sides],
    )
    for key in ("helped", "not-helped", "no-outcome"):
        results.add(key, stages[key][0], [count(counts[s][key]) for s in sides])
    return [funnel, results]
