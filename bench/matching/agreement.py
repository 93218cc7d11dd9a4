"""How far two judges agree: the ceiling of nDCG@10 on a labelled set.

    .venv/bin/python bench/matching/agreement.py            # the judges only
    .venv/bin/python bench/matching/agreement.py --system   # and the match API against each

A second judge graded a sample of needs again, on their own, from the same
providers and the same scale (``data/second_judge.json``, README.md beside this
file). Ranking the providers by one judge's grades and scoring that ranking
against the other judge's grades gives the nDCG@10 a perfect system for the
second judge would get from the first: how high a figure on this set can
honestly go. Within a grade the judge gives no order, so each tie is scored at
its expectation over every order (``expected_ndcg``), not by an arbitrary one.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from itertools import groupby
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402  (the labelled set, its metrics and the system run)

SECOND = "second_judge.json"


def expected_ndcg(by: dict[str, int], against: dict[str, int], k: int = evaluate.K) -> float:
    """nDCG@k against ``against`` of the providers ``by`` grades, best grade first,
    each tie scored at its mean over every order of its members.

    A position in a tie is taken by each member equally often, so its expected
    gain is the mean gain of the tie's members."""
    ideal = sorted((g for g in against.values() if g > 0), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    if idcg == 0:
        return 0.0
    ordered = sorted((p for p, g in by.items() if g > 0), key=lambda p: -by[p])
    dcg, rank = 0.0, 1
    for _, tie in groupby(ordered, key=lambda p: by[p]):
        members = list(tie)
        mean_gain = sum(2 ** against.get(p, 0) - 1 for p in members) / len(members)
        for _ in members:
            if rank > k:
                break
            dcg += mean_gain / math.log2(rank + 1)
            rank += 1
    return dcg / idcg


def agreement(
    first: dict[str, dict[str, int]], second: dict[str, dict[str, int]]
) -> dict[str, dict]:
    """Per need: the second judge's ranking scored against the first's grades and
    the other way round; for a need the first judged ``{}``, whether the second did too."""
    out = {}
    for nid, grades in second.items():
        theirs = first[nid]
        out[nid] = {
            "second by first": expected_ndcg(second[nid], theirs) if theirs else None,
            "first by second": expected_ndcg(theirs, grades) if grades else None,
            "both nobody": None if theirs else float(not grades),
            "top grades": _overlap(theirs, grades),
        }
    return out


def _overlap(a: dict[str, int], b: dict[str, int]) -> float | None:
    """Of the providers either judge graded 2 or 3, the share both did (Jaccard)."""
    ga = {p for p, g in a.items() if g >= evaluate.RELEVANT}
    gb = {p for p, g in b.items() if g >= evaluate.RELEVANT}
    return len(ga & gb) / len(ga | gb) if ga | gb else None


def pair_counts(first: dict[str, dict[str, int]], second: dict[str, dict[str, int]], providers):
    """A 4x4 table of grades (0-3), the first judge's in rows, over every need and provider."""
    table = [[0] * 4 for _ in range(4)]
    for nid, grades in second.items():
        for pid in providers:
            table[first[nid].get(pid, 0)][grades.get(pid, 0)] += 1
    return table


def weighted_kappa(table: list[list[int]]) -> float:
    """Cohen's kappa with quadratic weights on a square table of counts."""
    n = sum(map(sum, table))
    size = len(table)
    rows = [sum(r) for r in table]
    cols = [sum(table[i][j] for i in range(size)) for j in range(size)]
    weight = [[(i - j) ** 2 / (size - 1) ** 2 for j in range(size)] for i in range(size)]
    seen = sum(weight[i][j] * table[i][j] for i in range(size) for j in range(size)) / n
    chance = sum(weight[i][j] * rows[i] * cols[j] for i in range(size) for j in range(size)) / (
        n * n
    )
    return 1 - seen / chance if chance else 1.0


def check_second(
    second: dict[str, dict[str, int]], first: dict[str, dict[str, int]], provider_ids: list[str]
) -> list[str]:
    """What is wrong with the second judge's grades: a need the first did not judge,
    a provider that does not exist, a grade that is not 1, 2 or 3."""
    known = set(provider_ids)
    problems = [f"{nid} is not a judged need" for nid in second if nid not in first]
    problems += [
        f"{nid}: {pid} graded {g!r}: not a provider graded 1, 2 or 3"
        for nid, grades in second.items()
        for pid, g in grades.items()
        if pid not in known or g not in (1, 2, 3)
    ]
    return problems


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _cell(value: float | None) -> str:
    return f"{value:>8.3f}" if value is not None else f"{'-':>8}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=evaluate.DEFAULT_DATA, help="folder of the set"
    )
    parser.add_argument("--system", action="store_true", help="also the match API against each")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    providers, needs, first = evaluate.load_set(args.data, "all")
    second = json.loads((args.data / SECOND).read_text(encoding="utf-8"))
    provider_ids = [p["external_id"] for p in providers]
    problems = check_second(second, first, provider_ids)
    if problems:
        raise SystemExit(f"{SECOND} is inconsistent:\n  " + "\n  ".join(problems))

    per_need = agreement(first, second)
    if args.system:
        asked = [n for n in needs if n["external_id"] in second]
        rankings = evaluate.run_system(
            args.data / "providers.jsonl", asked, allow_nonempty=False, reindex=False
        )["rankings"]
        for nid, row in per_need.items():
            row["system by first"] = (
                evaluate.ndcg_at_k(rankings[nid], first[nid]) if first[nid] else None
            )
            row["system by second"] = (
                evaluate.ndcg_at_k(rankings[nid], second[nid]) if second[nid] else None
            )

    columns = [c for c in next(iter(per_need.values()))]
    sets = {}
    for nid in per_need:
        sets.setdefault(evaluate._set_of(nid), []).append(nid)
    sets = {name: sets[name] for name in evaluate.SETS if name in sets}
    sets["together"] = list(per_need)
    report = {
        "needs": len(per_need),
        "sets": {
            name: {"needs": len(ids), **{c: _mean(per_need[n][c] for n in ids) for c in columns}}
            for name, ids in sets.items()
        },
    }
    table = pair_counts(first, second, provider_ids)
    report["pairs"] = table
    report["weighted kappa"] = weighted_kappa(table)
    report["nobody by one judge only"] = [
        nid for nid in per_need if bool(first[nid]) != bool(second[nid])
    ]
    if args.json:
        report["per_need"] = per_need
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"Two judges on {len(per_need)} needs, {len(provider_ids)} providers each")
    print()
    print(f"{'set':<10} {'needs':>5} " + " ".join(f"{c:>17}" for c in columns))
    for name, row in report["sets"].items():
        cells = " ".join(f"{_cell(row[c]):>17}" for c in columns)
        print(f"{name:<10} {row['needs']:>5} {cells}")
    print()
    print("grades, first judge (rows) by second judge (columns), 0-3:")
    for grade, row in enumerate(table):
        print(f"  {grade}  " + " ".join(f"{n:>6}" for n in row))
    print(f"quadratic weighted kappa: {report['weighted kappa']:.3f}")
    alone = report["nobody by one judge only"]
    print(f"needs only one judge found nobody for: {', '.join(alone) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
