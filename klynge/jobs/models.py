"""IT jobs at the hub's member companies.

A posting is open from when it is posted until its deadline has passed (the
end of that day in the hub's time zone); then it leaves the list, the feed and
the newsletter by itself, with no job to run. The company's people may withdraw
it, and staff may take it down; both are a status, so the page can say so.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.directory.models import municipality_field
from klynge.jobs.filters import JobFilters


class JobQuerySet(models.QuerySet):
    def open(self, today: date | None = None):
        """Postings that are up and whose deadline has not passed."""
        today = today or timezone.localdate()
        return self.filter(status=JobPosting.Status.OPEN, deadline__gte=today)

    def newest(self):
        return self.order_by("-published_at", "-id")

    def listing(self, filters: JobFilters):
        """The open postings the list shows for ``filters``, newest first."""
        jobs = self.open()
        if filters.municipality:
            jobs = jobs.filter(municipality=filters.municipality)
        if filters.work_mode:
            jobs = jobs.filter(work_mode=filters.work_mode)
        if filters.competence:
            jobs = jobs.filter(competences__slug=filters.competence)
        return jobs.newest().select_related("company").prefetch_related("competences")


class JobPosting(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WITHDRAWN = "withdrawn", _("Withdrawn by the company")
        REMOVED = "removed", _("Taken down by the hub")

    class WorkMode(models.TextChoices):
        ON_SITE = "onsite", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    class EmploymentType(models.TextChoices):
        # The values are schema.org's employmentType words.
        UNKNOWN = "", _("Not stated")
        FULL_TIME = "FULL_TIME", _("Full time")
        PART_TIME = "PART_TIME", _("Part time")
        TEMPORARY = "TEMPORARY", _("Temporary")
        CONTRACTOR = "CONTRACTOR", _("Contract")
        INTERN = "INTERN", _("Internship or apprenticeship")

    company = models.ForeignKey(
        "directory.Company",
        on_delete=models.CASCADE,
        related_name="job_postings",
        verbose_name=_("company"),
    )
    title = models.CharField(_("job title"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("Simple formatting (Markdown) is allowed.")
    )
    municipality = municipality_field()
    work_mode = models.CharField(
        _("work mode"), max_length=10, choices=WorkMode.choices, default=WorkMode.ON_SITE
    )
    employment_type = models.CharField(
        _("type of employment"),
        max_length=12,
        choices=EmploymentType.choices,
        default=EmploymentType.UNKNOWN,
        blank=True,
    )
    competences = models.ManyToManyField(
        "competence.Competence", blank=True, related_name="jobs", verbose_name=_("competences")
    )
    deadline = models.DateField(_("application deadline"))
    apply_url = models.URLField(_("link to apply"), max_length=500, blank=True)
    apply_email = models.EmailField(_("email to apply"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_postings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        indexes = [models.Index(fields=["status", "deadline"], name="jobs_open")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(apply_url="", apply_email=""), name="job_has_a_way_to_apply"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.deadline < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and not self.is_expired
