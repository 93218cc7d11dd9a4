"""bench/matching/evaluate.py: how needs with nothing relevant are scored."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).parents[2] / "bench/matching/evaluate.py"
spec = importlib.util.spec_from_file_location("bench_matching_evaluate", PATH)
evaluate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(evaluate)

JUDGMENTS = {
    "n-1": {"a": 3, "b": 2},  # ordinary
    "n-2": {"c": 1},  # only partly relevant ones: nDCG, no MRR
    "n-3": {},  # nobody can help: quiet
    "n-4": {},
}


def test_needs_with_nothing_relevant_are_scored_by_quiet_only():
    rankings = {"n-1": ["a", "b"], "n-2": ["x", "c"], "n-3": [], "n-4": ["a"]}
    run = evaluate.score_run(rankings, JUDGMENTS)
    assert run["ndcg@10 needs"] == 2 and run["mrr needs"] == 1 and run["quiet needs"] == 2
    assert run["ndcg@10"] == pytest.approx((1.0 + 1 / evaluate.math.log2(3)) / 2)
    assert run["mrr"] == 1.0
    assert run["quiet"] == 0.5  # n-3 said nothing, n-4 showed "a"


def test_quiet_counts_only_what_a_page_would_show():
    rankings = {"n-1": ["a"], "n-2": ["c"], "n-3": ["x", "y"], "n-4": ["z"]}
    shown = {"n-1": 1, "n-2": 1, "n-3": 0, "n-4": 1}  # n-3's results are under the floor
    run = evaluate.score_run(rankings, JUDGMENTS, shown)
    assert run["per_need"]["n-3"]["quiet"] == 1.0
    assert run["per_need"]["n-4"]["quiet"] == 0.0
    assert run["per_need"]["n-3"]["ndcg@10"] is None and run["per_need"]["n-3"]["mrr"] is None
