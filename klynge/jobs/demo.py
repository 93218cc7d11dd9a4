"""Demo jobs for `manage.py load_demo`: a few openings at the demo member companies.

Safe to run again: a posting is found by its company and title. Posted by staff
for the company (the demo has no admin sign-in for every company), so each is on
the audit record as staff postings are.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.directory.models import Company
from klynge.jobs import services
from klynge.jobs.models import JobPosting

JOBS = [
    # company key, title, municipality, work mode, employment type, days left, description
    (
        "demo-c-01", "Utviklar til nettbutikkar", "aal", "hybrid", "FULL_TIME", 30,
        "Vi lagar nettbutikkar for bedrifter i dalen. Du kan **Python** eller PHP, "
        "og har lyst å lære betaling på nett.",
    ),
    (
        "demo-c-02", "Driftstekniker", "gol", "onsite", "FULL_TIME", 21,
        "Du tar deg av servere, nettverk og brukerstøtte for kundene våre i Hallingdal.",
    ),
    (
        "demo-c-04", "Frontend developer (remote)", "", "remote", "CONTRACTOR", 45,
        "We build websites in WordPress and React. Work from anywhere in Norway; "
        "meet the team at the hub in Gol once a month.",
    ),
    (
        "demo-c-05", "Sommarjobb: dataanalyse", "hol", "hybrid", "INTERN", 10,
        "Sommarjobb for studentar: rapportar og dashbord for kommunane i dalen.",
    ),
]  # fmt: skip


def load(stdout) -> None:
    staff = User.objects.filter(is_staff=True).order_by("id").first()
    if staff is None:
        stdout.write("Jobs: no demo staff, so no demo jobs.")
        return
    companies = {c.external_id: c for c in Company.objects.filter(external_id__startswith="demo-")}
    created = 0
    today = timezone.localdate()
    with transaction.atomic():
        for key, title, place, mode, kind, days, text in JOBS:
            company = companies.get(key)
            if company is None or JobPosting.objects.filter(company=company, title=title).exists():
                continue
            services.job_create(
                by=staff,
                company=company,
                title=title,
                description=text,
                municipality=place,
                work_mode=mode,
                employment_type=kind,
                deadline=today + timedelta(days=days),
                apply_url=f"{company.website or 'https://example.org'}/jobb",
            )
            created += 1
    stdout.write(f"Jobs: {created} demo jobs created.")
