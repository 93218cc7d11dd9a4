"""What the jobs app adds to pages of the floor below (core's ``{% extensions %}``
tag finds this module by name; the directory imports nothing of it): a company's
open jobs on its page, and to whoever may post for it the button to post one."""

from __future__ import annotations

from django.template.loader import render_to_string

from klynge.directory.models import Company
from klynge.jobs import rules
from klynge.jobs.models import JobPosting


def company_jobs(request, company: Company) -> str:
    jobs = list(JobPosting.objects.open().filter(company=company).newest())
    can_post = rules.can_post_for(request.user, company)
    if not jobs and not can_post:
        return ""
    context = {"company": company, "jobs": jobs, "can_post": can_post}
    return render_to_string("jobs/_company_jobs.html", context, request=request)


PLACES = {"directory.company": company_jobs}
