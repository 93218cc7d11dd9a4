"""The jobs' part of a person's data export and account deletion.

A posting is its company's; it stays when the person who posted it leaves,
without their name.
"""

from django.utils.translation import gettext_lazy as _

from klynge.jobs.models import JobPosting

DELETION_NOTE = _("Job postings you posted stay with their company, without your name.")


def export(user) -> dict:
    return {
        "job_postings": [
            {
                "title": job.title,
                "company": job.company.name,
                "deadline": job.deadline,
                "status": job.status,
                "created_at": job.created_at,
            }
            for job in JobPosting.objects.filter(posted_by=user).select_related("company")
        ]
    }


def forget(user) -> None:
    JobPosting.objects.filter(posted_by=user).update(posted_by=None)
