"""bench/matching/examples.py: similar judged needs vote for the providers they were
judged good for, and the vote re-ranks the system's results."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).parents[2] / "bench/matching/examples.py"
spec = importlib.util.spec_from_file_location("bench_matching_examples", PATH)
examples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(examples)

BAKERY = frozenset({"nettbutikk", "brød", "vipps"})
CABIN = frozenset({"hytte", "nøkkel", "utleie"})
POOL = examples.Pool(
    [
        (BAKERY, {"p-1": 3, "p-2": 1}),
        (frozenset({"nettbutikk", "ost"}), {"p-1": 2, "p-3": 3}),
        (CABIN, {"p-4": 3}),
        (frozenset({"hytte", "wifi"}), {"p-5": 2}),
    ]
)


def test_the_most_similar_need_comes_first_and_strangers_not_at_all():
    near = POOL.similar(frozenset({"nettbutikk", "brød"}), k=5, least=0.0)
    assert [grades for _, grades in near] == [{"p-1": 3, "p-2": 1}, {"p-1": 2, "p-3": 3}]
    assert near[0][0] > near[1][0] > 0


def test_a_need_is_most_similar_to_itself():
    (sim, grades), *_ = POOL.similar(CABIN, k=1, least=0.0)
    assert sim == pytest.approx(1.0) and grades == {"p-4": 3}


def test_only_k_vote_and_only_from_least():
    assert len(POOL.similar(frozenset({"nettbutikk", "hytte"}), k=1, least=0.0)) == 1
    assert POOL.similar(frozenset({"nettbutikk", "hytte", "a", "b"}), k=5, least=0.99) == []


def test_unknown_words_find_nothing():
    assert POOL.similar(frozenset({"gravferd"}), k=5, least=0.0) == []


def test_a_rare_stem_weighs_more_than_a_common_one():
    # "nettbutikk" is in two needs, "vipps" in one: sharing "vipps" is closer.
    by_rare = POOL.similar(frozenset({"vipps", "x"}), k=1, least=0.0)[0][0]
    by_common = POOL.similar(frozenset({"nettbutikk", "x"}), k=1, least=0.0)[0][0]
    assert by_rare > by_common


def test_the_prior_is_the_similarity_weighted_mean_grade():
    prior = examples.prior([(0.75, {"a": 3, "b": 3}), (0.25, {"a": 0, "c": 3})])
    assert prior == pytest.approx({"a": 0.75, "b": 0.75, "c": 0.25})
    assert examples.prior([]) == {}


def test_the_vote_reorders_and_weight_zero_keeps_the_system():
    ranked, scores = ["a", "b", "c"], [2.0, 1.8, 1.0]
    assert examples.rerank(ranked, scores, {"c": 1.0}, 0.0) == ranked
    assert examples.rerank(ranked, scores, {"c": 1.0}, 0.5) == ["a", "c", "b"]
    assert examples.rerank(ranked, scores, {"b": 0.2}, 1.0) == ["b", "a", "c"]


def test_the_vote_never_adds_a_provider_the_system_did_not_find():
    assert examples.rerank(["a"], [1.0], {"z": 1.0}, 1.0) == ["a"]
