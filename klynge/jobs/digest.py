"""The jobs' section of the newsletter (the contract is in klynge/core/digest.py):
postings published in the window that are still open."""

from __future__ import annotations

from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.core.digest import DigestItem, DigestSection
from klynge.core.region import by_slug
from klynge.jobs.models import JobPosting

ORDER = 60
MOST = 20


def _summary(job: JobPosting) -> str:
    place = by_slug(job.municipality)
    where = (
        job.get_work_mode_display()
        if place is None
        else f"{place.name}, {job.get_work_mode_display().lower()}"
    )
    return _("%(company)s · %(where)s · apply by %(date)s") % {
        "company": job.company.name,
        "where": where,
        "date": date_format(job.deadline),
    }


def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    jobs = (
        JobPosting.objects.open()
        .filter(published_at__gte=since, published_at__lt=until)
        .select_related("company")
        .order_by("published_at", "id")[:MOST]
    )
    items = [
        DigestItem(
            key=f"job:{job.pk}",
            title=job.title,
            path=job.get_absolute_url(),
            summary=_summary(job),
            when=job.published_at,
        )
        for job in jobs
    ]
    return [DigestSection(key="jobs", title=_("IT jobs"), items=items, order=ORDER)]
