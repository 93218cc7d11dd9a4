"""The directory's part of the newsletter: new members, people and companies.

Only what a visitor may see goes in (the newsletter reaches people who are not
signed in): listed profiles, through ``visibility.person_view`` for the headline.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from klynge.core.digest import DigestItem, DigestSection
from klynge.directory.models import Company, Person
from klynge.directory.visibility import ANONYMOUS, person_view

LIMIT = 20


def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    window = {"member_since__gte": since, "member_since__lt": until}
    people = (
        Person.objects.listed()
        .members()
        .filter(**window)
        .select_related("employer")
        .order_by("member_since", "id")[:LIMIT]
    )
    companies = Company.objects.listed().members().filter(**window).order_by("member_since", "id")
    members = []
    for person in people:
        view = person_view(person, ANONYMOUS)
        members.append(
            DigestItem(
                key=f"person:{person.pk}",
                title=view.name,
                path=view.url,
                summary=view.headline or "",
                when=person.member_since,
            )  # fmt: skip
        )
    return [
        DigestSection(key="members", title=_("New members"), items=members, order=10),
        DigestSection(
            key="companies",
            title=_("New member companies"),
            items=[
                DigestItem(
                    key=f"company:{c.pk}",
                    title=c.name,
                    path=c.get_absolute_url(),
                    summary=_first_line(c.description),
                    when=c.member_since,
                )
                for c in companies[:LIMIT]
            ],
            order=20,
        ),
    ]


def _first_line(text: str) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line[:200]
