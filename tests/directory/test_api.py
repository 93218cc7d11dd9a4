from klynge.directory.models import MemberStatus, Visibility


class TestPeopleApi:
    def test_it_lists_with_filters_and_pagination(self, client, make_person):
        make_person(name="Anne", municipality="aal", skills=["WordPress"])
        make_person(name="Berit", municipality="gol", skills=["Python"])
        data = client.get("/api/v1/people", {"municipality": "gol"}).json()
        assert data["count"] == 1 and data["pages"] == 1
        assert data["results"][0]["name"] == "Berit"
        assert data["results"][0]["skills"] == [{"name": "Python", "level": 3}]

    def test_members_only_fields_are_null_for_visitors_and_shown_to_members(
        self, client, member, make_person
    ):
        person = make_person(
            name="Cato", contact_email="cato@example.org", contact_visibility=Visibility.MEMBERS
        )
        assert client.get(f"/api/v1/people/{person.pk}").json()["contact_email"] is None
        client.force_login(member)
        assert (
            client.get(f"/api/v1/people/{person.pk}").json()["contact_email"] == "cato@example.org"
        )

    def test_an_unlisted_person_is_404_with_the_error_shape(self, client, make_person):
        person = make_person(is_listed=False)
        response = client.get(f"/api/v1/people/{person.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such person in the directory."}

    def test_a_bad_filter_is_a_422(self, client):
        assert client.get("/api/v1/people", {"sort": "shoe-size"}).status_code == 422


class TestCompaniesApi:
    def test_it_lists_and_shows_companies(self, client, make_company):
        company = make_company(
            name="Fjellkode AS",
            org_number="923609016",
            municipality="aal",
            member_status=MemberStatus.APPROVED,
            member_since="2026-01-01T00:00Z",
        )
        listing = client.get("/api/v1/companies", {"members_only": True}).json()
        assert [c["name"] for c in listing["results"]] == ["Fjellkode AS"]
        detail = client.get(f"/api/v1/companies/{company.pk}").json()
        assert detail["org_number"] == "923609016" and detail["is_member"] is True
