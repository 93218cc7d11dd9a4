"""One company invited to several teams answering the same need, its admin accepting
all of them at the same moment on separate database connections: it joins exactly one
team, and only that team's inviter is told. Runs on SQLite (a file copy) and on
PostgreSQL, where the team row's lock takes its need row with it."""

from __future__ import annotations

import pytest
from django.utils import translation

from klynge.core.errors import Conflict
from klynge.teams import services
from klynge.teams.models import Member
from tests.conftest import run_tasks
from tests.needs.conftest import make_person, make_user
from tests.needs.test_concurrency import N, at_once
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
)  # fmt: skip


@pytest.fixture
def invitations(transactional_db, need, company, taxonomy):
    """N freelancers each start a team answer and invite Fjellkode AS."""
    for i in range(N):
        starter = make_user(f"frilans{i}@example.org", name=f"Frilans {i}")
        make_person(starter, skills=["nettbutikk"])
        services.team_start(need=need, by=starter, message="Saman?", invite=[(company, "Betaling")])
    run_tasks()  # the invitations and the poster's emails
    return list(Member.objects.filter(company=company).select_related("team__need", "company"))


def test_accepting_every_invitation_at_once_joins_one_team(
    database, invitations, company, company_admin
):
    pending = list(invitations)

    def accept():
        with translation.override("en"):  # each thread starts in the site's language
            return services.member_answer(member=pending.pop(), by=company_admin, accept=True)

    results, errors = at_once(database, accept)
    assert len(results) == 1, errors
    assert len(errors) == N - 1 and all(isinstance(e, Conflict) for e in errors), errors
    assert all("already in a team" in str(e) for e in errors)
    [joined] = Member.objects.filter(company=company, status=Member.Status.ACCEPTED)
    assert joined.pk == results[0].pk
    assert Member.objects.filter(company=company, status=Member.Status.INVITED).count() == N - 1
    sent = run_tasks()
    assert [m.to for m in sent] == [[joined.team.started_by.email]]  # one "joined" email
