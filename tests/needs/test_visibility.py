"""Who sees a need, on every path (the list, the page, the API), and who sees a thread.

One row per persona and state. ``rules.can_view`` (``Need.objects.visible_to``)
decides; each path must agree with it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from klynge.directory.models import Company, CompanyRole
from klynge.needs import services
from klynge.needs.models import Answer, Need
from tests.needs.conftest import SHOP_NEED, make_person, make_user

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "user", "member", "staff", "poster", "answerer"]
STATES = ["draft", "pending", "open", "members", "filled", "closed", "declined"]
ACCEPTING = {"open", "members"}
PUBLIC = {"open", "filled", "closed"}


def sees(persona: str, state: str) -> bool:
    if persona in ("staff", "poster"):
        return True
    if state in PUBLIC:
        return True
    if state == "members":
        return persona in ("member", "answerer")  # the answerer answered before it was restricted
    return False  # draft, pending, declined: nobody else


def matrix():
    for state in STATES:
        for persona in PERSONAS:
            yield pytest.param(persona, state, id=f"{persona}-{state}")


def client_for(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(poster, provider, member, staff, user):
    return {
        "visitor": None,
        "user": user,
        "member": member,
        "staff": staff,
        "poster": poster,
        "answerer": provider,
    }


def need_in(state: str, *, poster, answerer, staff) -> Need:
    """A need from a first-time poster, brought to ``state`` through the services."""
    need = services.need_create(poster=poster, publish=state != "draft", **SHOP_NEED)
    if state in ("draft", "pending"):
        return need
    if state == "declined":
        return services.need_decline(need=need, by=staff, reason="Reklame")
    services.need_approve(need=need, by=staff)
    services.answer_create(need=need, by=answerer, message="Eg lagar nettbutikkar.")
    need.refresh_from_db()  # answering moved it on with an UPDATE
    if state == "members":
        services.need_update(need=need, by=poster, audience=Need.Audience.MEMBERS)
    elif state == "filled":
        services.need_fill(need=need, by=poster)
    elif state == "closed":
        services.need_close(need=need, by=poster, reason=Need.CloseReason.SOLVED_ELSEWHERE)
    need.refresh_from_db()
    return need


@pytest.mark.parametrize("persona, state", list(matrix()))
def test_who_sees_a_need_on_every_path(people, persona, state):
    need = need_in(
        state, poster=people["poster"], answerer=people["answerer"], staff=people["staff"]
    )
    assert need.status == {
        "open": "dialogue",
        "members": "dialogue",
        "declined": "closed",
    }.get(state, state)
    client = client_for(people[persona])
    visible = sees(persona, state)

    page = client.get(need.get_absolute_url())
    assert page.status_code == (200 if visible else 404)
    assert (need.title in page.content.decode()) is visible

    detail = client.get(f"/api/v1/needs/{need.pk}")
    assert detail.status_code == (200 if visible else 404)
    assert (detail.json().get("title") == need.title) is visible

    # The lists hold only needs that take answers.
    listed = visible and state in ACCEPTING
    html = client.get("/behov/").content.decode()
    assert (need.get_absolute_url() in html) is listed
    assert (need.pk in [n["id"] for n in client.get("/api/v1/needs").json()]) is listed


def test_a_member_through_a_member_company_sees_members_only_needs(make_need, poster, taxonomy):
    from klynge.directory.models import MemberStatus

    need = make_need(poster, audience="members")
    employee = make_user("employee@example.org", name="Erik Employee")
    company = Company.objects.create(
        name="Medlem AS", member_status=MemberStatus.APPROVED, member_since=timezone.now()
    )
    CompanyRole.objects.create(
        company=company, person=make_person(employee), status=CompanyRole.Status.CONFIRMED
    )
    client = client_for(employee)
    assert client.get(need.get_absolute_url()).status_code == 200
    assert need.pk in [n["id"] for n in client.get("/api/v1/needs").json()]


# Threads


@pytest.fixture
def threads(need, poster, provider, company_admin, stranger, staff):
    """A personal answer and a company answer, with everyone who may or may not read them."""
    company = Company.objects.get(name="Fjellkode AS")
    co_admin = make_user("co-admin@fjellkode.example", name="Cato Coadmin")
    CompanyRole.objects.create(
        company=company,
        person=make_person(co_admin),
        is_admin=True,
        status=CompanyRole.Status.CONFIRMED,
    )
    unconfirmed = make_user("new-admin@fjellkode.example", name="Nils Nyadmin")
    CompanyRole.objects.create(
        company=company,
        person=make_person(unconfirmed),
        is_admin=True,
        status=CompanyRole.Status.PENDING,
    )
    employee = make_user("employee@fjellkode.example", name="Tone Tilsett")
    CompanyRole.objects.create(
        company=company, person=make_person(employee), status=CompanyRole.Status.CONFIRMED
    )
    answers = {
        "personal": services.answer_create(need=need, by=provider, message="Personleg svar"),
        "company": services.answer_create(
            need=need, by=company_admin, message="Svar frå firmaet", company=company
        ),
    }
    people = {
        "poster": poster,
        "provider": provider,
        "company_admin": company_admin,
        "co_admin": co_admin,
        "unconfirmed_admin": unconfirmed,
        "employee": employee,
        "staff": staff,
        "stranger": stranger,
        "visitor": None,
    }
    return answers, people


THREAD_READERS = {
    "personal": {"poster", "provider", "staff"},
    "company": {"poster", "company_admin", "co_admin", "staff"},
}


@pytest.mark.parametrize("kind", ["personal", "company"])
@pytest.mark.parametrize(
    "persona",
    [
        "poster",
        "provider",
        "company_admin",
        "co_admin",
        "unconfirmed_admin",
        "employee",
        "staff",
        "stranger",
        "visitor",
    ],
)
def test_who_sees_a_thread(threads, kind, persona):
    answers, people = threads
    answer: Answer = answers[kind]
    body = answer.messages.get().body
    response = client_for(people[persona]).get(answer.get_absolute_url())
    if persona in THREAD_READERS[kind]:
        assert response.status_code == 200
        assert body in response.content.decode()
    elif persona == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/")
    else:
        assert response.status_code == 403
        assert body not in response.content.decode()


def test_the_need_page_lists_answers_only_for_the_poster_and_staff(threads, need):
    answers, people = threads
    for persona in ("poster", "staff", "provider", "co_admin", "stranger", "visitor"):
        html = client_for(people[persona]).get(need.get_absolute_url()).content.decode()
        shown = answers["company"].get_absolute_url() in html
        assert shown is (persona in ("poster", "staff")), persona
        assert ("Svar frå firmaet" in html) is (persona in ("poster", "staff")), persona
