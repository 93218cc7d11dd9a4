"""The newsletter's part of a person's data export and account deletion."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.newsletter.models import Subscription

DELETION_NOTE = _(
    "Your newsletter subscription is deleted, with the record of which issues you got."
)


def _theirs(user):
    return Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    return {
        "newsletter_subscriptions": [
            {
                "email": s.email,
                "status": s.status,
                "language": s.language,
                "consent_source": s.source,
                "consent_at": s.consent_at,
                "unsubscribed_at": s.unsubscribed_at,
                "bounced_at": s.bounced_at,
                "created_at": s.created_at,
                "issues_received": list(
                    s.deliveries.filter(status="sent").values_list("issue__subject", flat=True)
                ),
            }
            for s in _theirs(user)
        ]
    }


def forget(user) -> None:
    _theirs(user).delete()
