"""Team answers: several providers answering one need together.

A team answer belongs to one need. Its members are providers (a person, or a
company someone acts for as its confirmed admin), each with the part they take
on. A member is invited, then accepts or declines; an accepted member may
leave, and when the last accepted member leaves the team answer is withdrawn.
The poster and the accepted members talk in the team's one thread
(``TeamMessage``). Every state change is a conditional UPDATE in
``services.py``, so two requests never both move the same row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TeamQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Team.Status.WITHDRAWN)


class Team(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Answering")
        WON = "won", _("Got the work")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    need = models.ForeignKey(
        "needs.Need", on_delete=models.CASCADE, related_name="teams", verbose_name=_("need")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("started by"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    won_at = models.DateTimeField(_("got the work"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team answer")
        verbose_name_plural = _("team answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.need}"

    def get_absolute_url(self) -> str:
        return reverse("teams:team", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class MemberQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Member.Status.ACCEPTED)

    def invited(self):
        return self.filter(status=Member.Status.INVITED)


class Member(models.Model):
    """One provider in a team answer, and the part they take on."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team answer")
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, null=True, blank=True,
        related_name="team_memberships", verbose_name=_("person"),
    )  # fmt: skip
    company = models.ForeignKey(
        "directory.Company", on_delete=models.CASCADE, null=True, blank=True,
        related_name="team_memberships", verbose_name=_("company"),
    )  # fmt: skip
    part = models.CharField(_("part"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("invited by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(company__isnull=True),
                name="team_member_one_provider",
            ),
            models.UniqueConstraint("team", "person", name="team_member_once_per_person"),
            models.UniqueConstraint("team", "company", name="team_member_once_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.get_status_display()})"

    @property
    def provider(self):
        return self.company or self.person

    @property
    def kind(self) -> str:
        return "company" if self.company_id else "person"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.company_id or self.person_id}"


class TeamMessage(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="messages", verbose_name=_("team answer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("written by"),
    )  # fmt: skip
    # Who the author wrote as: the poster, or one member of the team.
    from_poster = models.BooleanField(_("from the poster"), default=False)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("written as"),
    )  # fmt: skip
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team message")
        verbose_name_plural = _("team messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
