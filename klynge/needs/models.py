"""Needs posted by businesses and municipalities, and the providers' answers.

A need moves draft → (waiting for approval →) open → in dialogue → filled or
closed. Who may do what to one is decided in ``rules.py``; every write goes
through ``services.py``. The one-off emails about a need (expiry reminder,
follow-up) are claimed by stamping a time on the need with a conditional
UPDATE, and each provider notice is a row unique per need and recipient, so
no email goes out twice however often a task runs.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from klynge.core.uploads import private_storage
from klynge.directory.models import municipality_field
from klynge.directory.roles import is_member, is_staff
from klynge.needs.filters import NeedFilters

OPEN_FOR = timedelta(days=60)  # without a deadline, and each time the poster extends
LONGEST_OPEN = timedelta(days=180)  # with a deadline: public buyers plan further ahead


class NeedQuerySet(models.QuerySet):
    def published(self):
        """Needs the board shows: accepting answers, or already settled."""
        return self.filter(status__in=Need.PUBLISHED)

    def open(self):
        """Needs that still take answers."""
        return self.filter(status__in=Need.ACCEPTING)

    def board(self, filters: NeedFilters):
        """The open needs the board lists for ``filters``, newest first."""
        needs = self.open()
        if filters.municipality:
            needs = needs.filter(municipality=filters.municipality)
        if filters.category:
            needs = needs.filter(competences__category__slug=filters.category).distinct()
        if filters.posted_by:
            needs = needs.filter(posted_by=filters.posted_by)
        return (
            needs.order_by("-published_at", "-id")
            .select_related("public_body")
            .prefetch_related("competences")
        )

    def visible_to(self, user):
        """Staff see all; a poster their own; members also members-only needs;
        everyone else published public needs. Providers keep seeing a need they answered."""
        if is_staff(user):
            return self
        audiences = [Need.Audience.PUBLIC]
        if is_member(user):
            audiences.append(Need.Audience.MEMBERS)
        # A need staff declined is closed without ever being published: not shown.
        visible = Q(status__in=Need.PUBLISHED, published_at__isnull=False, audience__in=audiences)
        if getattr(user, "is_authenticated", False):
            answered = Answer.objects.filter(need=OuterRef("pk"), author=user)
            visible |= Q(poster=user) | Exists(answered)
        return self.filter(visible)


class Need(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        OPEN = "open", _("Open")
        DIALOGUE = "dialogue", _("In dialogue")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    class Budget(models.TextChoices):
        UNKNOWN = "unknown", _("Don't know yet")
        UNDER_10K = "under-10k", _("Under 10,000 kr")
        UP_TO_50K = "10k-50k", _("10,000–50,000 kr")
        UP_TO_200K = "50k-200k", _("50,000–200,000 kr")
        # Public purchases run to millions, past the procurement thresholds.
        UP_TO_500K = "200k-500k", _("200,000–500,000 kr")
        UP_TO_2M = "500k-2m", _("500,000–2 million kr")
        UP_TO_10M = "2m-10m", _("2–10 million kr")
        OVER_10M = "over-10m", _("Over 10 million kr")
        TENDER = "tender", _("To be announced as a tender")
        OVER_200K = "over-200k", _("Over 200,000 kr")  # from before the larger ranges

    class PostedBy(models.TextChoices):
        BUSINESS = "business", _("A business or organisation")
        PUBLIC = "public", _("The public sector")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members of the hub only")

    class CloseReason(models.TextChoices):
        SOLVED_ELSEWHERE = "elsewhere", _("Solved another way")
        NOT_NEEDED = "not-needed", _("No longer needed")
        EXPIRED = "expired", _("Expired")
        DECLINED = "declined", _("Not approved by the hub")

    class Outcome(models.TextChoices):
        HELPED = "helped", _("Yes, it helped")
        NOT_HELPED = "not-helped", _("No, it did not help")

    PUBLISHED = (Status.OPEN, Status.DIALOGUE, Status.FILLED, Status.CLOSED)
    ACCEPTING = (Status.OPEN, Status.DIALOGUE)

    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    external_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, verbose_name=_("external ID")
    )
    title = models.CharField(_("what do you want to achieve?"), max_length=200)
    description = models.TextField(
        _("tell us more"),
        blank=True,
        help_text=_("What you have today, what should be different, anything that matters."),
    )
    deadline = models.DateField(_("by when?"), null=True, blank=True)
    budget = models.CharField(
        _("roughly what budget?"), max_length=12, choices=Budget.choices, default=Budget.UNKNOWN
    )
    municipality = municipality_field()
    posted_by = models.CharField(
        _("who are you?"), max_length=10, choices=PostedBy.choices, default=PostedBy.BUSINESS
    )
    organisation = models.CharField(
        _("name of your business or organisation"), max_length=200, blank=True
    )
    audience = models.CharField(
        _("who may see the need?"), max_length=10, choices=Audience.choices,
        default=Audience.PUBLIC,
    )  # fmt: skip
    competences = models.ManyToManyField(
        "competence.Competence", blank=True, related_name="needs", verbose_name=_("competences")
    )
    # What the poster ticked on the need form beside what their words name; it counts
    # in the matching as asked for (docs/matching.md, "The poster ticks").
    chosen = models.ManyToManyField(
        "competence.Competence", blank=True, related_name="+",
        verbose_name=_("competences the poster chose"),
    )  # fmt: skip
    image = models.ImageField(_("image"), upload_to="needs/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    tender_url = models.URLField(
        _("link to the tender notice"), max_length=500, blank=True,
        help_text=_("Optional. For example the notice on Doffin. It must start with https://."),
    )  # fmt: skip
    # The verified public body the poster posted for, set by the service from the
    # poster's confirmed company roles and the register's sector code; never by the form.
    public_body = models.ForeignKey(
        "directory.Company", verbose_name=_("public buyer"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    close_reason = models.CharField(
        _("why it was closed"), max_length=12, choices=CloseReason.choices, blank=True
    )
    filled_by_person = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled by (person)"),
    )
    filled_by_company = models.ForeignKey(
        "directory.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled by (company)"),
    )
    outcome = models.CharField(
        _("did the help work?"), max_length=12, choices=Outcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    settled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("settled"))
    # Stamped by the conditional UPDATE that claims each one-off job.
    providers_notified_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("providers notified")
    )
    expiry_reminded_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminded before expiry")
    )
    follow_up_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("follow-up sent")
    )
    outcome_at = models.DateTimeField(null=True, blank=True, verbose_name=_("outcome given"))

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "expires_at"]),
            # The insights' needs funnel (insights/figures/needs.py) reads the needs
            # created in a period: every column it counts by is here, so it reads
            # this index in date order, not the wide rows with their descriptions.
            models.Index(
                fields=["created_at", "status", "posted_by", "municipality", "published_at",
                        "close_reason", "outcome", "filled_by_company", "filled_by_person"],
                name="need_insights_cohort",
            ),  # fmt: skip
            # The needs published in a period (the insights' demand for competence,
            # and the public headline), and those filled in it (the headline).
            models.Index(fields=["published_at", "municipality"], name="need_insights_published"),
            models.Index(fields=["status", "settled_at"], name="need_insights_settled"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["open", "dialogue", "filled"])
                | Q(published_at__isnull=False),
                name="need_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:detail", args=[self.pk])

    @property
    def is_public_buyer(self) -> bool:
        return self.public_body_id is not None

    @property
    def buyer_name(self) -> str:
        return self.organisation or (self.public_body.name if self.public_body_id else "")

    @cached_property
    def chosen_slugs(self) -> list[str]:
        """The competences the poster ticked, read once for a page's matches and teams."""
        return list(self.chosen.values_list("slug", flat=True))

    @property
    def is_accepting(self) -> bool:
        return self.status in self.ACCEPTING

    @property
    def is_settled(self) -> bool:
        return self.status in (self.Status.FILLED, self.Status.CLOSED)

    @property
    def filled_by(self):
        return self.filled_by_company or self.filled_by_person

    def expiry_for(self, start) -> timezone.datetime:
        """The end of the deadline day, 180 days after ``start`` at most; 60 days after
        ``start`` when there is no deadline."""
        if self.deadline:
            end_of_deadline = timezone.make_aware(
                timezone.datetime.combine(self.deadline, timezone.datetime.max.time())
            )
            return min(start + LONGEST_OPEN, end_of_deadline)
        return start + OPEN_FOR


