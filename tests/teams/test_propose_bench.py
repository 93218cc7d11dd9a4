"""bench/matching/teams/evaluate.py: the team metrics, and that the labelled set is whole."""

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).parents[2] / "bench/matching/teams"
spec = importlib.util.spec_from_file_location("bench_teams_evaluate", HERE / "evaluate.py")
evaluate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(evaluate)

JUDGED = [[3, ["a", "b"]], [2, ["a", "c"]], [1, ["d", "e"]]]


def test_a_judged_team_earns_its_full_gain_and_a_near_one_a_share():
    assert evaluate.team_gain(["b", "a"], JUDGED) == 7
    assert evaluate.team_gain(["a", "b", "x"], JUDGED) == pytest.approx(7 * 2 / 3)
    assert evaluate.team_gain(["x", "y"], JUDGED) == 0


def test_the_ideal_order_scores_one_and_a_worse_one_less():
    assert evaluate.team_ndcg([["a", "b"], ["a", "c"], ["d", "e"]], JUDGED) == pytest.approx(1)
    assert evaluate.team_ndcg([["d", "e"], ["a", "c"], ["a", "b"]], JUDGED) < 0.8
    assert evaluate.team_ndcg([], JUDGED) == 0
    assert evaluate.team_ndcg([["a", "b"]], JUDGED, k=1) == pytest.approx(1)


def test_coverage_counts_the_parts_someone_in_the_team_can_do():
    parts = {"archive": ["a", "b"], "web": ["c"], "forms": ["d"]}
    assert evaluate.coverage(["a", "c"], parts) == pytest.approx(2 / 3)
    assert evaluate.coverage(["x"], parts) == 0


def test_the_labelled_set_is_whole():
    needs = [json.loads(line) for line in (HERE / "data/needs.jsonl").open(encoding="utf-8")]
    labels = json.loads((HERE / "data/judgments.json").read_text(encoding="utf-8"))
    providers = {
        json.loads(line)["external_id"]
        for line in (HERE.parent / "data/providers.jsonl").open(encoding="utf-8")
    }
    assert {n["external_id"] for n in needs} == set(labels)
    team_needs = [n for n, label in labels.items() if not label.get("one_covers")]
    assert len(team_needs) >= 20
    for label in labels.values():
        ids = {i for able in label["parts"].values() for i in able}
        ids |= {i for _, team in label["teams"] for i in team}
        assert ids <= providers
        assert all(g in (1, 2, 3) and 2 <= len(team) <= 4 for g, team in label["teams"])
