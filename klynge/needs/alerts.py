"""Telling providers about needs that match them: at once, in a daily digest, or
only in their personal feed, as each chose in their alert settings.

A Notice row, unique per need and recipient, is written before any email is
queued and in the same transaction, so a notification task that runs again
(or twice at once) finds the row and sends nothing new.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from klynge.competence.index import read_concepts
from klynge.competence.models import SearchDocument
from klynge.directory.documents import MEMBER_TAG
from klynge.directory.models import Company, Person
from klynge.directory.providers import match
from klynge.directory.roles import is_member, person_of, provider_users
from klynge.directory.visibility import Audience, Viewer
from klynge.needs import emails
from klynge.needs.models import AlertSettings, Need, Notice
from klynge.needs.rules import answerable_as

# The platform matches as a member would see the providers: fields they keep
# private never count, and the notice goes only to the provider themselves.
MATCHING_VIEWER = Viewer(Audience.MEMBER)
DIGEST_EVERY = timedelta(hours=23)  # a little under a day, so a daily cron never skips one


def threshold() -> float:
    return settings.KLYNGE_NEEDS["notify_threshold"]


def frequency_of(user) -> str:
    alerts = AlertSettings.objects.filter(user=user).only("frequency").first()
    return alerts.frequency if alerts else AlertSettings.Frequency.EMAIL


def need_matches(need: Need, *, viewer: Viewer = MATCHING_VIEWER, limit: int = 10):
    """The best providers for a need, leaving out the poster's own profile."""
    filters = (MEMBER_TAG,) if need.audience == Need.Audience.MEMBERS else ()
    found = match(
        title=need.title,
        description=need.description,
        municipality=need.municipality or None,
        viewer=viewer,
        limit=limit + 1,
        filters=filters,
        chosen=need.chosen_slugs,
    )
    own = Person.objects.filter(user_id=need.poster_id).values_list("pk", flat=True).first()
    return [m for m in found if not (m.kind == "person" and m.id == own)][:limit]


def notify_providers(need_id: int) -> int:
    """Tell every provider above the threshold about an open need, once. Returns the
    number of new notices."""
    need = Need.objects.filter(pk=need_id, status__in=Need.ACCEPTING).first()
    if need is None:
        return 0
    matches = [
        m for m in need_matches(need, limit=settings.KLYNGE_NEEDS["notify_limit"])
        if m.score >= threshold()
    ]  # fmt: skip
    matches = _sharing_a_competence(need, matches)
    people = Person.objects.select_related("user").in_bulk(
        [m.id for m in matches if m.kind == "person"]
    )
    companies = Company.objects.in_bulk([m.id for m in matches if m.kind == "company"])
    created = 0
    with transaction.atomic():
        for found in matches:
            person = people.get(found.id) if found.kind == "person" else None
            company = companies.get(found.id) if found.kind == "company" else None
            if person is None and company is None:
                continue
            for user in provider_users(person=person, company=company):
                if user.pk == need.poster_id:
                    continue
                if need.audience == Need.Audience.MEMBERS and not is_member(user):
                    continue
                if _notice(need, user, person, company, found.score):
                    created += 1
        Need.objects.filter(pk=need.pk).update(providers_notified_at=timezone.now())
    return created


def _sharing_a_competence(need: Need, matches: list) -> list:
    """Only providers whose profile (as members see it) names one of the need's
    competences: a match score is relative to the other candidates, so a lone weak
    text match can score high, and an email should mean 'this is what you do'.
    A need that names no competence of the taxonomy goes by the score alone."""
    wanted = set(need.competences.values_list("slug", flat=True))
    if not wanted:
        return matches
    documents = SearchDocument.objects.filter(
        audience=SearchDocument.Audience.MEMBERS, kind="person",
        object_id__in=[m.id for m in matches if m.kind == "person"],
    ).union(
        SearchDocument.objects.filter(
            kind="company", object_id__in=[m.id for m in matches if m.kind == "company"]
        )
    )  # fmt: skip
    sharing = {
        (doc.kind, doc.object_id) for doc in documents if wanted & set(read_concepts(doc.concepts))
    }
    return [m for m in matches if (m.kind, m.id) in sharing]


def _notice(need, user, person, company, score) -> bool:
    channel = frequency_of(user)
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                need=need, recipient=user, person=person, company=company,
                score=score, channel=channel,
            )  # fmt: skip
    except IntegrityError:
        return False  # told before
    if channel == Notice.Channel.EMAIL:
        emails.send("match", [user], {"need": need, "provider": company or person})
        Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return True


def digests_send(now=None) -> int:
    """One email per digest reader with the needs found for them since the last one."""
    now = now or timezone.now()
    waiting = (
        Notice.objects.filter(
            channel=Notice.Channel.DIGEST, sent_at__isnull=True, need__status__in=Need.ACCEPTING
        )
        .select_related("need", "recipient")
        .order_by("recipient_id", "-need__published_at")
    )
    by_user: dict[int, list[Notice]] = {}
    for notice in waiting:
        by_user.setdefault(notice.recipient_id, []).append(notice)
    sent = 0
    for user_id, notices in by_user.items():
        with transaction.atomic():
            # Claim today's digest for this reader; a second runner finds it taken.
            claimed = (
                AlertSettings.objects.filter(user_id=user_id)
                .exclude(last_digest_at__gt=now - DIGEST_EVERY)
                .update(last_digest_at=now)
            )
            if not claimed:
                continue
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
            emails.send("digest", [notices[0].recipient], {"needs": [n.need for n in notices]})
            sent += 1
    return sent


def needs_for_feed(user):
    """The open needs the platform matched to ``user`` or that they were invited to."""
    person = person_of(user)
    invited = Q(invitations__person=person) if person else Q(pk__in=[])
    companies = answerable_as(user)
    if companies:
        invited |= Q(invitations__company__in=companies)
    return (
        Need.objects.visible_to(user)
        .open()
        .filter(Q(notices__recipient=user) | invited)
        .distinct()
        .order_by("-published_at", "-id")
    )
