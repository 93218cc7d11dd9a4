"""bench/matching/evaluate.py: scoring needs with nothing relevant, and choosing the set."""

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


def _write_set(folder, needs_file, judgments_file, grades):
    """A tiny data set: one provider, and a need for each judged id."""
    import json

    (folder / "providers.jsonl").write_text('{"external_id": "p-1", "name": "Kari"}\n')
    lines = [json.dumps({"external_id": nid, "title": nid, "description": ""}) for nid in grades]
    (folder / needs_file).write_text("\n".join(lines) + "\n")
    (folder / judgments_file).write_text(json.dumps(grades))


def test_set_chooses_the_main_a_heldout_or_all_files(tmp_path):
    _write_set(tmp_path, "needs.jsonl", "judgments.json", {"n-001": {"p-1": 3}})
    _write_set(tmp_path, "heldout_needs.jsonl", "heldout_judgments.json", {"h-001": {}})
    _write_set(tmp_path, "heldout2_needs.jsonl", "heldout2_judgments.json", {"g-001": {"p-1": 1}})
    _write_set(tmp_path, "heldout3_needs.jsonl", "heldout3_judgments.json", {"k-001": {"p-1": 2}})
    _write_set(tmp_path, "heldout4_needs.jsonl", "heldout4_judgments.json", {"m-001": {"p-1": 1}})
    _write_set(tmp_path, "heldout5_needs.jsonl", "heldout5_judgments.json", {"r-001": {"p-1": 2}})
    _write_set(tmp_path, "heldout6_needs.jsonl", "heldout6_judgments.json", {"s-001": {}})
    _write_set(tmp_path, "heldout7_needs.jsonl", "heldout7_judgments.json", {"t-001": {"p-1": 3}})
    _write_set(tmp_path, "heldout8_needs.jsonl", "heldout8_judgments.json", {"u-001": {"p-1": 2}})
    assert list(evaluate.load_set(tmp_path)[2]) == ["n-001"]
    assert list(evaluate.load_set(tmp_path, "heldout")[2]) == ["h-001"]
    assert list(evaluate.load_set(tmp_path, "heldout2")[2]) == ["g-001"]
    assert list(evaluate.load_set(tmp_path, "heldout3")[2]) == ["k-001"]
    assert list(evaluate.load_set(tmp_path, "heldout4")[2]) == ["m-001"]
    assert list(evaluate.load_set(tmp_path, "heldout5")[2]) == ["r-001"]
    assert list(evaluate.load_set(tmp_path, "heldout6")[2]) == ["s-001"]
    assert list(evaluate.load_set(tmp_path, "heldout7")[2]) == ["t-001"]
    assert list(evaluate.load_set(tmp_path, "heldout8")[2]) == ["u-001"]
    _, needs, judgments = evaluate.load_set(tmp_path, "all")
    assert [n["external_id"] for n in needs] == [
        "n-001",
        "h-001",
        "g-001",
        "k-001",
        "m-001",
        "r-001",
        "s-001",
        "t-001",
        "u-001",
    ]
    assert judgments == {
        "n-001": {"p-1": 3},
        "h-001": {},
        "g-001": {"p-1": 1},
        "k-001": {"p-1": 2},
        "m-001": {"p-1": 1},
        "r-001": {"p-1": 2},
        "s-001": {},
        "t-001": {"p-1": 3},
        "u-001": {"p-1": 2},
    }
    # Only a run over several sets is told apart by set.
    found = evaluate.groups(needs, judgments)
    assert found["set heldout"] == {"h-001"} and found["set heldout2"] == {"g-001"}
    assert found["set heldout3"] == {"k-001"} and found["set heldout4"] == {"m-001"}
    assert found["set heldout5"] == {"r-001"} and found["set heldout6"] == {"s-001"}
    assert found["set heldout7"] == {"t-001"} and found["set heldout8"] == {"u-001"}
    assert "set main" not in evaluate.groups(needs[:1], {"n-001": {"p-1": 3}})


