"""The company list's text search keeps what the competence search found out."""

import pytest
from django.urls import reverse

URL = reverse("directory:companies")


@pytest.fixture
def shops(taxonomy, make_company):
    make_company(
        name="Fjellkode AS",
        municipality="aal",
        description="Vi lagar nettbutikkar.",
        services=["Nettbutikk", "WordPress"],
    )
    make_company(name="Dalen Regnskap AS", municipality="gol", description="Rekneskap og lønn.")


class TestCompanySearch:
    def test_it_shows_why_a_company_matched(self, client, shops):
        client.cookies["django_language"] = "en"
        html = client.get(URL, {"q": "nettbutikk"}).content.decode()
        assert "Fjellkode AS" in html and "Dalen Regnskap AS" not in html
        assert "Matched:" in html

    def test_a_near_miss_gets_did_you_mean(self, client, shops):
        client.cookies["django_language"] = "en"
        html = client.get(URL, {"q": "wordpres"}).content.decode()
        assert "Did you mean" in html and "WordPress" in html

    def test_htmx_results_keep_the_reasons(self, client, shops):
        client.cookies["django_language"] = "en"
        response = client.get(URL, {"q": "nettbutikk"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "<html" not in html and "Matched:" in html