class Attachment(models.Model):
    """A file that goes with a need: a PDF as it came, or an image drawn again.

    Stored in private storage under a random name and served only by
    ``needs:attachment``, which asks whether the viewer may see the need.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", _("image")

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="needs/attachments/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    kind = models.CharField(_("file type"), max_length=5, choices=Kind.choices)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:attachment", args=[self.need_id, self.pk, self.stored_name])

    @property
    def stored_name(self) -> str:
        return self.file.name.rpartition("/")[2]


class AnswerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Answer(models.Model):
    """A provider's answer to a need, and the thread between them and the poster.

    The provider is a person, or a company a person answers for as its admin.
    """

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="answers", verbose_name=_("need")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="answers",
        verbose_name=_("written by"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="need_answers",
        verbose_name=_("person"),
    )
    company = models.ForeignKey(
        "directory.Company",
        verbose_name=_("answer for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_answers",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn"))
    last_message_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last message"))

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]
        # A need's first answer is the first entry of its need in this index
        # (insights/figures/needs.py: the time to the first answer).
        indexes = [models.Index(fields=["need", "created_at"], name="answer_insights_first")]
        constraints = [
            models.UniqueConstraint(
                "need", "person", condition=Q(company__isnull=True), name="answer_once_per_person"
            ),
            models.UniqueConstraint(
                "need",
                "company",
                condition=Q(company__isnull=False),
                name="answer_once_per_company",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.provider_name} → {self.need}"

    def get_absolute_url(self) -> str:
        return reverse("needs:thread", args=[self.pk])

    @property
    def provider(self):
        return self.company or self.person

    @property
    def provider_name(self) -> str:
        return self.provider.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Message(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="messages", verbose_name=_("answer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    from_poster = models.BooleanField(default=False, verbose_name=_("from the poster"))
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:60]


class Invitation(models.Model):
    """The poster asks a matched provider to answer."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("need")
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    company = models.ForeignKey(
        "directory.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("invitation to answer a need")
        verbose_name_plural = _("invitations to answer needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(company__isnull=True),
                name="invitation_one_provider",
            ),
            models.UniqueConstraint("need", "person", name="invitation_once_per_person"),
            models.UniqueConstraint("need", "company", name="invitation_once_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ← {self.need}"

    @property
    def provider(self):
        return self.company or self.person


class Notice(models.Model):
    """One provider's user told about one need: by email at once, in the daily
    digest, or only in their feed. Unique per need and user, so a task that runs
    again finds the row and sends nothing."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email at once")
        DIGEST = "digest", _("Daily digest")
        FEED = "feed", _("Feed only")

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="notices", verbose_name=_("need")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="need_notices",
        verbose_name=_("recipient"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    company = models.ForeignKey(
        "directory.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    score = models.FloatField(_("match score"))
    channel = models.CharField(max_length=8, choices=Channel.choices, verbose_name=_("channel"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))

    class Meta:
        verbose_name = _("notice to a provider")
        verbose_name_plural = _("notices to providers")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint("need", "recipient", name="notice_once_per_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ← {self.need}"

    @property
    def provider(self):
        return self.company or self.person


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class AlertSettings(models.Model):
    """How a provider wants to hear about needs that match them."""

    class Frequency(models.TextChoices):
        EMAIL = "email", _("Email me at once")
        DIGEST = "digest", _("One email a day with all new needs")
        FEED = "feed", _("No email; I follow the feed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="need_alerts",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("how do you want to hear about needs that match you?"),
        max_length=8,
        choices=Frequency.choices,
        default=Frequency.EMAIL,
    )
    feed_token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, verbose_name=_("feed token")
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last digest"))

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
