"""Beside the need form, the poster sees which competences the matching read in what
they wrote, named and implied (docs/matching.md, "What a need implies"), in their
language, so they can tell whether they were understood."""

import pytest

from klynge.competence.models import Competence
from klynge.needs import alerts, services
from klynge.needs.models import Need
from tests.needs.conftest import make_person, make_user
from tests.needs.test_views import browse, html

URL = "/behov/treff/"
NEW = "/behov/nytt/"
FARM_SHOP = {
    "title": "Hjemmeside for gårdsbutikken",
    "description": (
        "Vi vil at folk kan bestille kjøtt og egg, betale og få varene sendt hjem i posten."
    ),
}
POSTED = {
    **FARM_SHOP,
    "budget": "unknown",
    "posted_by": "business",
    "organisation": "Gardsbutikken",
    "audience": "public",
    "website": "",
}


@pytest.mark.django_db
class TestWhatWasRead:
    def test_the_named_competences_are_read_and_the_implied_offered_to_tick(self):
        page = html(browse(language="nb"), URL, data=FARM_SHOP)
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in page
        assert "Prøv å beskrive med andre ord" in page
        offered = page.split("Kanskje også?")[1].split("</fieldset>")[0]
        assert 'value="nettbutikk"' in offered and "Nettbutikk" in offered
        assert 'value="betaling-pa-nett"' in offered and "Betaling på nett" in offered
        assert 'value="nettside"' not in offered  # named already
        assert " checked" not in offered
        assert offered.count('type="checkbox"') <= 6
        # the boxes and the button beside them belong to the need form
        assert offered.count('form="need-form"') == offered.count('type="checkbox"') + 1

    @pytest.mark.parametrize(
        "language,named,also",
        [
            ("nn", "Vi forstår at du treng:", "Kanskje òg? Kryss av det du treng"),
            ("en", "We read that you need:", "Perhaps also? Tick what you need"),
        ],
    )
    def test_in_every_language(self, language, named, also):
        page = html(browse(language=language), URL, data=FARM_SHOP)
        assert named in page and also in page

    def test_what_was_ticked_stays_ticked_first_and_unknown_ones_are_dropped(self):
        data = {**FARM_SHOP, "chosen": ["sensorer", "no-such-thing", "nettbutikk"]}
        page = html(browse(language="nb"), URL, data=data)
        offered = page.split("Kanskje også?")[1].split("</fieldset>")[0]
        assert offered.index('value="sensorer"') < offered.index('value="nettbutikk"')
        assert offered.count(" checked") == 2 and "no-such-thing" not in offered
        assert offered.count('value="nettbutikk"') == 1

    def test_a_button_beside_the_boxes_updates_the_matches(self):
        """With htmx it asks for the live matches with the ticks; without, it previews."""
        offered = html(browse(language="nb"), URL, data=FARM_SHOP).split("Kanskje også?")[1]
        button = offered.split("</fieldset>")[0].split("<button")[1].split("</button>")[0]
        assert 'form="need-form" name="preview" value="1"' in button
        assert f'hx-get="{URL}"' in button and "[name=chosen]" in button
        assert ">Oppdater treffene" in button

    def test_ticks_are_kept_when_the_words_name_nothing_any_more(self):
        data = {"title": "Noe annet", "description": "", "chosen": ["sensorer"]}
        page = html(browse(language="nb"), URL, data=data)
        assert 'value="sensorer"' in page and " checked" in page
        assert "Vi forstår" not in page

    def test_a_need_naming_nothing_says_nothing_was_read(self):
        page = html(
            browse(language="nb"),
            URL,
            data={"title": "Rørlegger til badet", "description": "Det lekker under vasken."},
        )
        assert "Vi forstår" not in page and "Kanskje også" not in page

    def test_an_empty_form_reads_nothing(self):
        page = html(browse(language="nb"), URL, data={"title": "", "description": ""})
        assert "Vi forstår" not in page and "Kanskje også?" not in page

    def test_an_emptied_form_keeps_the_ticks(self):
        data = {"title": "", "description": " ", "chosen": ["sensorer"]}
        page = html(browse(language="nb"), URL, data=data)
        assert 'id="chosen-sensorer" form="need-form" checked' in page

    def test_at_most_four_named_competences_are_listed(self):
        text = "Nettside, nettbutikk, Vipps, nyhetsbrev, regnskap og wifi på kontoret."
        page = html(browse(language="nb"), URL, data={"title": text})
        named = page.split("<strong>")[1].split("</strong>")[0]
        assert named.count(",") == 3  # four names

    def test_without_javascript_the_preview_shows_what_was_read(self, poster):
        """The "Forhåndsvis" button posts the form and fills the same place as the live matches."""
        page = browse(poster, language="nb").post(NEW, {**POSTED, "preview": "1"}).content.decode()
        assert 'id="need-form"' in page
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in page
        assert 'value="nettbutikk"' in page.split("Kanskje også?")[1].split("</fieldset>")[0]
        assert not Need.objects.exists()

    def test_a_form_with_an_error_keeps_the_ticks(self, poster):
        form = {**POSTED, "title": "", "chosen": ["sensorer"], "publish": "1"}
        page = browse(poster, language="nb").post(NEW, form).content.decode()
        assert 'class="errorlist' in page and not Need.objects.exists()
        assert 'id="chosen-sensorer" form="need-form" checked' in page


