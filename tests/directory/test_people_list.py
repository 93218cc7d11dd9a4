import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.directory.models import MemberStatus

URL = reverse("directory:people")


@pytest.fixture
def valley(make_person):
    make_person(
        name="Anne Ål", municipality="aal", skills=["WordPress"], available_for_assignments=True
    )
    make_person(
        name="Gunnar Gol",
        municipality="gol",
        skills=["Python"],
        remote_worker=True,
        member_status=MemberStatus.APPROVED,
    )
    make_person(name="Hilde Hol", municipality="hol", skills=["Python", "Azure"])
    make_person(name="Skjult Person", municipality="gol", is_listed=False)


def names(response) -> list[str]:
    return re.findall(r'class="profile-name"><a [^>]*>([^<]+)</a>', response.content.decode())


class TestPeopleList:
    def test_it_lists_listed_people_by_name(self, client, valley):
        assert names(client.get(URL)) == ["Anne Ål", "Gunnar Gol", "Hilde Hol"]

    @pytest.mark.parametrize(
        "query,expected",
        [
            ({"kommune": "gol"}, ["Gunnar Gol"]),
            ({"q": "python"}, ["Gunnar Gol", "Hilde Hol"]),
            ({"q": "hilde"}, ["Hilde Hol"]),
            ({"tilgjengeleg": "on"}, ["Anne Ål"]),
            ({"fjernarbeidar": "on"}, ["Gunnar Gol"]),
            ({"medlem": "on"}, ["Gunnar Gol"]),
            ({"q": "python", "kommune": "hol"}, ["Hilde Hol"]),
            ({"sorter": "municipality"}, ["Anne Ål", "Gunnar Gol", "Hilde Hol"]),
        ],
    )
    def test_each_filter_has_its_own_url(self, client, valley, query, expected):
        assert names(client.get(URL, query)) == expected

    def test_an_invalid_filter_value_is_ignored_not_an_error(self, client, valley):
        response = client.get(URL, {"kommune": "oslo"})
        assert response.status_code == 200
        assert len(names(response)) == 3

    def test_htmx_gets_only_the_results(self, client, valley):
        response = client.get(URL, {"kommune": "gol"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "<html" not in html and names(response) == ["Gunnar Gol"]
        assert "HX-Request" in response["Vary"]

    def test_a_history_restore_gets_the_whole_page(self, client, valley):
        response = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
        assert "<html" in response.content.decode()

    def test_it_paginates_and_keeps_the_filters_in_the_links(self, client, make_person):
        for i in range(30):
            make_person(name=f"Person {i:02}", municipality="gol")
        first = client.get(URL, {"kommune": "gol"})
        assert len(names(first)) == 24
        assert "?kommune=gol&amp;side=2" in first.content.decode()
        assert len(names(client.get(URL, {"kommune": "gol", "side": 2}))) == 6

    def test_it_uses_a_fixed_number_of_queries(self, client, make_person, member):
        for i in range(30):
            make_person(name=f"Person {i:02}", skills=["Python", "Go"])
        client.force_login(member)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        assert 3 <= len(queries) <= 10, [q["sql"] for q in queries]


class TestPersonPage:
    def test_it_has_schema_org_and_open_graph(self, client, make_person):
        person = make_person(
            name="Kari Haugen", headline="Frontend-utviklar", skills=["React"], municipality="gol"
        )
        html = client.get(reverse("directory:person", args=[person.pk])).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
        assert data["@type"] == "Person" and data["name"] == "Kari Haugen"
        assert data["knowsAbout"] == ["React"]
        assert data["homeLocation"]["name"] == "Gol"
        assert '<meta property="og:title" content="Kari Haugen">' in html

    def test_an_unlisted_person_is_hidden_except_from_themselves(self, client, user, make_person):
        person = make_person(user=user, is_listed=False)
        url = reverse("directory:person", args=[person.pk])
        assert client.get(url).status_code == 404
        client.force_login(user)
        assert client.get(url).status_code == 200

    def test_markdown_in_the_bio_is_sanitised(self, client, make_person):
        person = make_person(bio="**Hei** <script>alert(1)</script> [x](javascript:alert(1))")
        html = client.get(reverse("directory:person", args=[person.pk])).content.decode()
        assert "<strong>Hei</strong>" in html
        assert "<script>alert" not in html and "javascript:" not in html


class TestCategoryFilter:
    def test_it_keeps_people_with_a_visible_skill_in_the_area(self, client, taxonomy, make_person):
        from klynge.directory.documents import remap_skills
        from klynge.directory.models import PersonSkill

        make_person(name="Wenche Web", skills=["WordPress"])
        make_person(name="Skjult Web", skills=["WordPress"], skills_visibility="members")
        make_person(name="Nils Ness", skills=["wifi"])
        remap_skills(PersonSkill)
        assert names(client.get(URL, {"kategori": "web"})) == ["Wenche Web"]
        assert names(client.get(URL, {"kategori": "drift"})) == ["Nils Ness"]
        api = client.get("/api/v1/people", {"category": "web"}).json()
        assert [p["name"] for p in api["results"]] == ["Wenche Web"]
