"""Beside the need form, the poster sees which competences the matching read in what
they wrote, named and implied (docs/matching.md, "What a need implies"), in their
language, so they can tell whether they were understood."""

import pytest

from tests.needs.test_views import browse, html

URL = "/behov/treff/"
FARM_SHOP = {
    "title": "Hjemmeside for gårdsbutikken",
    "description": (
        "Vi vil at folk kan bestille kjøtt og egg, betale og få varene sendt hjem i posten."
    ),
}


@pytest.mark.django_db
class TestWhatWasRead:
    def test_the_named_and_the_implied_competences_are_shown_by_name(self):
        page = html(browse(language="nb"), URL, data=FARM_SHOP)
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in page
        implied = page.split("Kanskje også:")[1].split(".")[0]
        assert "Nettbutikk" in implied and "Betaling på nett" in implied
        assert "Prøv å beskrive med andre ord" in page

    @pytest.mark.parametrize(
        "language,named,also",
        [
            ("nn", "Vi forstår at du treng:", "Kanskje òg:"),
            ("en", "We read that you need:", "Perhaps also:"),
        ],
    )
    def test_in_every_language(self, language, named, also):
        page = html(browse(language=language), URL, data=FARM_SHOP)
        assert named in page and also in page

    def test_a_need_naming_nothing_says_nothing_was_read(self):
        page = html(
            browse(language="nb"),
            URL,
            data={"title": "Rørlegger til badet", "description": "Det lekker under vasken."},
        )
        assert "Vi forstår" not in page and "Kanskje også" not in page

    def test_an_empty_form_reads_nothing(self):
        page = html(browse(language="nb"), URL, data={"title": "", "description": ""})
        assert "Vi forstår" not in page

    def test_at_most_four_named_competences_are_listed(self):
        text = "Nettside, nettbutikk, Vipps, nyhetsbrev, regnskap og wifi på kontoret."
        page = html(browse(language="nb"), URL, data={"title": text})
        named = page.split("<strong>")[1].split("</strong>")[0]
        assert named.count(",") == 3  # four names

    def test_without_javascript_the_preview_shows_what_was_read(self, poster):
        """The "Forhåndsvis" button posts the form and fills the same place as the live matches."""
        form = {**FARM_SHOP, "budget": "unknown", "posted_by": "business", "preview": "1"}
        form |= {"organisation": "Gardsbutikken", "audience": "public", "website": ""}
        page = browse(poster, language="nb").post("/behov/nytt/", form).content.decode()
        assert 'id="need-form"' in page
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in page
        assert "Nettbutikk" in page.split("Kanskje også:")[1].split(".")[0]