@pytest.mark.django_db
class TestPostingTicks:
    def test_the_ticked_competences_are_kept_with_the_need(self, poster):
        form = {**POSTED, "chosen": ["nettbutikk", "sensorer"], "publish": "1"}
        assert browse(poster).post(NEW, form).status_code == 302
        need = Need.objects.get()
        assert sorted(c.slug for c in need.chosen.all()) == ["nettbutikk", "sensorer"]
        # with what its words name, they are the need's competences (alerts, insights)
        assert {"nettside", "nettbutikk", "sensorer"} <= {c.slug for c in need.competences.all()}

    def test_an_unknown_competence_is_refused_and_nothing_is_saved(self, poster):
        form = {**POSTED, "chosen": ["no-such-thing"], "publish": "1"}
        page = browse(poster, language="nb").post(NEW, form).content.decode()
        assert "no-such-thing" in page.split('id="chosen-errors"')[1].split("</div>")[0]
        assert not Need.objects.exists()

    def test_at_most_ten(self, poster):
        slugs = list(Competence.objects.values_list("slug", flat=True)[:11])
        form = {**POSTED, "chosen": slugs, "publish": "1"}
        page = browse(poster, language="nb").post(NEW, form).content.decode()
        assert "Kryss av for høyst 10 kompetanser." in page
        assert not Need.objects.exists()

    def test_an_edit_keeps_the_ticks(self, poster):
        form = {**POSTED, "chosen": ["sensorer"], "publish": "1"}
        browse(poster).post(NEW, form)
        need = Need.objects.get()
        edit = {**POSTED, "title": "Nettside for gårdsbutikken vår"}
        assert browse(poster).post(f"/behov/{need.pk}/endre/", edit).status_code == 302
        assert [c.slug for c in need.chosen.all()] == ["sensorer"]
        assert "sensorer" in {c.slug for c in need.competences.all()}

    def test_the_need_page_finds_who_has_a_ticked_competence(self, poster, staff):
        sensor = make_user("sigurd@example.org", name="Sigurd Sensor")
        make_person(sensor, skills=["sensorer"], available_for_assignments=True)
        form = {**POSTED, "chosen": ["sensorer"], "publish": "1"}
        browse(poster).post(NEW, form)
        need = Need.objects.get()
        services.need_approve(need=need, by=staff)
        page = html(browse(poster), need.get_absolute_url())
        assert "Sigurd Sensor" in page
        assert [m.name for m in alerts.need_matches(need)] == ["Sigurd Sensor"]
