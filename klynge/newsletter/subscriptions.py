"""Who receives the newsletter, and how they join and leave (docs/newsletter.md).

Members of the hub are subscribed by default (an existing customer relationship,
markedsføringsloven § 15 second paragraph) and may leave from every issue and their
account page; other signed-in users only by ticking the box; visitors by double
opt-in. Every function here is one transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.errors import Invalid
from klynge.core.mail import email_queue, render_email
from klynge.directory.models import CompanyRole, MemberStatus
from klynge.directory.roles import is_member
from klynge.newsletter.models import Subscription

Status = Subscription.Status
Source = Subscription.Source
LANGUAGE_CODES = {"nb", "nn", "en"}
# A second sign-up for a pending address sends the confirmation again, but not more often.
RESEND_AFTER = timedelta(minutes=10)


def _language(language: str) -> str:
    language = (language or "nb")[:2]
    return language if language in LANGUAGE_CODES else "nb"


def _normalise(email: str) -> str:
    email = (email or "").strip()
    local, _at, domain = email.rpartition("@")
    if not local or not domain or any(c.isspace() for c in email):
        raise Invalid(_("Enter a valid email address."))
    return f"{local}@{domain.lower()}"


def subscribe_request(*, email: str, language: str) -> None:
    """A visitor asks for the newsletter: a confirmation email with a link, if needed.

    The answer is the same whatever the address's state, so the form does not tell
    whether an address is known; a confirmed address gets no email at all.
    """
    email = _normalise(email)
    now = timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        email=email, language=_language(language),
                        source=Source.DOUBLE_OPT_IN, status=Status.PENDING,
                    )  # fmt: skip
            except IntegrityError:  # the same address at the same moment: it was sent
                return
        elif subscription.status == Status.CONFIRMED or _recently_asked(subscription, now):
            return
        else:
            subscription.status = Status.PENDING
            subscription.source = Source.DOUBLE_OPT_IN
            subscription.language = _language(language)
        subscription.confirmation_sent_at = now
        subscription.save()
        email_queue(
            render_email(
                "newsletter/email/confirm",
                {"confirm_path": _confirm_path(subscription)},
                to=[subscription.email],
                language=subscription.language,
            )
        )


def _recently_asked(subscription: Subscription, now) -> bool:
    sent = subscription.confirmation_sent_at
    return subscription.status == Status.PENDING and sent is not None and now - sent < RESEND_AFTER


def _confirm_path(subscription: Subscription) -> str:
    return reverse("newsletter:confirm", args=[subscription.token])


def subscription_confirm(*, token: str) -> Subscription | None:
    """The link from the confirmation email was followed: the address receives issues."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).first()
        if subscription is None:
            return None
        if subscription.status == Status.PENDING:
            subscription.status = Status.CONFIRMED
            subscription.consent_at = timezone.now()
            subscription.save(update_fields=["status", "consent_at"])
        return subscription


def unsubscribe(*, token: str) -> Subscription | None:
    """Leave, by the token from a newsletter's link or header. No sign-in needed."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).first()
        if subscription is None:
            return None
        if subscription.status != Status.UNSUBSCRIBED:
            subscription.status = Status.UNSUBSCRIBED
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["status", "unsubscribed_at"])
        return subscription


def subscription_of(user) -> Subscription | None:
    return Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email)).first()


def is_subscribed(user) -> bool:
    """What the account page's box shows: a member without a row is subscribed by default."""
    subscription = subscription_of(user)
    if subscription is None:
        return is_member(user)
    return subscription.status == Status.CONFIRMED


def account_set(*, user, subscribed: bool) -> Subscription:
    """The box on the account page. Ticking it is consent; unticking it leaves."""
    now = timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(Q(user=user) | Q(email__iexact=user.email))
            .first()
        )
        if subscription is None:
            subscription = Subscription(email=user.email, user=user,
                                        language=_language(user.language))  # fmt: skip
        subscription.user = user
        if subscribed:
            if subscription.status != Status.CONFIRMED:
                subscription.status = Status.CONFIRMED
                subscription.source = Source.ACCOUNT
                subscription.consent_at = now
                subscription.bounced_at = None
        else:
            if not subscription.source:
                subscription.source = Source.MEMBERSHIP if is_member(user) else Source.ACCOUNT
            subscription.status = Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
        subscription.save()
        return subscription


def members_enrol() -> int:
    """Members who have no subscription yet get one, on (their default); returns how many.

    Someone who left keeps their row as unsubscribed, so they are never enrolled again.
    """
    at_member_company = CompanyRole.objects.filter(
        status=CompanyRole.Status.CONFIRMED, company__member_status=MemberStatus.APPROVED
    ).values("person__user_id")
    members = (
        User.objects.filter(is_active=True)
        .filter(Q(person__member_status=MemberStatus.APPROVED) | Q(pk__in=at_member_company))
        .exclude(newsletter_subscription__isnull=False)
        .values_list("pk", "email", "language")
    )
    now = timezone.now()
    added = 0
    batch = []
    for user_id, email, language in members.iterator(chunk_size=1000):
        batch.append(
            Subscription(user_id=user_id, email=email, language=_language(language),
                         status=Status.CONFIRMED, source=Source.MEMBERSHIP, consent_at=now)
        )  # fmt: skip
        if len(batch) >= 1000:
            added += _add(batch)
            batch = []
    return added + _add(batch)


def _add(batch: list[Subscription]) -> int:
    if not batch:
        return 0
    # An address that signed up as a visitor already has its row (and its own choice).
    before = Subscription.objects.count()
    Subscription.objects.bulk_create(batch, ignore_conflicts=True)
    return Subscription.objects.count() - before
