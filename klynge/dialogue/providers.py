"""Whom a buyer may invite to a meeting: the need's matches the page shows (above
the floor) that someone on the site reads email for, and the providers who
answered. The page and the service ask the same function."""

from __future__ import annotations

from dataclasses import dataclass

from klynge.directory.models import Company, Person
from klynge.directory.providers import worth_showing
from klynge.directory.roles import reachable
from klynge.directory.visibility import viewer_for
from klynge.needs.alerts import need_matches
from klynge.needs.models import Answer, Need


@dataclass(frozen=True)
class Candidate:
    kind: str  # "person" or "company"
    id: int
    name: str
    answered: bool

    @property
    def key(self) -> str:
        """The value of its checkbox: ``person:12``, ``company:3``."""
        return f"{self.kind}:{self.id}"


def candidates(need: Need, user) -> list[Candidate]:
    """Those who answered first, then the reachable matches, each provider once."""
    found: dict[tuple[str, int], Candidate] = {}
    answers = Answer.objects.active().filter(need=need).select_related("person", "company")
    for answer in answers:
        kind, pk = (
            ("company", answer.company_id) if answer.company_id else ("person", answer.person_id)
        )
        found.setdefault((kind, pk), Candidate(kind, pk, answer.provider_name, True))
    matches = worth_showing(need_matches(need, viewer=viewer_for(user)))
    reach = reachable(
        people=[m.id for m in matches if m.kind == "person"],
        companies=[m.id for m in matches if m.kind == "company"],
    )
    for match in matches:
        if (match.kind, match.id) in reach:
            found.setdefault(
                (match.kind, match.id), Candidate(match.kind, match.id, match.name, False)
            )
    return list(found.values())


def providers_of(chosen: list[Candidate]) -> list[Person | Company]:
    """The chosen candidates as directory objects, in the same order."""
    people = Person.objects.select_related("user").in_bulk(
        [c.id for c in chosen if c.kind == "person"]
    )
    companies = Company.objects.in_bulk([c.id for c in chosen if c.kind == "company"])
    return [(people if c.kind == "person" else companies)[c.id] for c in chosen]
