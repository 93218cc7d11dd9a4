"""Finn hjelp shows no card for a provider that shares only filler words and place
names with the need (issue 13), and never gives them as a reason."""

from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for
from tests.directory.test_matching import person


def test_sharing_only_gol_dag_tar_gives_no_card(client, taxonomy):
    person(
        "Tora Tar", [("WordPress", 4)], municipality="gol", available_for_assignments=True,
        bio="Eg tar oppdrag på Gol kvar dag, og kjem gjerne innom når kundene treng det.",
    )  # fmt: skip
    html = client.get(
        "/finn-hjelp/", {"beskriving": "Vi tar imot kundene på Gol kvar dag", "kommune": "gol"}
    ).content.decode()
    assert "Tora Tar" not in html
    assert 'class="why"' not in html  # no reason for any card


def test_an_informative_word_gives_the_card_and_the_reason(client, taxonomy):
    person(
        "Tora Tar", [("WordPress", 4)], municipality="gol", available_for_assignments=True,
        bio="Eg tar oppdrag på Gol kvar dag, og lagar turkart for hytteeigarar.",
    )  # fmt: skip
    html = client.get(
        "/finn-hjelp/", {"beskriving": "Vi treng turkart på Gol kvar dag", "kommune": "gol"}
    ).content.decode()
    assert "Tora Tar" in html
    why = html[html.index('class="why"') :].split("</p>")[0]
    assert "turkart" in why
    assert not {"Gol", "dag", "tar"} & set(why.replace(",", " ").split())


def test_the_api_gives_no_match_for_filler_and_places_either(taxonomy):
    from django.contrib.auth.models import AnonymousUser

    person("Tora Tar", bio="Eg tar oppdrag på Gol og i Hallingdal kvar dag.")
    viewer = viewer_for(AnonymousUser())
    assert match(title="Tar du oppdrag på Gol kvar dag?", viewer=viewer) == []


def test_a_rare_everyday_word_does_not_hide_those_with_the_competence(taxonomy):
    """The public buyer's need: "kommunen" was its only rare word, and the web-shop
    builders (a competence in most profiles) were never read as candidates."""
    from django.contrib.auth.models import AnonymousUser

    for n in range(9):
        person(f"Nettbutikk {n}", [("nettbutikk", 3)], bio="Eg lagar nettbutikkar.")
    person("Kommunekontakten", bio="Eg har jobba mykje for kommunen.")
    found = match(
        title="Kommunen treng ein nettbutikk for kafeen på rådhuset",
        viewer=viewer_for(AnonymousUser()),
    )
    names = [m.name for m in found]
    assert len([name for name in names if name.startswith("Nettbutikk")]) == 9
