"""Every team page, for each kind of reader: a fixed number of queries, the same for a
team of one member and one message as for a team of five members (a hidden one among
them), four more teams and twenty messages. A page that asks once per member, message
or team fails here (as tests/core/test_query_budgets.py does for the other pages)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.directory.models import CompanyRole, Person
from klynge.needs import services as need_services
from klynge.needs.models import Need
from klynge.teams import services
from klynge.teams.models import Member, Team, TeamMessage
from tests.core.test_query_budgets import queries
from tests.needs.conftest import make_person, make_user
from tests.teams import forming
from tests.teams.conftest import make_company

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden,
)  # fmt: skip

pytestmark = pytest.mark.django_db

# The most queries each page may make for each reader, as measured (SQLite and
# PostgreSQL alike). Every signed-in page pays 3 before its own reads: the session, the
# user, the user's profile (the menu). A budget grows only with a reason written here.
BUDGETS = {
    # The team with its need; its members, once (views._team prefetches them for the
    # rules and the page alike) with their people and companies; the messages.
    ("team", "poster"): 6,
    # +5 for a member: the companies she administers, asked by each rule in turn (may
    # she see the team, write, read, invite; which members are hers). Not per row.
    ("team", "member"): 11,
    ("team", "invitee"): 10,  # the same questions; no thread, the form to answer instead
    ("team", "staff"): 6,  # staff read every thread and see every member
    # A member's search for providers to invite: the directory's search (its documents,
    # their people and companies, the viewer's audience); the team's members are at hand.
    ("search", "member"): 16,
    # The need's page (its own budget, with the demo's rows, is in
    # tests/core/test_query_budgets.py): the teams' panel asks for the need's teams
    # once, members prefetched, whatever the number of teams and members.
    ("need", "poster"): 26,
    ("need", "member"): 26,
    ("need", "invitee"): 27,
    # The reader's companies, then her memberships with their teams and needs.
    ("invitations", "member"): 6,
    ("invitations", "invitee"): 6,
    # Every team with its need, members prefetched with their people and companies,
    # and the count by status.
    ("staff", "staff"): 8,
    # The start form: the need, may she answer it (verified email, member companies).
    ("start", "member"): 7,
    # From a proposal's button: +2 for the proposed people and companies, one query
    # each however many the proposal holds (services.providers_from_keys).
    ("proposal", "member"): 9,
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def readers(need, poster, provider, company_admin, company, staff):
    """Per started a team answer (one member, one message) and invited Fjellkode AS; a
    person and a company outside the team make websites (a search for them finds both kinds)."""
    make_person(make_user("nina@example.org", name="Nina Nettside"), skills=["nettside"])
    make_company("Nettstova AS", skills=["nettside"])
    services.team_start(need=need, by=provider, message="Vi kan gjere dette saman.")
    team = Team.objects.get()
    Member.objects.create(team=team, company=company, part="Betaling", invited_by=provider)
    return {
        "team": team,
        "poster": client_for(poster),
        "member": client_for(provider),
        "invitee": client_for(company_admin),
        "staff": client_for(staff),
    }


def grow(team: Team, *, by, hidden) -> None:
    """Four more members of the team (a listed person, the hidden one, a company, one
    invited), nineteen more messages, four more teams answering the need, and Per in
    teams answering three more needs."""
    need, now = team.need, timezone.now()
    kari = make_person(make_user("kari@example.org", name="Kari Nettside"), skills=["nettside"])
    vevstova = make_company("Vevstova AS", skills=["nettside"], employees=2)
    vera = make_person(make_user("vera@vevstova.example", name="Vera Vev"))
    CompanyRole.objects.create(
        company=vevstova, person=vera, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    lars = make_person(make_user("lars@example.org", name="Lars Later"))
    members = [
        Member.objects.create(team=team, person=kari, status=Member.Status.ACCEPTED),
        Member.objects.create(
            team=team,
            person=Person.objects.get(user=hidden),
            status=Member.Status.ACCEPTED,
            part="Design",
        ),  # fmt: skip
        Member.objects.create(team=team, company=vevstova, status=Member.Status.ACCEPTED),
        Member.objects.create(team=team, person=lars, invited_by=by),
    ]
    for i in range(19):
        author = members[i % 3]
        TeamMessage.objects.create(
            team=team, author=author.person.user if author.person else vera.user,
            member=author, body=f"Melding {i} med **litt** tekst.",
        )  # fmt: skip
    for i in range(4):
        other = make_person(make_user(f"lag{i}@example.org", name=f"Lag {i}"))
        firm = make_company(f"Lagfirma {i} AS", skills=["nettbutikk"])
        more = Team.objects.create(need=need, started_by=other.user, last_message_at=now)
        Member.objects.create(team=more, person=other, status=Member.Status.ACCEPTED)
        Member.objects.create(team=more, company=firm, status=Member.Status.ACCEPTED)
        TeamMessage.objects.create(team=more, author=other.user, body="Hei")
    per = Person.objects.get(user=by)
    for i in range(3):
        elsewhere = need_services.need_create(
            poster=need.poster, **{**forming.SHOP_NEED, "title": f"Nettbutikk nr. {i}"}
        )
        Need.objects.filter(pk=elsewhere.pk).update(status=Need.Status.OPEN, published_at=now)
        there = Team.objects.create(need=elsewhere, started_by=by, last_message_at=now)
        Member.objects.create(
            team=there, person=per, status=Member.Status.ACCEPTED if i else Member.Status.INVITED
        )


def pages(team: Team) -> dict[str, str]:
    need = team.need
    return {
        "team": team.get_absolute_url(),
        "search": f"{team.get_absolute_url()}?q=nettside",
        "need": need.get_absolute_url(),
        "invitations": "/behov/lag/invitasjoner/",
        "staff": "/behov/lag/oversikt/",
        "start": f"/behov/{need.pk}/lag/",
    }


def measure(readers, proposed: list[str]) -> dict[tuple[str, str], int]:
    urls = pages(readers["team"])
    counts = {
        (page, who): queries(readers[who], urls[page])
        for page, who in BUDGETS
        if page != "proposal"
    }
    counts["proposal", "member"] = proposal_queries(readers["member"], urls["start"], proposed)
    return counts


def proposal_queries(client, url: str, proposed: list[str]) -> int:
    data = {"member": proposed, **{f"part-{key}": "Ein del" for key in proposed}}
    client.post(url, data)
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)
    assert response.status_code == 200
    assert response.text.count('name="part-') == len(proposed), "every proposed member shows"
    # As queries() does, less the rate limit's own store (Redis in production).
    cache_backend = ("klynge_cache", "klynge_ratelimit", "SAVEPOINT")
    own = [q for q in context.captured_queries if not any(c in q["sql"] for c in cache_backend)]
    return len(own)


def test_team_pages_cost_the_same_with_more_members_messages_and_teams(
    readers, provider, hidden, company
):
    team = readers["team"]
    ada = Person.objects.get(name="Ada Admin")
    proposed = [f"company:{company.pk}", f"person:{ada.pk}"]
    before = measure(readers, proposed)
    grow(team, by=provider, hidden=hidden)
    listed = Person.objects.filter(name__in=["Kari Nettside", "Vera Vev", "Lars Later"])
    proposed += [f"person:{p.pk}" for p in listed]
    after = measure(readers, proposed)
    changed = {key: (before[key], after[key]) for key in after if after[key] != before[key]}
    assert not changed, f"a page asks once per row (before, after): {changed}"
    over = {key: (n, BUDGETS[key]) for key, n in after.items() if n > BUDGETS[key]}
    assert not over, f"over budget (queries, budget): {over}"


def test_the_grown_pages_show_what_they_count(readers, provider, hidden, poster, staff):
    """The measured pages draw every row they were measured with (the hidden member as
    "A provider"), so a constant count is not an empty page."""
    team = readers["team"]
    grow(team, by=provider, hidden=hidden)
    readers["poster"].cookies["django_language"] = "en"
    page = readers["poster"].get(team.get_absolute_url()).text
    assert page.count('class="card') == 20 and "Melding 18 med <strong>litt</strong>" in page
    assert "Kari Nettside" in page and "Vevstova AS" in page and "Lars Later" in page
    assert "Hilde" not in page and "A provider" in page
    need_page = readers["poster"].get(team.need.get_absolute_url()).text
    assert need_page.count("A team of ") == 5
    mine = readers["member"].get("/behov/lag/invitasjoner/").text
    assert mine.count("Nettbutikk nr. ") == 3
    staff_page = readers["staff"].get("/behov/lag/oversikt/").text
    assert staff_page.count("Lagfirma ") == 4 and "Hilde Hidden" in staff_page
