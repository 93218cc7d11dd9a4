"""How fast the team optimiser answers for a need with 100 candidates.

    .venv/bin/python bench/matching/teams/speed.py [CANDIDATES] [RUNS]

Plain Python, no database: the optimiser (``klynge/teams/propose.py``) is given a need
of 3 to 8 competences (title ones weighing twice) and CANDIDATES candidates (default
100) drawn with a fixed seed, each covering one to a third or so of the competences (now and
then a related one), with a relevance, a size and a place; no candidate covers the need
well, so every run searches the teams of two to four of the best 30. Reports the
median, p95 and worst wall time, and the median CPU time, of RUNS runs (default 200) per
need size and overall, in ms. The target (issue 18): under 200 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from klynge.teams.propose import Provider, propose  # noqa: E402

CANDIDATES = int(sys.argv[1]) if len(sys.argv) > 1 else 100
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 200


def need(rng: random.Random, size: int) -> dict[str, float]:
    return {f"c{i}": 2.0 if i < 2 else 1.0 for i in range(size)}


def candidates(rng: random.Random, concepts: dict[str, float], n: int) -> list[Provider]:
    names = list(concepts)
    out = []
    for i in range(n):
        covers = dict.fromkeys(rng.sample(names, rng.randint(1, max(1, len(names) // 2 - 1))), 1.0)
        if rng.random() < 0.2:
            covers.setdefault(rng.choice(names), 0.5)
        company = rng.random() < 0.4
        out.append(
            Provider(
                key=("company" if company else "person", i),
                relevance=round(rng.random(), 4),
                covers=covers,
                employees=rng.choice([1, 2, 4, 8, 14, 40]) if company else None,
                in_region=rng.random() < 0.8,
            )
        )
    return out


def main() -> None:
    rng = random.Random(18)
    overall, overall_cpu = [], []
    print(f"{CANDIDATES} candidates, {RUNS} runs per need size")
    print(f"{'competences':>11} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'cpu median':>11} "
          f"{'teams':>6}")  # fmt: skip
    for size in range(3, 9):
        times, cpu, found = [], [], 0
        for _ in range(RUNS):
            concepts = need(rng, size)
            pool = candidates(rng, concepts, CANDIDATES)
            start, start_cpu = time.perf_counter(), time.process_time()
            teams = propose(concepts, pool)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            found += len(teams)
        overall.extend(times)
        overall_cpu.extend(cpu)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{size:>11} {statistics.median(times):>10.1f} {p95:>8.1f} {max(times):>8.1f} "
              f"{statistics.median(cpu):>11.1f} {found / RUNS:>6.1f}")  # fmt: skip
    p95 = statistics.quantiles(overall, n=20)[-1]
    print(f"{'all':>11} {statistics.median(overall):>10.1f} {p95:>8.1f} {max(overall):>8.1f} "
          f"{statistics.median(overall_cpu):>11.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
