"""Known data for the insights figures: every count below is worked out by hand.

The period is the year 2025 in Europe/Oslo. Some rows sit half an hour either
side of a local midnight at the period's edges, where the UTC date differs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from klynge.accounts.services import user_create
from klynge.competence.models import Category, Competence
from klynge.directory.models import Company, CompanySkill, MemberStatus, Person, PersonSkill
from klynge.events.models import Event, Registration
from klynge.insights.figures import Period
from klynge.needs.models import Answer, Message, Need
from tests.conftest import PASSWORD

OSLO = ZoneInfo("Europe/Oslo")
YEAR = Period.year(2025)


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def person(key, municipality, *, created, member_since=None, employer=None, **fields):
    approved = member_since is not None
    p = Person.objects.create(
        name=key,
        municipality=municipality,
        member_status=MemberStatus.APPROVED if approved else MemberStatus.NONE,
        member_since=member_since,
        employer=employer,
        **fields,
    )
    Person.objects.filter(pk=p.pk).update(created_at=created)
    return p


def company(name, municipality, nace, *, created, member_since=None):
    c = Company.objects.create(
        name=name,
        municipality=municipality,
        nace=nace,
        member_status=MemberStatus.APPROVED if member_since else MemberStatus.NONE,
        member_since=member_since,
    )
    Company.objects.filter(pk=c.pk).update(created_at=created)
    return c


def need(title, *, created, status, published=None, posted_by="business", **fields):
    n = Need.objects.create(
        title=title, status=status, published_at=published, posted_by=posted_by, **fields
    )
    Need.objects.filter(pk=n.pk).update(created_at=created)
    n.refresh_from_db()
    return n


def answer(need_, person_, at, company_=None):
    a = Answer.objects.create(need=need_, person=person_, company=company_)
    Answer.objects.filter(pk=a.pk).update(created_at=at)
    return a


def event(slug, start, *, format="in_person", status="published", capacity=None):
    return Event.objects.create(
        title=slug, slug=slug, starts_at=start, ends_at=start + timedelta(hours=2),
        format=format, status=status, capacity=capacity,
        published_at=start - timedelta(days=30) if status != "draft" else None,
    )  # fmt: skip


def register(event_, *, user=None, email="", status="confirmed", attended=False, position=None):
    return Registration.objects.create(
        event=event_, user=user, name=user.name if user else email or "walk-in", email=email,
        status=status, attended_at=event_.starts_at if attended else None,
        waitlist_position=position, is_walk_in=not (user or email),
    )  # fmt: skip


@pytest.fixture
def known(taxonomy):
    return build_known()


def build_known() -> dict:
    """The hub in 2025, small enough to count by hand (needs the small taxonomy)."""
    web = Competence.objects.get(slug="nettbutikk")
    wordpress = Competence.objects.get(slug="wordpress")
    network = Competence.objects.get(slug="nettverk")
    data = Category.objects.create(slug="data", label_nb="Data", label_nn="Data", label_en="Data")
    ml = Competence.objects.create(
        slug="maskinlaering", category=data, label_nb="Maskinlæring", label_nn="Maskinlæring",
        label_en="Machine learning",
    )  # fmt: skip

    before = oslo(2024, 6, 1)
    c1 = company("Fjellkode AS", "gol", "62.010", created=before, member_since=oslo(2025, 2, 1))
    c2 = company("Gol kommune", "gol", "84.110", created=before, member_since=oslo(2025, 2, 1))
    company("Hallingdal vgs", "hol", "85.310", created=before, member_since=oslo(2025, 2, 1))
    CompanySkill.objects.create(company=c1, name="nettbutikk", competence=web)
    CompanySkill.objects.create(company=c1, name="ML", competence=ml)

    users = {
        key: user_create(email=f"{key}@example.org", password=PASSWORD, name=key.title(),
                         email_verified=True)
        for key in ("una", "ulf")
    }  # fmt: skip
    march = oslo(2025, 3, 15, 12)
    p1 = person("P1", "gol", created=oslo(2025, 1, 10), member_since=march, employer=c2,
                user=users["una"])  # fmt: skip
    p2 = person("P2", "gol", created=oslo(2025, 1, 10), member_since=march)
    p3 = person("P3", "gol", created=oslo(2025, 1, 10), member_since=march,
                skills_visibility="private")  # fmt: skip
    p4 = person("P4", "hol", created=before, member_since=oslo(2025, 4, 1))
    p5 = person("P5", "gol", created=oslo(2025, 6, 1), skills_visibility="members")
    # Half an hour before 2025 began in Oslo (still 2024 in Oslo, 22:30 UTC on 31 December).
    person("P6", "gol", created=before, member_since=oslo(2024, 12, 31, 23, 30))
    # Half an hour before 2025 ended in Oslo: inside; half an hour after: outside,
    # though both are 31 December in UTC.
    person("P7", "gol", created=before, member_since=oslo(2025, 12, 31, 23, 30))
    person("P8", "gol", created=before, member_since=oslo(2026, 1, 1, 0, 30))
    person("P9", "gol", created=oslo(2026, 1, 1, 0, 30))  # created after the period
    person("P10", "gol", created=before, is_listed=False)
    PersonSkill.objects.create(person=p1, name="nettbutikk", competence=web)
    PersonSkill.objects.create(person=p2, name="WordPress", competence=wordpress)
    PersonSkill.objects.create(person=p3, name="nettbutikk", competence=web)
    PersonSkill.objects.create(person=p4, name="wifi", competence=network)
    PersonSkill.objects.create(person=p5, name="nettbutikk", competence=web)

    # Needs: five submitted in 2025, one draft, one from 2024, one from 2026.
    jan = oslo(2025, 1, 20, 9)
    n1 = need("Nettbutikk", created=jan, status="filled", published=jan, filled_by_company=c1,
              outcome="helped")  # fmt: skip
    n2 = need("Nettbutikk 2", created=jan, status="dialogue", published=jan, posted_by="public")
    n3 = need("Nettbutikk 3", created=jan, status="closed", published=jan, close_reason="expired")
    n4 = need("Nettverk", created=jan, status="open", published=jan)
    need("Venter", created=jan, status="pending")
    need("Utkast", created=jan, status="draft")
    need("I fjor", created=oslo(2024, 12, 31, 23, 30), status="open", published=jan)
    need("Neste år", created=oslo(2026, 1, 1, 0, 30), status="open", published=jan)
    for n in (n1, n2, n3):
        n.competences.add(web)
    n4.competences.add(network)
    answer(n1, p1, jan + timedelta(hours=2), c1)
    a2 = answer(n2, p1, jan + timedelta(hours=4))
    answer(n2, p2, jan + timedelta(hours=30))
    answer(n3, p2, jan + timedelta(hours=10))
    Message.objects.create(answer=a2, from_poster=True, body="Takk!")

    # Events: two held in 2025, one cancelled, one in 2024, one just after 2025.
    e1 = event("e1", oslo(2025, 2, 10, 18), capacity=3)
    e2 = event("e2", oslo(2025, 5, 5, 18), format="online")
    event("e3", oslo(2025, 6, 1, 18), status="cancelled")
    e4 = event("e4", oslo(2024, 10, 1, 18))
    e5 = event("e5", oslo(2026, 1, 1, 0, 30))
    register(e1, user=users["una"], attended=True)
    register(e1, user=users["ulf"], attended=True)
    register(e1, email="gjest@example.org")
    register(e1, email="kø@example.org", status="waitlisted", position=1)
    register(e2, user=users["una"])
    register(e2, email="GJEST@example.org")
    register(e4, user=users["ulf"])
    register(e5, email="ny@example.org")
    return {"period": YEAR, "users": users}
