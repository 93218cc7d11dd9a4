from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What was done. The code is stored; the label is what the staff page shows."""

    NEED_APPROVE = "need.approve", _("Need approved")
    NEED_DECLINE = "need.decline", _("Need declined")
    NEED_EDIT = "need.edit", _("Someone else's need edited")
    EVENT_PUBLISH = "event.publish", _("Event published")
    EVENT_CANCEL = "event.cancel", _("Event cancelled")
    EVENT_EDIT = "event.edit", _("Someone else's event edited")
    EVENT_EXPORT = "event.export", _("Participant list exported")
    MEMBERSHIP_APPROVE = "membership.approve", _("Membership approved")
    MEMBERSHIP_DECLINE = "membership.decline", _("Membership declined")
    CLAIM_APPROVE = "claim.approve", _("Company claim approved")
    CLAIM_DECLINE = "claim.decline", _("Company claim declined")
    PERSON_EDIT = "person.edit", _("Someone else's profile edited")
    COMPANY_EDIT = "company.edit", _("Company edited by staff")
    DATA_EXPORT = "account.export", _("Personal data downloaded")
    ADMIN_ADD = "admin.add", _("Added in the admin")
    ADMIN_CHANGE = "admin.change", _("Changed in the admin")
    ADMIN_DELETE = "admin.delete", _("Deleted in the admin")
    SIGNIN_FAILED = "signin.failed", _("Repeated failed sign-ins")
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    CALENDAR_REGENERATE = "calendar.regenerate", _("Calendar feed address renewed")
    NEWSLETTER_SEND = "newsletter.send", _("Newsletter sent")
    NEWSLETTER_SCHEDULE = "newsletter.schedule", _("Newsletter scheduled")
    NEEDS_FEED_REGENERATE = "needs_feed.regenerate", _("Needs feed address renewed")
    BOOKING_BLOCK = "booking.block", _("Resource blocked")
    BOOKING_ON_BEHALF = "booking.on_behalf", _("Booked on someone's behalf")
    BOOKING_CANCEL = "booking.cancel", _("Someone else's booking cancelled")
    JOB_POST = "job.post", _("Job posted for a company by staff")
    JOB_EDIT = "job.edit", _("Someone else's job posting edited")
    JOB_WITHDRAW = "job.withdraw", _("Someone else's job posting withdrawn")
    JOB_REMOVE = "job.remove", _("Job posting taken down")
    TEAM_FILL = "team.fill", _("Need marked filled by a team by staff")


class AuditEntryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-at", "-pk")

    def older_than(self, when: datetime):
        """Entries past their time: the retention job deletes these."""
        return self.filter(at__lt=when)

    def expired(self):
        days = settings.KLYNGE_RETENTION["audit_entries"]
        return self.older_than(timezone.now() - timedelta(days=days))

    def with_action(self, action: str):
        return self.filter(action=action)

    def by_person(self, text: str):
        """Entries whose actor's email or name contains ``text``, also once the account is gone."""
        return self.filter(
            Q(actor_label__icontains=text) | Q(actor__name__icontains=text)
            | Q(actor__email__icontains=text)
        )  # fmt: skip

    def between(self, since: datetime | None, until: datetime | None):
        entries = self
        if since:
            entries = entries.filter(at__gte=since)
        if until:
            entries = entries.filter(at__lt=until)
        return entries


class AuditEntry(models.Model):
    """One staff, admin or security action: who, what, on what, when and from where.

    Rows are only ever added (and deleted when they expire); nothing edits them.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # The label keeps who it was after the account is deleted and the link goes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )  # fmt: skip
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["action", "at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
