"""Quality of team proposals: coverage and team nDCG on a labelled set, beside the
baseline "the top k single matches taken together". README.md beside this file says what
the set holds and how each figure is computed.

    .venv/bin/python bench/matching/teams/evaluate.py [--per-need] [--json] [--k 3]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/matching/teams/evaluate.py
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DATA = HERE / "data"
PROVIDERS = HERE.parent / "data" / "providers.jsonl"
TOP = 3  # teams proposed and scored


# Metrics ------------------------------------------------------------------


def jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def team_gain(team, judged) -> float:
    """The best over the judged teams of (2^grade - 1) x Jaccard(team, judged team)."""
    return max(((2**g - 1) * jaccard(team, members) for g, members in judged), default=0.0)


def team_ndcg(teams: list, judged: list, k: int = TOP) -> float:
    dcg = sum(team_gain(t, judged) / math.log2(i + 2) for i, t in enumerate(teams[:k]))
    ideal = sorted((2**g - 1 for g, _ in judged), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def coverage(team, parts: dict) -> float:
    """The share of the need's parts that someone in the team can do."""
    if not parts:
        return 0.0
    return sum(1 for able in parts.values() if set(able) & set(team)) / len(parts)


def score(teams: list, label: dict) -> dict:
    parts, judged = label["parts"], label["teams"]
    return {
        "coverage": coverage(teams[0], parts) if teams else 0.0,
        "coverage_best": max((coverage(t, parts) for t in teams), default=0.0),
        "ndcg3": team_ndcg(teams, judged, TOP),
        "ndcg1": team_ndcg(teams, judged, 1),
        "teams": len(teams),
    }


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# The run ------------------------------------------------------------------


def _setup() -> None:
    tmp = tempfile.mkdtemp(prefix="klynge-bench-teams-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/eval.sqlite3")
    os.environ.setdefault("KLYNGE_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from klynge.directory.models import Company, Person

    call_command("migrate", verbosity=0)
    if Person.objects.exists() or Company.objects.exists():
        raise SystemExit("The database already holds people or companies: use a throwaway one.")
    call_command("createcachetable", verbosity=0)
    call_command("load_taxonomy", stdout=io.StringIO())
    call_command("import_members", str(PROVIDERS), "--no-progress", stdout=io.StringIO())


def run(needs: list[dict], k: int) -> tuple[dict, dict, str]:
    """The proposed teams and the baseline team for every need, as external ids."""
    _setup()
    from django.db import connection
    from django.utils import timezone, translation

    from klynge.accounts.services import user_create
    from klynge.directory.providers import match
    from klynge.directory.visibility import ANONYMOUS
    from klynge.needs.models import Need
    from klynge.teams.proposals import need_proposals

    poster = user_create(email="bench@example.org", password="x" * 20, name="Bench")
    system, baseline = {}, {}
    with translation.override("nb"):
        for row in needs:
            need = Need.objects.create(
                poster=poster, title=row["title"], description=row["description"],
                municipality=row["municipality"], posted_by=row["posted_by"],
                status=Need.Status.OPEN, published_at=timezone.now(),
            )  # fmt: skip
            found = need_proposals(need, ANONYMOUS)
            system[row["external_id"]] = [
                [m.external_id for m in team.members] for team in found.teams
            ]
            singles = match(
                title=need.title, description=need.description,
                municipality=need.municipality or None, viewer=ANONYMOUS, limit=k,
            )  # fmt: skip
            baseline[row["external_id"]] = [[m.external_id for m in singles]] if singles else []
    return system, baseline, connection.vendor


def report(needs, labels, system, baseline) -> dict:
    team_needs = [n["external_id"] for n in needs if not labels[n["external_id"]].get("one_covers")]
    single = [n["external_id"] for n in needs if labels[n["external_id"]].get("one_covers")]
    out = {"needs": len(team_needs), "one_covers_needs": len(single), "per_need": {}}
    for name, run_ in (("system", system), ("baseline", baseline)):
        scores = {n: score(run_[n], labels[n]) for n in team_needs}
        out[name] = {
            key: round(mean(s[key] for s in scores.values()), 3)
            for key in ("coverage", "coverage_best", "ndcg3", "ndcg1")
        }
        out[name]["no_team"] = sum(1 for s in scores.values() if not s["teams"])
        out[name]["quiet"] = round(mean(0.0 if run_[n] else 1.0 for n in single), 3)
        for n, s in scores.items():
            out["per_need"].setdefault(n, {})[name] = s
    # The same figures over the needs the system proposed teams for only.
    proposed = [n for n in team_needs if system[n]]
    out["with_team"] = {"needs": len(proposed)}
    for name in ("system", "baseline"):
        out["with_team"][name] = {
            key: round(mean(out["per_need"][n][name][key] for n in proposed), 3)
            for key in ("coverage", "ndcg3", "ndcg1")
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-need", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--k", type=int, default=3, help="singles in the baseline team")
    args = parser.parse_args(argv)
    needs = [json.loads(line) for line in (DATA / "needs.jsonl").open(encoding="utf-8")]
    labels = json.loads((DATA / "judgments.json").read_text(encoding="utf-8"))
    system, baseline, engine = run(needs, args.k)
    out = report(needs, labels, system, baseline)
    out["database"] = engine
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"{out['needs']} team needs, {out['one_covers_needs']} one-provider needs, {engine}")
    print(f"{'':<22}{'coverage':>9}{'best of 3':>10}{'nDCG@3':>8}{'nDCG@1':>8}{'no team':>8}"
          f"{'quiet':>7}")  # fmt: skip
    for name, label in (("system", "proposed teams"), ("baseline", f"top-{args.k} singles")):
        r = out[name]
        print(f"{label:<22}{r['coverage']:>9.3f}{r['coverage_best']:>10.3f}{r['ndcg3']:>8.3f}"
              f"{r['ndcg1']:>8.3f}{r['no_team']:>8}{r['quiet']:>7.3f}")  # fmt: skip
    w = out["with_team"]
    print(f"on the {w['needs']} needs with a proposed team: system coverage "
          f"{w['system']['coverage']:.3f} nDCG@3 {w['system']['ndcg3']:.3f} nDCG@1 "
          f"{w['system']['ndcg1']:.3f}; baseline coverage {w['baseline']['coverage']:.3f} "
          f"nDCG@3 {w['baseline']['ndcg3']:.3f} nDCG@1 {w['baseline']['ndcg1']:.3f}")  # fmt: skip
    if args.per_need:
        for n, s in sorted(out["per_need"].items()):
            sy, bl = s["system"], s["baseline"]
            print(f"{n}  system cov {sy['coverage']:.2f} nDCG@3 {sy['ndcg3']:.2f} {system[n]}")
            print(
                f"       baseline cov {bl['coverage']:.2f} nDCG@1 {bl['ndcg1']:.2f} {baseline[n]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
