"""Every write the jobs app does. Views, commands and the demo data call these.

Withdrawing and taking down are conditional UPDATEs on the current status, so
two requests can never both move a posting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.competence.models import Competence
from klynge.competence.vocabulary import analyze_text
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.region import OUTSIDE_REGION, by_slug
from klynge.directory.models import Company, CompanyRole
from klynge.directory.roles import is_company_admin, is_staff
from klynge.jobs import rules
from klynge.jobs.models import JobPosting

FIELDS = {
    "title", "description", "municipality", "work_mode", "employment_type",
    "deadline", "apply_url", "apply_email",
}  # fmt: skip
_https = URLValidator(schemes=["https"])


def _is_https_url(value: str) -> bool:
    if len(value) > 500 or "\n" in value or "\r" in value:
        return False
    try:
        _https(value)
    except ValidationError:
        return False
    return True


def _check(fields: dict) -> None:
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"not a posting field: {sorted(unknown)}")
    title = (fields.get("title") or "").strip()
    if not title or "\n" in title or "\r" in title or len(title) > 200:
        raise Invalid(_("Write the job title on one line."))
    if not (fields.get("description") or "").strip():
        raise Invalid(_("Describe the job."))
    mode = fields.get("work_mode")
    if mode not in JobPosting.WorkMode.values:
        raise Invalid(_("Choose where the work is done."))
    if fields.get("employment_type", "") not in JobPosting.EmploymentType.values:
        raise Invalid(_("Choose a type of employment from the list."))
    place = fields.get("municipality") or ""
    if place and place != OUTSIDE_REGION and by_slug(place) is None:
        raise Invalid(_("Choose a municipality from the list."))
    if not place and mode != JobPosting.WorkMode.REMOTE:
        raise Invalid(_("Say where the job is, or choose remote work."))
    deadline = fields.get("deadline")
    if deadline is None:
        raise Invalid(_("Choose an application deadline."))
    if deadline < timezone.localdate():
        raise Invalid(_("The deadline has passed. Choose a later date."))
    url = (fields.get("apply_url") or "").strip()
    email = (fields.get("apply_email") or "").strip()
    if not url and not email:
        raise Invalid(_("Give a link to apply or an email address, or both."))
    if url and not _is_https_url(url):
        raise Invalid(_("The link to apply must be a full address starting with https://."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid(_("Enter a valid email address to apply to.")) from None


def _for_another(user, company: Company) -> bool:
    """Staff acting for a company they are not a confirmed admin of: on the record."""
    return (
        is_staff(user)
        and not company.roles.filter(
            person__user=user, is_admin=True, status=CompanyRole.Status.CONFIRMED
        ).exists()
    )


def _set_competences(job: JobPosting, chosen) -> None:
    """The concepts the text names, and those the poster chose."""
    slugs = set(analyze_text(f"{job.title}\n{job.description}").concepts)
    ids = {c.pk for c in chosen}
    job.competences.set(
        Competence.objects.filter(slug__in=slugs) | Competence.objects.filter(pk__in=ids)
    )


@transaction.atomic
def job_create(*, by, company: Company, competences=(), **fields) -> JobPosting:
    """A new posting, open at once."""
    if not rules.can_post_for(by, company):
        raise NotAllowed(_("Only the people of a member company can post its jobs."))
    fields = {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }
    fields.setdefault("employment_type", "")
    _check(fields)
    job = JobPosting.objects.create(company=company, posted_by=by, **fields)
    _set_competences(job, competences)
    if _for_another(by, company):
        audit_record(
            actor=by,
            action=Action.JOB_POST,
            target=job,
            summary=_("Posted for %(company)s") % {"company": company.name},
        )
    return job


@transaction.atomic
def job_update(*, job: JobPosting, by, competences=None, **fields) -> JobPosting:
    if not rules.can_edit(by, job):
        raise NotAllowed(_("You cannot change this job posting."))
    locked = JobPosting.objects.select_for_update().get(pk=job.pk)
    if locked.status != JobPosting.Status.OPEN:
        raise Conflict(_("The posting has changed in the meantime. Reload the page and try again."))
    fields = {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }
    merged = {name: getattr(locked, name) for name in FIELDS} | fields
    if "deadline" not in fields or fields["deadline"] == locked.deadline:
        merged["deadline"] = max(merged["deadline"], timezone.localdate())  # an unchanged date
    _check(merged)
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(job, name, value)  # the caller's object shows the change too
    locked.save()
    job.updated_at = locked.updated_at
    if competences is not None or {"title", "description"} & set(fields):
        _set_competences(job, competences if competences is not None else [])
    if _for_another(by, job.company):
        audit_record(actor=by, action=Action.JOB_EDIT, target=job)
    return job


def _move(job: JobPosting, to: str) -> None:
    moved = JobPosting.objects.filter(pk=job.pk, status=JobPosting.Status.OPEN).update(
        status=to, updated_at=timezone.now()
    )
    if not moved:
        raise Conflict(_("The posting has changed in the meantime. Reload the page and try again."))
    job.status = to


@transaction.atomic
def job_withdraw(*, job: JobPosting, by) -> JobPosting:
    """The company takes its posting down (the position is filled, or no more)."""
    if not is_company_admin(by, job.company):
        raise NotAllowed(_("You cannot withdraw this job posting."))
    _move(job, JobPosting.Status.WITHDRAWN)
    if _for_another(by, job.company):
        audit_record(actor=by, action=Action.JOB_WITHDRAW, target=job)
    return job


@transaction.atomic
def job_take_down(*, job: JobPosting, by, reason: str = "") -> JobPosting:
    """Staff take a posting down that does not belong here."""
    if not is_staff(by):
        raise NotAllowed(_("Only the hub's staff can take a job posting down."))
    _move(job, JobPosting.Status.REMOVED)
    audit_record(actor=by, action=Action.JOB_REMOVE, target=job, summary=reason.strip()[:200])
    return job
