from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.news import services as news_services
from klynge.newsletter.models import Subscription


@pytest.fixture
def fast_sending(settings):
    settings.KLYNGE_NEWSLETTER = {"batch_size": 3, "rate_per_second": 1000.0, "claim_lease": 1}


@pytest.fixture
def post(staff):
    return news_services.post_create(
        by=staff, title="Kodekveld på huben", lead="Kom og kod saman med oss.",
        body="Pizza frå **18**.", language="nn", tags=["huben"],
        published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def confirmed(email: str, language: str = "nb") -> Subscription:
    return Subscription.objects.create(
        email=email, language=language, status=Subscription.Status.CONFIRMED,
        source=Subscription.Source.DOUBLE_OPT_IN, consent_at=timezone.now(),
    )  # fmt: skip
