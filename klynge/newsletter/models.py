"""The newsletter: who receives it, the issues, and one delivery per recipient.

A ``Subscription`` is one address and its consent; an ``Issue`` is one newsletter,
its digest items stored as plain data when staff open it; a ``Delivery`` is one
issue to one subscription, created for every recipient before the first email goes
out (unique per issue and subscription), and its status is the claim that makes
each recipient get the issue exactly once (see ``sending.py``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("nb", _("Bokmål")), ("nn", _("Nynorsk")), ("en", _("English"))]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def receiving(self):
        """Addresses an issue goes to: confirmed, never pending, unsubscribed or bounced."""
        return self.filter(status=Subscription.Status.CONFIRMED)


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address bounced")

    class Source(models.TextChoices):
        MEMBERSHIP = "membership", _("Member of the hub (customer relationship)")
        ACCOUNT = "account", _("Ticked on the account page")
        DOUBLE_OPT_IN = "double_opt_in", _("Signed up and confirmed by email")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscription",
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="nb")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    source = models.CharField(_("consent source"), max_length=16, choices=Source.choices)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        indexes = [models.Index(fields=["status", "id"], name="newsletter_sub_status")]

    def __str__(self) -> str:
        return self.email

    def get_unsubscribe_url(self) -> str:
        return reverse("newsletter:unsubscribe", args=[self.token])


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=Issue.Status.SENT).order_by("-sent_at", "-id")


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    # [{"key", "titles": {"nb", "nn", "en"}, "items": [{"key", "title", "path", "summary"}]}]
    sections = models.JSONField(_("sections"), default=list, blank=True)
    since = models.DateTimeField(_("news since"))
    until = models.DateTimeField(_("news until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)  # fmt: skip
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    prepared_at = models.DateTimeField(_("recipients listed"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last batch started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletter:archive_issue", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CLAIMED = "claimed", _("Being prepared")  # claimed; nothing sent yet: safe to retry
        SENDING = "sending", _("Being sent")  # the message body went to the server
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown (the sender stopped mid-message)")

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE,
                              related_name="deliveries")  # fmt: skip
    subscription = models.ForeignKey(
        Subscription, verbose_name=_("subscription"), on_delete=models.CASCADE,
        related_name="deliveries",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="one_delivery_each"),
        ]
        indexes = [models.Index(fields=["issue", "status", "id"], name="newsletter_delivery_todo")]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscription_id}"
