"""Events at the hub, online or both, and the people who sign up for them.

Times are stored in UTC and shown in settings.TIME_ZONE (Europe/Oslo).
A registration holds a place (``confirmed``), waits for one (``waitlisted``,
in ``waitlist_position`` order) or waits for a guest to confirm their email
(``pending``); cancelled ones are kept so that the person can sign up again.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.directory.roles import is_staff
from klynge.events import rules


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """Events created together from one repeat rule; each can be edited on its own."""

    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("repeats"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self):
        """Published or cancelled: the events the public may know about."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def open_to_all(self):
        return self.filter(audience=Event.Audience.EVERYONE)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def public(self):
        """What anyone may see without signing in: the public feeds use this."""
        return self.published().open_to_all()

    def visible_to(self, user):
        """Staff see everything; anyone their own events, drafts too; members
        also members-only events; everyone else published events open to all."""
        if is_staff(user):
            return self.all()
        visible = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        if not rules.sees_members_only(user):
            visible &= Q(audience=Event.Audience.EVERYONE)
        if getattr(user, "is_authenticated", False):
            # Their own events, whatever their role now: a buyer who holds a
            # market-dialogue meeting organises it without being an organiser.
            visible |= Q(organiser=user) | Q(created_by=user)
        return self.filter(visible)

    def with_counts(self):
        return self.annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waitlisted_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown is allowed.")
    )
    image = models.ImageField(_("image"), upload_to="events/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("where"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Leave empty for the hub.")
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Leave empty for the hub's address.")
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to registered participants.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    audience = models.CharField(
        _("open to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="events")
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    # iCalendar SEQUENCE: raised whenever the time or the place changes, so
    # that calendars which imported the event replace their copy.
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("version (calendar)"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="event_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_members_only(self) -> bool:
        return self.audience == self.Audience.MEMBERS

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_place(self) -> bool:
        return self.format in {self.Format.IN_PERSON, self.Format.HYBRID}

    @property
    def is_online(self) -> bool:
        return self.format in {self.Format.ONLINE, self.Format.HYBRID}

    @property
    def place_name(self) -> str:
        return self.venue or (settings.KLYNGE_HUB["name"] if not self.address else "")

    @property
    def place_address(self) -> str:
        """The street address, the hub's when none is given."""
        if self.address:
            return self.address
        hub = settings.KLYNGE_HUB
        return f"{hub['street']}, {hub['postcode']} {hub['town']}"

    @property
    def location_text(self) -> str:
        """One line for calendars: place and address, or the word online."""
        parts = [p for p in (self.place_name, self.place_address) if p] if self.has_place else []
        if self.is_online:
            parts.append(str(_("Online")))
        return ", ".join(parts)

    def confirmed_count(self) -> int:
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        count = getattr(self, "registered_count", None)
        if count is None:
            count = self.confirmed_count()
        return max(self.capacity - count, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        closes = self.registration_closes_at or self.starts_at
        return (
            self.status == self.Status.PUBLISHED
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and now < closes
        )

    @property
    def registration_opens_later(self) -> bool:
        return bool(self.registration_opens_at and self.registration_opens_at > timezone.now())


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlist_position")

    def active(self):
        """Those holding or waiting for a place."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )

    def attended(self):
        return self.filter(attended_at__isnull=False)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(email__icontains=text))

    def publicly_listed(self):
        return self.confirmed().filter(show_publicly=True).order_by("name")


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    # For guests these are what they typed; for users a copy made at sign-up.
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    # The address as guests are compared (one person in any case), kept by the
    # database on every write (the ORM's and signup_sql's raw INSERT alike),
    # so that it can never go stale and indexes hold it as a plain column:
    # insights counts guests from the index alone (figures/events.py).
    email_key = models.GeneratedField(
        expression=Lower("email"),
        output_field=models.CharField(max_length=254),
        db_persist=True,
        verbose_name=_("email as compared"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    waitlist_position = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("place on the waiting list")
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    show_publicly = models.BooleanField(
        _("show my name on the public list of participants"), default=False
    )
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    # Set when the person deleted their account: the row stays, without who it
    # was, so that attendance figures stay true.
    anonymised = models.BooleanField(default=False, verbose_name=_("anonymised"))
    # Raised each time a cancelled registration is taken up again, so that
    # its new confirmation email is a new notification.
    attempt = models.PositiveIntegerField(default=1, verbose_name=_("sign-up attempt"))
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed"))
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled"))

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "event", "user", condition=Q(user__isnull=False), name="registration_one_per_user"
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(user__isnull=True) & ~Q(email=""),
                name="registration_one_per_guest_email",
            ),
            models.UniqueConstraint(
                "event",
                "waitlist_position",
                condition=Q(waitlist_position__isnull=False),
                name="registration_unique_waitlist_position",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_waitlisted_iff_position",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | ~Q(email="")
                | Q(is_walk_in=True)
                | Q(anonymised=True),
                name="registration_user_or_email_or_walk_in",
            ),
        ]
        indexes = [
            # Turnout per event read from the index alone (insights: sign-ups,
            # check-ins and no-shows, figures/events.py: _registration_counts).
            models.Index(fields=["event", "status", "attended_at"],
                         name="registration_event_turnout"),  # fmt: skip
            # An account's or an address's places: what the triggers of
            # migration 0009 read to recompute a first place (AccountFirstPlace,
            # GuestFirstPlace), without walking every event. The period's guest
            # addresses by event: read from the index alone (insights: guests,
            # figures/events.py).
            models.Index(fields=["user", "status", "event"], name="registration_user_places"),
            models.Index(
                fields=["email_key", "status", "event"],
                condition=Q(user__isnull=True),
                name="registration_guest_places",
            ),
            models.Index(
                fields=["event", "status", "email_key"],
                condition=Q(user__isnull=True),
                name="registration_event_guests",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.CONFIRMED, self.Status.WAITLISTED}

    @property
    def place_in_line(self) -> int | None:
        """1 for the first on the waitlist; positions have gaps, the line has none."""
        if not self.is_waitlisted:
            return None
        return (
            self.event.registrations.waitlisted()
            .filter(waitlist_position__lte=self.waitlist_position)
            .count()
        )

    @property
    def recipient(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def recipient_language(self) -> str:
        return self.user.language if self.user_id else self.language


class FirstPlace(models.Model):
    """When one participant first held a place at a published event. Written only
    by the database: triggers on registrations and events (migration 0009)
    recompute a person's row on every write that could change it, whichever path
    made it (the ORM, a bulk update, a raw INSERT, a cascade). Insights counts
    first-time participants from the two kinds below (figures/events.py) instead
    of comparing the period's participants with every earlier place."""

    starts_at = models.DateTimeField(_("start of the first event"), db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pk} {self.starts_at:%Y-%m-%d}"


class GuestFirstPlace(FirstPlace):
    """A guest is their address (a registration without an account)."""

    email_key = models.CharField(_("email as compared"), max_length=254, primary_key=True)

    class Meta:
        verbose_name = _("first place of a guest")
        verbose_name_plural = _("first places of guests")


class AccountFirstPlace(FirstPlace):
    """An account by its id, not a foreign key: the row goes when the account's
    places go (a deleted account's are anonymised or deleted first)."""

    user_id = models.BigIntegerField(_("account"), primary_key=True)

    class Meta:
        verbose_name = _("first place of an account")
        verbose_name_plural = _("first places of accounts")


class Notification(models.Model):
    """One email to one registration, recorded before it is queued.

    The unique constraint is the claim: whichever run inserts the row sends
    the email, so a task or command that runs twice never sends it twice.
    ``version`` tells apart notices that may come again (the event's sequence
    for change notices).
    """

    class Kind(models.TextChoices):
        GUEST_CONFIRM = "guest_confirm", _("Confirm your email")
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PROMOTED = "promoted", _("Moved up from the waitlist")
        REMINDER = "reminder", _("Reminder")
        THANKS = "thanks", _("Thank you")
        CHANGED = "changed", _("Event changed")
        CANCELLED = "cancelled", _("Event cancelled")
        MESSAGE = "message", _("Message from the organiser")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("registration"),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    version = models.PositiveIntegerField(default=0, verbose_name=_("version"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent"))
    # When the worker rendered and queued it: a task run twice queues it once.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    class Meta:
        verbose_name = _("event notification")
        verbose_name_plural = _("event notifications")
        constraints = [
            models.UniqueConstraint(
                "registration", "kind", "version", name="notification_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.registration_id}"


class EventMessage(models.Model):
    """A message from the organiser to everyone registered, waitlisted or checked in.

    Each recipient's email is claimed as a ``Notification`` (kind "message",
    version = this message's id), so it goes out once. ``nonce`` comes from the
    form, so a form sent twice (a double click, a reload) sends one message.
    """

    class Audience(models.TextChoices):
        REGISTERED = "registered", _("Everyone registered")
        WAITLISTED = "waitlisted", _("Everyone on the waitlist")
        ATTENDED = "attended", _("Everyone who checked in")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages"
    )
    audience = models.CharField(_("to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    nonce = models.CharField(_("one-time form code"), max_length=36, unique=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("registration"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's own calendar feed; a new token revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_calendar",
        verbose_name=_("user"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_calendar_token, verbose_name=_("token")
    )
    created_at = models.DateTimeField(auto_now=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:personal_ics", args=[self.token])