def test_set_heldout_without_its_files_says_which_is_missing(tmp_path):
    _write_set(tmp_path, "needs.jsonl", "judgments.json", {"n-001": {"p-1": 3}})
    with pytest.raises(SystemExit, match="no heldout_needs.jsonl or heldout_judgments.json"):
        evaluate.load_set(tmp_path, "heldout")


def test_a_need_in_both_sets_is_refused(tmp_path):
    _write_set(tmp_path, "needs.jsonl", "judgments.json", {"n-001": {"p-1": 3}})
    _write_set(tmp_path, "heldout_needs.jsonl", "heldout_judgments.json", {"n-001": {}})
    with pytest.raises(SystemExit, match="needs judged in two files: n-001"):
        evaluate.load_set(tmp_path, "all")


def test_the_shipped_heldout_set_is_whole():
    providers, needs, judgments = evaluate.load_set(evaluate.DEFAULT_DATA, "heldout")
    assert [n["external_id"] for n in needs] == [f"h-{i:03}" for i in range(1, 41)]
    assert sum(1 for g in judgments.values() if not g) == 3  # nobody here can help
    assert evaluate.SEVERAL & set(judgments) == {
        f"h-0{i:02}" for i in (8, 10, 23, 29, 32, 35, 39, 40)
    }


def test_the_shipped_second_heldout_set_is_whole():
    providers, needs, judgments = evaluate.load_set(evaluate.DEFAULT_DATA, "heldout2")
    assert [n["external_id"] for n in needs] == [f"g-{i:03}" for i in range(1, 41)]
    assert sum(1 for g in judgments.values() if not g) == 3  # nobody here can help
    assert evaluate.SEVERAL & set(judgments) == {f"g-0{i:02}" for i in (2, 8, 15, 16, 18, 22, 31)}
    # Written as 16 bokmål, 14 nynorsk and 10 English; the word heuristic reads
    # g-030 as bokmål, since it uses none of the nynorsk marker words.
    languages = [evaluate.language(n) for n in needs]
    assert (languages.count("nb"), languages.count("nn"), languages.count("en")) == (17, 13, 10)


# The third to eighth held-out sets: prefix, the needs nobody here can help
# with, those that ask for several competences, and the languages as the word
# heuristic reads them. All were written as 16 bokmål, 14 nynorsk and 10
# English; the heuristic reads m-024 as English, since "for" ("too")
# outnumbers its nynorsk marker words.
SHIPPED = {
    "heldout3": ("k", ["k-020", "k-021", "k-029"], (5, 8, 9, 18, 23, 30, 38), (16, 14, 10)),
    "heldout4": ("m", ["m-004", "m-005", "m-026"], (2, 7, 8, 16, 20, 27, 28), (16, 13, 11)),
    "heldout5": ("r", ["r-017", "r-018", "r-038"], (1, 10, 14, 16, 20, 30, 36, 40), (16, 14, 10)),
    "heldout6": ("s", ["s-018", "s-019", "s-036"], (3, 5, 8, 20, 24, 39, 40), (16, 14, 10)),
    "heldout7": ("t", ["t-009", "t-024", "t-034"], (8, 10, 15, 17, 19, 21, 31, 33), (16, 14, 10)),
    "heldout8": ("u", ["u-007", "u-014", "u-030"], (1, 3, 6, 10, 12, 19, 26, 27, 28), (16, 14, 10)),
}


@pytest.mark.parametrize("which", sorted(SHIPPED))
def test_the_shipped_later_heldout_sets_are_whole(which):
    prefix, nobody, several, counts = SHIPPED[which]
    providers, needs, judgments = evaluate.load_set(evaluate.DEFAULT_DATA, which)
    assert [n["external_id"] for n in needs] == [f"{prefix}-{i:03}" for i in range(1, 41)]
    assert [nid for nid, g in judgments.items() if not g] == nobody
    assert evaluate.SEVERAL & set(judgments) == {f"{prefix}-0{i:02}" for i in several}
    languages = [evaluate.language(n) for n in needs]
    assert (languages.count("nb"), languages.count("nn"), languages.count("en")) == counts
    posted = [n["posted_by"] for n in needs]
    assert (posted.count("business"), posted.count("public")) == (25, 15)
