"""A profile is findable the moment it is written, even by a word that the cached
document frequencies (kept for minutes) still count as in no document."""

import pytest

from klynge.directory.providers import match
from klynge.directory.visibility import ANONYMOUS
from tests.needs.conftest import make_person, make_user


@pytest.mark.django_db
def test_a_new_profile_is_found_by_a_word_nobody_had(taxonomy):
    make_person(make_user("a@example.org"), skills=["nettbutikk"])
    # This search counts the documents with each word, and remembers the counts.
    before = match(title="Trådlaust nett på hotellet", viewer=ANONYMOUS)
    assert "Wifi Wenche" not in [m.name for m in before]
    wifi = make_user("wifi@example.org", name="Wifi Wenche")
    make_person(wifi, skills=["nettverk"])
    names = [m.name for m in match(title="Trådlaust nett på hotellet", viewer=ANONYMOUS)]
    assert names[0] == "Wifi Wenche"
