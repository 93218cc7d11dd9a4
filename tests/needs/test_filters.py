"""The board's filters: URL words on the page, English names in the API, one NeedFilters."""

import pytest

from klynge.needs.api import NeedQuery
from klynge.needs.filters import NeedFilters
from klynge.needs.forms import FilterForm
from klynge.needs.models import Need

pytestmark = pytest.mark.django_db


def test_it_turns_the_pages_url_words_into_filters(taxonomy):
    form = FilterForm({"kommune": "gol", "kategori": "web", "fra": "public"})
    assert form.filters() == NeedFilters(municipality="gol", category="web", posted_by="public")


def test_a_wrong_url_word_filters_on_nothing_as_before(taxonomy):
    assert FilterForm({"kommune": "oslo", "fra": "public"}).filters() == NeedFilters()


def test_the_api_query_gives_the_same_filters():
    query = NeedQuery(municipality="gol", category="web", posted_by="public")
    assert query.filters() == NeedFilters(municipality="gol", category="web", posted_by="public")
    assert NeedQuery().filters() == NeedFilters()


def test_the_queryset_filters_once_for_both(make_need, poster, taxonomy):
    shop = make_need(poster)
    wifi = make_need(poster, title="Trådløst nett", description="wifi", municipality="gol",
                     posted_by="public")  # fmt: skip
    board = Need.objects.board
    assert list(board(NeedFilters())) == [wifi, shop]
    assert list(board(NeedFilters(municipality="gol"))) == [wifi]
    assert list(board(NeedFilters(category="web"))) == [shop]
    assert list(board(NeedFilters(posted_by="business"))) == [shop]
