"""The find-help page says what it read and offers the competences the words
missed to tick, as the need form does (docs/matching.md, "The poster ticks"); a
tick changes who is found, and "Post the need" carries the ticks into the need
form, where the boxes stand ticked beside the matches."""

import re
from html import unescape

import pytest

from klynge.needs.models import Need
from tests.needs.conftest import make_person, make_user, poster  # noqa: F401 (a fixture)
from tests.needs.test_views import browse, html

URL = "/finn-hjelp/"
FARM_SHOP = (
    "Vi vil ha en hjemmeside der folk kan bestille kjøtt og egg, betale og få varene sendt hjem."
)


def offered(page: str) -> str:
    """The fieldset of boxes to tick."""
    return page.split('<fieldset class="choose-competences">')[1].split("</fieldset>")[0]


def post_link(page: str) -> str:
    return unescape(re.search(r'href="(/behov/nytt/\?[^"]+)"', page)[1])


@pytest.fixture
def sensor_maker(db):
    """Found by the competence "sensorer" alone: the farm shop's words never name it."""
    user = make_user("sigurd@example.org", name="Sigurd Sensor")
    return make_person(user, skills=["sensorer"], available_for_assignments=True)


@pytest.mark.django_db
class TestWhatWasReadAndTicked:
    def test_the_page_says_what_it_read_and_offers_what_the_words_missed(self):
        page = html(browse(language="nb"), URL, data={"beskriving": FARM_SHOP})
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in page
        boxes = offered(page)
        assert "Kanskje også? Kryss av det du trenger:" in boxes
        assert 'value="nettbutikk"' in boxes and "Nettbutikk" in boxes
        assert 'value="nettside"' not in boxes  # named already
        assert " checked" not in boxes
        # the boxes belong to the search form, so a plain GET carries them
        assert boxes.count('form="find-help-form"') == boxes.count('type="checkbox"') + 1
        assert 'id="find-help-form"' in page

    @pytest.mark.parametrize(
        "language,named,also,again",
        [
            ("nn", "Vi forstår at du treng:", "Kanskje òg? Kryss av det du treng:",
             "Oppdater treffa"),
            ("en", "We read that you need:", "Perhaps also? Tick what you need:",
             "Update the matches"),
        ],
    )  # fmt: skip
    def test_in_every_language(self, language, named, also, again):
        page = html(browse(language=language), URL, data={"beskriving": FARM_SHOP})
        assert named in page and also in page and again in page

    def test_a_tick_finds_who_the_words_alone_do_not(self, sensor_maker):
        client = browse(language="nb")
        words = html(client, URL, data={"beskriving": FARM_SHOP})
        assert "Sigurd Sensor" not in words
        ticked = html(client, URL, data={"beskriving": FARM_SHOP, "kompetanse": "sensorer"})
        assert "Sigurd Sensor" in ticked.split("Disse kan hjelpe")[1]
        assert 'id="kompetanse-sensorer" form="find-help-form" checked' in ticked

    def test_ticks_come_first_once_each_and_unknown_ones_are_dropped(self):
        ticked = ["sensorer", "no-such", "nettbutikk", "sensorer"]
        query = {"beskriving": FARM_SHOP, "kompetanse": ticked}
        boxes = offered(html(browse(language="nb"), URL, data=query))
        assert boxes.index('value="sensorer"') < boxes.index('value="nettbutikk"')
        assert boxes.count('value="sensorer"') == 1 and boxes.count(" checked") == 2
        assert "no-such" not in boxes

    def test_at_most_ten_ticks_count_and_more_is_no_error(self):
        from klynge.competence.models import Competence

        slugs = list(Competence.objects.order_by("slug").values_list("slug", flat=True)[:12])
        page = html(browse(language="nb"), URL, data={"beskriving": FARM_SHOP, "kompetanse": slugs})
        assert offered(page).count(" checked") == 10
        assert f'value="{slugs[10]}"' not in offered(page)

    def test_emptied_words_keep_the_ticks_and_show_nobody(self):
        page = html(browse(language="nb"), URL, data={"beskriving": " ", "kompetanse": "sensorer"})
        assert 'id="kompetanse-sensorer" form="find-help-form" checked' in page
        assert "Disse kan hjelpe" not in page and "/behov/nytt/?" not in page

    def test_words_that_name_nothing_offer_nothing(self):
        page = html(browse(language="nb"), URL, data={"beskriving": "Rørlegger til badet"})
        assert "Vi forstår" not in page and "choose-competences" not in page

    def test_the_fragment_htmx_asks_for_has_the_boxes(self):
        client = browse(language="nb")
        query = {"beskriving": FARM_SHOP, "kompetanse": "sensorer"}
        part = client.get(URL, query, headers={"HX-Request": "true"}).content.decode()
        assert "<h1>" not in part
        assert 'id="kompetanse-sensorer" form="find-help-form" checked' in part


@pytest.mark.django_db
class TestCarriedIntoTheNeedForm:
    def test_post_the_need_carries_words_place_and_ticks(self, poster):  # noqa: F811
        client = browse(poster, language="nb")
        ticked = ["sensorer", "nettbutikk"]
        query = {"beskriving": FARM_SHOP, "kommune": "gol", "kompetanse": ticked}
        link = post_link(html(client, URL, data=query))
        assert "kompetanse=sensorer&kompetanse=nettbutikk" in link and "kommune=gol" in link
        form = html(client, link)
        assert f"{FARM_SHOP}</textarea>" in form
        assert '<option value="gol" selected>' in form
        assert 'id="chosen-sensorer" form="need-form" checked' in form
        assert 'id="chosen-nettbutikk" form="need-form" checked' in form

    def test_the_need_form_shows_who_can_help_at_once(self, poster, sensor_maker):  # noqa: F811
        client = browse(poster, language="nb")
        query = {"beskriving": FARM_SHOP, "kompetanse": "sensorer"}
        form = html(client, "/behov/nytt/", data=query)
        live = form.split('id="live-results"')[1]
        assert "Sigurd Sensor" in live and "Begynn å skrive" not in live
        assert "Vi forstår at du trenger: <strong>Nettside</strong>" in live

    def test_an_unknown_carried_tick_is_dropped(self, poster):  # noqa: F811
        form = html(
            browse(poster, language="nb"), "/behov/nytt/",
            data={"beskriving": FARM_SHOP, "kompetanse": ["no-such", "sensorer"]},
        )  # fmt: skip
        assert "no-such" not in form.split('id="live-results"')[1]  # (the address has it)
        assert 'id="chosen-sensorer" form="need-form" checked' in form

    def test_a_new_form_without_words_still_asks_her_to_write(self, poster):  # noqa: F811
        form = html(browse(poster, language="nb"), "/behov/nytt/")
        assert "Begynn å skrive" in form.split('id="live-results"')[1]
        assert "choose-competences" not in form

    def test_posting_the_carried_form_keeps_the_ticks(self, poster):  # noqa: F811
        """What the browser sends when she posts the form she was carried to."""
        form = {
            "title": FARM_SHOP[:120], "description": FARM_SHOP, "municipality": "gol",
            "budget": "unknown", "posted_by": "business", "organisation": "Gardsbutikken",
            "audience": "public", "website": "", "chosen": ["sensorer"], "publish": "1",
        }  # fmt: skip
        assert browse(poster).post("/behov/nytt/?kompetanse=nettbutikk", form).status_code == 302
        need = Need.objects.get()
        assert [c.slug for c in need.chosen.all()] == ["sensorer"]  # what was posted counts
