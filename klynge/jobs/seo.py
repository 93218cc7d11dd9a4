"""schema.org JobPosting markup (JSON-LD), so job search engines can list a posting.

Only an open posting gets it: an expired, withdrawn or removed one must not be
listed any more (the page says so instead).
"""

from __future__ import annotations

from datetime import datetime, time

from django.http import HttpRequest
from django.utils import timezone

from klynge.core.markdown import render_markdown
from klynge.core.region import by_slug
from klynge.jobs.models import JobPosting

COUNTRY = "NO"


def valid_through(job: JobPosting) -> datetime:
    """The end of the deadline day in the hub's time zone."""
    return timezone.make_aware(datetime.combine(job.deadline, time(23, 59, 59)))


def structured_data(job: JobPosting, request: HttpRequest) -> dict:
    company = job.company
    organisation = {"@type": "Organization", "name": company.name}
    organisation["sameAs"] = company.website or request.build_absolute_uri(
        company.get_absolute_url()
    )
    if company.logo:
        organisation["logo"] = request.build_absolute_uri(company.logo.url)
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": render_markdown(job.description),
        "datePosted": timezone.localtime(job.published_at).date().isoformat(),
        "validThrough": valid_through(job).isoformat(),
        "hiringOrganization": organisation,
        "url": request.build_absolute_uri(job.get_absolute_url()),
    }
    if job.employment_type:
        data["employmentType"] = job.employment_type
    place = by_slug(job.municipality) if job.municipality else None
    if place is not None:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": place.name,
                "addressCountry": COUNTRY,
            },
        }
    if job.work_mode == JobPosting.WorkMode.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": COUNTRY}
    return data
