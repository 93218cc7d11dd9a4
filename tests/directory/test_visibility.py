"""The whole matrix: every field group x every visibility x every kind of viewer,
on every path that shows a person (the view object, the page, the API, the list filter)."""

import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from klynge.accounts.services import user_create
from klynge.directory.models import Company, MemberStatus, Visibility
from klynge.directory.visibility import (
    Audience,
    IndexAudience,
    groups_in_index,
    index_audience,
    person_view,
    viewer_for,
)
from tests.conftest import PASSWORD

VIEWERS = ["visitor", "user", "member", "owner", "staff"]
# Who may see a group with each visibility.
ALLOWED = {
    Visibility.PUBLIC: {"visitor", "user", "member", "owner", "staff"},
    Visibility.MEMBERS: {"member", "owner", "staff"},
    Visibility.PRIVATE: {"owner"},
}
# A value in each field group that must appear, or not, in what is shown.
MARKERS = {
    "contact": "owner-secret@example.org",
    "employer": "Hemmeleg Arbeidsgjevar AS",
    "bio": "Kvasirs mjød og kode",
    "skills": "Quantumfrobnicator",
    "photo": "owner.jpg",  # the photo view serves it as /katalog/folk/<pk>/bilde/owner.jpg
}


@pytest.fixture
def people(db, user, member, staff):
    owner_user = user_create(email="owner@example.org", password=PASSWORD, email_verified=True)
    employer = Company.objects.create(name=MARKERS["employer"])
    return {"owner_user": owner_user, "employer": employer}


def make_owner(people, make_person, group, visibility):
    return make_person(
        name="Ola Owner",
        user=people["owner_user"],
        skills=[MARKERS["skills"]],
        contact_email=MARKERS["contact"],
        employer=people["employer"],
        headline="Headline " + MARKERS["bio"],
        bio=MARKERS["bio"],
        photo=MARKERS["photo"],
        municipality="gol",
        member_status=MemberStatus.APPROVED,
        **{f"{group}_visibility": visibility},
    )


def viewer_user(kind, people, request):
    return {
        "visitor": None,
        "user": request.getfixturevalue("user"),
        "member": request.getfixturevalue("member"),
        "owner": people["owner_user"],
        "staff": request.getfixturevalue("staff"),
    }[kind]


def shown_in_view(view, group) -> bool:
    return {
        "contact": view.contact_email == MARKERS["contact"],
        "employer": view.employer_name == MARKERS["employer"],
        "bio": view.bio == MARKERS["bio"],
        "skills": bool(view.skills) and view.skills[0].name == MARKERS["skills"],
        "photo": bool(view.photo_url) and MARKERS["photo"] in view.photo_url,
    }[group]


@pytest.mark.parametrize("group", list(MARKERS))
@pytest.mark.parametrize("visibility", list(ALLOWED))
@pytest.mark.parametrize("kind", VIEWERS)
def test_matrix(group, visibility, kind, people, make_person, client, request):
    owner = make_owner(people, make_person, group, visibility)
    user = viewer_user(kind, people, request)
    expected = kind in ALLOWED[visibility]
    from django.contrib.auth.models import AnonymousUser

    view = person_view(owner, viewer_for(user or AnonymousUser()))
    assert shown_in_view(view, group) is expected
    assert (group in view.hidden) is not expected

    if user is not None:
        client.force_login(user)
    page = client.get(reverse("directory:person", args=[owner.pk])).content.decode()
    assert (MARKERS[group] in page) is expected, "page"

    api = json.dumps(client.get(f"/api/v1/people/{owner.pk}").json(), ensure_ascii=False)
    assert (MARKERS[group] in api) is expected, "api"

    listing = client.get(reverse("directory:people")).content.decode()
    if group in ("skills", "photo"):
        assert (MARKERS[group] in listing) is expected, "list"
    if group == "skills":
        # The search index holds what each audience may see; private fields are in no
        # audience's index, so not even their owner finds themselves by them.
        searchable = visibility == Visibility.PUBLIC or (
            visibility == Visibility.MEMBERS and kind in {"member", "owner", "staff"}
        )
        found = client.get(reverse("directory:people"), {"q": "quantumfrobnicator"})
        assert ("Ola Owner" in found.content.decode()) is searchable, "hidden skills never match"
        api = client.get("/api/v1/search", {"q": "quantumfrobnicator"}).json()
        assert any(r["name"] == "Ola Owner" for r in api["results"]) is searchable, "search api"


def test_viewer_kinds(people, user, member, staff, make_person):
    from django.contrib.auth.models import AnonymousUser

    assert viewer_for(AnonymousUser()).audience is Audience.VISITOR
    assert viewer_for(user).audience is Audience.USER
    assert viewer_for(member).audience is Audience.MEMBER
    assert viewer_for(staff).audience is Audience.STAFF


def test_a_member_company_makes_its_confirmed_people_members(user, make_person, make_company):
    from klynge.directory.models import CompanyRole
    from klynge.directory.roles import is_member

    person = make_person(user=user)
    company = make_company(member_status=MemberStatus.APPROVED, member_since="2026-01-01T00:00Z")
    role = CompanyRole.objects.create(company=company, person=person)
    assert not is_member(user)  # pending
    role.status = CompanyRole.Status.CONFIRMED
    role.save()
    assert is_member(user)


@pytest.mark.parametrize("visibility", list(ALLOWED))
def test_the_index_holds_for_each_audience_what_its_readers_may_see(visibility):
    person = SimpleNamespace(bio_visibility=visibility, skills_visibility=Visibility.PUBLIC)
    public = groups_in_index(person, IndexAudience.PUBLIC, ["bio", "skills"])
    members = groups_in_index(person, IndexAudience.MEMBERS, ["bio", "skills"])
    assert ("bio" in public) is ("visitor" in ALLOWED[visibility])
    assert ("bio" in members) is ("member" in ALLOWED[visibility])
    assert "skills" in public and "skills" in members


def test_each_viewer_reads_one_index_audience(people, user, member, staff):
    from django.contrib.auth.models import AnonymousUser

    audiences = [index_audience(viewer_for(u)) for u in (AnonymousUser(), user, member, staff)]
    assert audiences == [IndexAudience.PUBLIC, IndexAudience.PUBLIC] + [IndexAudience.MEMBERS] * 2
