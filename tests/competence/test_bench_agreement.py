"""bench/matching/agreement.py: how far two judges agree, and the ceiling that sets."""

import importlib.util
import itertools
import json
import math
from pathlib import Path

import pytest

PATH = Path(__file__).parents[2] / "bench/matching/agreement.py"
spec = importlib.util.spec_from_file_location("bench_matching_agreement", PATH)
agreement = importlib.util.module_from_spec(spec)
spec.loader.exec_module(agreement)
evaluate = agreement.evaluate


def _by_every_order(by: dict[str, int], against: dict[str, int]) -> float:
    """The mean nDCG@10 over every order of each tie, the long way."""
    graded = [p for p, g in by.items() if g > 0]
    ties = [sorted(p for p in graded if by[p] == g) for g in sorted(set(by.values()), reverse=True)]
    orders = [list(itertools.permutations(t)) for t in ties if t]
    values = [
        evaluate.ndcg_at_k([p for part in choice for p in part], against)
        for choice in itertools.product(*orders)
    ]
    return sum(values) / len(values)


def test_a_judge_scored_by_itself_is_perfect():
    grades = {"a": 3, "b": 3, "c": 2, "d": 1}
    assert agreement.expected_ndcg(grades, grades) == pytest.approx(1.0)


def test_a_tie_is_scored_at_its_mean_over_every_order():
    # "a" and "b" tie at the top; only "a" is good by the other judge.
    value = agreement.expected_ndcg({"a": 3, "b": 3}, {"a": 3})
    assert value == pytest.approx((3.5 / 1 + 3.5 / math.log2(3)) / 7)
    assert value < 1.0  # an arbitrary order ("a" first) would claim 1.0


@pytest.mark.parametrize("seed", range(6))
def test_the_expectation_equals_the_mean_over_every_order(seed):
    import random

    rng = random.Random(seed)
    providers = [f"p-{i}" for i in range(8)]
    by = {p: rng.choice([0, 1, 1, 2, 3]) for p in providers}
    against = {p: g for p in providers if (g := rng.choice([0, 0, 1, 2, 3]))}
    if not against:
        against = {"p-0": 2}
    assert agreement.expected_ndcg(by, against) == pytest.approx(_by_every_order(by, against))


def test_the_cut_at_ten_falls_inside_a_tie():
    # Twelve tied, the good one among them: each of the first ten places holds it
    # one time in twelve, and the last two places are cut off.
    by = {f"p-{i:02}": 2 for i in range(12)}
    value = agreement.expected_ndcg(by, {"p-05": 3})
    expected = sum(7 / 12 / math.log2(r + 1) for r in range(1, 11)) / 7
    assert value == pytest.approx(expected)


def test_agreement_per_need_covers_both_directions_and_nobody():
    first = {"n-1": {"a": 3, "b": 1}, "n-2": {}, "n-3": {}}
    second = {"n-1": {"b": 3}, "n-2": {}, "n-3": {"a": 1}}
    rows = agreement.agreement(first, second)
    assert rows["n-1"]["second by first"] == pytest.approx(1 / (7 + 1 / math.log2(3)))
    assert rows["n-1"]["first by second"] == pytest.approx((1 / math.log2(3)) * 7 / 7)
    assert rows["n-1"]["top grades"] == 0.0  # "a" by one, "b" by the other
    assert rows["n-2"]["both nobody"] == 1.0 and rows["n-2"]["second by first"] is None
    assert rows["n-3"]["both nobody"] == 0.0


def test_weighted_kappa_is_one_for_agreement_and_near_zero_for_chance():
    assert agreement.weighted_kappa([[5, 0], [0, 5]]) == pytest.approx(1.0)
    assert agreement.weighted_kappa([[25, 25], [25, 25]]) == pytest.approx(0.0)
    assert agreement.weighted_kappa([[0, 5], [5, 0]]) < 0  # worse than chance


def test_pair_counts_include_the_providers_neither_judge_graded():
    table = agreement.pair_counts({"n-1": {"a": 3}}, {"n-1": {"a": 2, "b": 1}}, ["a", "b", "c"])
    assert table[3][2] == 1 and table[0][1] == 1 and table[0][0] == 1
    assert sum(map(sum, table)) == 3


def test_a_wrong_second_judgment_is_named():
    first = {"n-1": {"a": 3}}
    problems = agreement.check_second({"n-1": {"a": 4, "zz": 2}, "x-9": {}}, first, ["a"])
    assert problems == [
        "x-9 is not a judged need",
        "n-1: a graded 4: not a provider graded 1, 2 or 3",
        "n-1: zz graded 2: not a provider graded 1, 2 or 3",
    ]


def test_the_shipped_second_judgment_is_whole():
    providers, _, first = evaluate.load_set(evaluate.DEFAULT_DATA, "all")
    second = json.loads((evaluate.DEFAULT_DATA / agreement.SECOND).read_text(encoding="utf-8"))
    ids = [p["external_id"] for p in providers]
    assert agreement.check_second(second, first, ids) == []
    # A sample of four sets: every fourth of the 85, the odd ids of h-, k- and r-.
    expected = {f"n-{i:03}" for i in range(1, 86, 4)}
    expected |= {f"{s}-{i:03}" for s in "hkr" for i in range(1, 41, 2)}
    assert set(second) == expected
