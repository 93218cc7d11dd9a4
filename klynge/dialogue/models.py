"""A market-dialogue meeting: an event the buyer holds about a need, and the
providers invited to it.

A need may have several meetings over time (an information meeting, later a
second round); an event is about one need at most. An invitation is a row
unique per meeting and provider, written before its email in the same
transaction, so no provider is invited twice to the same meeting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    need = models.ForeignKey(
        "needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+"
    )
    event = models.OneToOneField(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("market-dialogue meeting")
        verbose_name_plural = _("market-dialogue meetings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.event)


class MeetingInvitation(models.Model):
    """One provider (a person or a company) invited to one meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    company = models.ForeignKey(
        "directory.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(company__isnull=True),
                name="meeting_invitation_one_provider",
            ),
            models.UniqueConstraint("meeting", "person", name="meeting_invitation_once_per_person"),
            models.UniqueConstraint(
                "meeting", "company", name="meeting_invitation_once_per_company"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ← {self.meeting}"

    @property
    def provider(self):
        return self.company or self.person

    @property
    def key(self) -> tuple[str, int]:
        return ("company", self.company_id) if self.company_id else ("person", self.person_id)
