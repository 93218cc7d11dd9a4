"""Matches as a person reads them: a word for how well, never a raw score, and
none so weak that they cost trust."""

import re

import pytest

from klynge.directory.providers import SHOWN_FROM, Match, worth_showing
from tests.directory.test_matching import providers  # noqa: F401 (a fixture)


def a_match(score: float) -> Match:
    return Match(kind="person", id=1, external_id=None, name="Kari", url="/", score=score)


@pytest.mark.parametrize(
    "score,strength",
    [(1.0, "strong"), (0.7, "strong"), (0.69, "good"), (0.45, "good"), (0.44, "possible")],
)
def test_a_score_becomes_a_word(score, strength):
    assert a_match(score).strength == strength


def test_weak_matches_are_not_shown():
    matches = [a_match(0.9), a_match(SHOWN_FROM), a_match(0.12)]
    assert [m.score for m in worth_showing(matches)] == [0.9, SHOWN_FROM]


def test_find_help_says_how_well_and_not_the_number(client, providers):  # noqa: F811
    html = client.get("/finn-hjelp/", {"beskriving": "nettbutikk med Vipps"}).content.decode()
    assert "Fjellkode AS" in html
    assert "Sterkt treff" in html
    assert not re.search(r"treff \d", html), "no raw score on the page"


def test_posting_from_find_help_keeps_what_she_typed(client, user, providers):  # noqa: F811
    client.force_login(user)
    html = client.get("/finn-hjelp/", {"beskriving": "Folk må kunne betale på nett"})
    link = re.search(r'href="(/behov/nytt/\?[^"]+)"', html.content.decode())[1]
    assert "kommune=" in link
    form = client.get(
        "/behov/nytt/",
        {"beskriving": "Folk må kunne betale på nett\nHelst med Vipps", "kommune": "gol"},
    ).content.decode()
    assert 'value="Folk må kunne betale på nett"' in form  # the first line as the title
    assert "Helst med Vipps</textarea>" in form
    assert '<option value="gol" selected>' in form


def test_a_card_says_where_and_what_as_the_viewer_may_see_it(client, member, taxonomy):
    from django.test import Client

    from tests.directory.test_matching import person

    person(
        "Hedda Headline", [("nettbutikk", 5)], municipality="hol",
        headline="Lagar nettbutikkar for gardsbruk", bio_visibility="members",
        available_for_assignments=True,
    )  # fmt: skip
    query = {"beskriving": "nettbutikk"}
    visitor = Client().get("/finn-hjelp/", query).content.decode()
    assert "Hedda Headline" in visitor and "Hol" in visitor
    assert "Lagar nettbutikkar for gardsbruk" not in visitor  # members only
    client.force_login(member)
    seen = client.get("/finn-hjelp/", query).content.decode()
    assert "Lagar nettbutikkar for gardsbruk" in seen
