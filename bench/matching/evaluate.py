"""Quality of competence matching: nDCG@10 and MRR on a labelled set of needs.

    .venv/bin/python bench/matching/evaluate.py --baseline             # plain BM25 only
    .venv/bin/python bench/matching/evaluate.py --system               # BM25 and the match API
    .venv/bin/python bench/matching/evaluate.py --system --per-need    # plus nDCG per need
    .venv/bin/python bench/matching/evaluate.py --system --json        # machine-readable
    .venv/bin/python bench/matching/evaluate.py --system --set heldout # the held-out needs
    .venv/bin/python bench/matching/evaluate.py --system --set heldout2 # the second held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout3 # the third held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout4 # the fourth held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout5 # the fifth held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout6 # the sixth held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout7 # the seventh held-out set
    .venv/bin/python bench/matching/evaluate.py --system --set heldout8 # the eighth held-out set
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/matching/evaluate.py --system

The set (``--data DIR``, default ``bench/matching/data``) is three files in the
formats of shared/spec/interchange.md: ``providers.jsonl`` (people and
companies), ``needs.jsonl`` and ``judgments.json`` ({need: {provider: grade}},
grades 1-3, unlisted = 0). README.md beside this file describes them.
``--set heldout`` scores the held-out needs instead (``heldout_needs.jsonl``
and ``heldout_judgments.json`` in the same folder, same providers), ``--set
heldout2`` the second held-out set (``heldout2_needs.jsonl`` and
``heldout2_judgments.json``), ``--set heldout3`` the third (``heldout3_needs.jsonl``
and ``heldout3_judgments.json``), ``--set heldout4`` the fourth (``heldout4_needs.jsonl``
and ``heldout4_judgments.json``), ``--set heldout5`` the fifth (``heldout5_needs.jsonl``
and ``heldout5_judgments.json``), ``--set heldout6`` the sixth (``heldout6_needs.jsonl``
and ``heldout6_judgments.json``), ``--set heldout7`` the seventh (``heldout7_needs.jsonl``
and ``heldout7_judgments.json``), ``--set heldout8`` the eighth (``heldout8_needs.jsonl``
and ``heldout8_judgments.json``), ``--set all`` every set together; the default
``main`` is the first two files alone.

``--system`` migrates a fresh database (a temporary SQLite file unless
DATABASE_URL is set, as tests/with_postgres.py does), runs the setup steps of
docs/operations.md (createcachetable, load_taxonomy), imports the providers
with ``manage.py import_members`` (``--reindex``: then ``manage.py reindex``),
posts every need to ``POST /api/v1/match`` as an anonymous visitor and scores
the ``external_id`` of the results in order.
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_DATA = HERE / "data"
# The sets of needs in a data folder: (needs file, judgments file) each.
SETS = {
    "main": [("needs.jsonl", "judgments.json")],
    "heldout": [("heldout_needs.jsonl", "heldout_judgments.json")],
    "heldout2": [("heldout2_needs.jsonl", "heldout2_judgments.json")],
    "heldout3": [("heldout3_needs.jsonl", "heldout3_judgments.json")],
    "heldout4": [("heldout4_needs.jsonl", "heldout4_judgments.json")],
    "heldout5": [("heldout5_needs.jsonl", "heldout5_judgments.json")],
    "heldout6": [("heldout6_needs.jsonl", "heldout6_judgments.json")],
    "heldout7": [("heldout7_needs.jsonl", "heldout7_judgments.json")],
    "heldout8": [("heldout8_needs.jsonl", "heldout8_judgments.json")],
}
SETS["all"] = [files for name in list(SETS) for files in SETS[name]]
K = 10
RELEVANT = 2  # the grade from which a result counts as a hit for MRR


# Metrics ------------------------------------------------------------------


def _unique(ranked_ids: list[str]) -> list[str]:
    """The ranking with repeats dropped: an id earns its gain once."""
    return list(dict.fromkeys(ranked_ids))


def ndcg_at_k(ranked_ids: list[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k with gain 2^grade - 1 and discount log2(rank + 1), rank from 1.

    The ideal ranking is the judged grades sorted best first; a need without
    any graded provider scores 0.
    """
    dcg = sum(
        (2 ** grades.get(pid, 0) - 1) / math.log2(rank + 1)
        for rank, pid in enumerate(_unique(ranked_ids)[:k], start=1)
    )
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


def mrr(ranked_ids: list[str], grades: dict[str, int]) -> float:
    """Reciprocal rank of the first provider graded 2 or 3 (0 if none is returned)."""
    for rank, pid in enumerate(_unique(ranked_ids), start=1):
        if grades.get(pid, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0


def score_run(
    rankings: dict[str, list[str]],
    judgments: dict[str, dict[str, int]],
    shown: dict[str, int] | None = None,
) -> dict:
    """Per-need and mean nDCG@10 and MRR, and how quiet the run is where nothing fits.

    nDCG@10 is averaged over the needs with at least one graded provider, MRR
    over those with one graded 2 or 3: for the others the ideal is "nothing",
    which neither metric can score. Those needs with no graded provider at all
    are scored by ``quiet`` instead: 1 when the run shows nothing for them, 0
    otherwise. ``shown``: how many results of each need a page would show
    (the system's, above the pages' floor); without it every result returned counts.
    """
    per_need = {}
    for nid, grades in judgments.items():
        ranked = rankings.get(nid, [])
        count = shown[nid] if shown is not None and nid in shown else len(ranked)
        per_need[nid] = {
            "ndcg@10": ndcg_at_k(ranked, grades) if grades else None,
            "mrr": mrr(ranked, grades) if max(grades.values(), default=0) >= RELEVANT else None,
            "quiet": None if grades else float(count == 0),
            "shown": count,
            "ranked": ranked[:K],
        }
    return {**summarise(per_need), "per_need": per_need}


def summarise(per_need: dict[str, dict]) -> dict:
    """The means of each metric over the needs it applies to, and how many those are."""
    out = {}
    for metric in ("ndcg@10", "mrr", "quiet"):
        values = [r[metric] for r in per_need.values() if r[metric] is not None]
        out[metric] = sum(values) / len(values) if values else None
        out[f"{metric} needs"] = len(values)
    return out


# Data ---------------------------------------------------------------------


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_set(
    data: Path, which: str = "main"
) -> tuple[list[dict], list[dict], dict[str, dict[str, int]]]:
    """The providers, needs and judgments of one set of needs (``SETS``) in ``data``."""
    providers = load_jsonl(data / "providers.jsonl")
    needs: list[dict] = []
    judgments: dict[str, dict[str, int]] = {}
    for needs_file, judgments_file in SETS[which]:
        missing = [f for f in (needs_file, judgments_file) if not (data / f).exists()]
        if missing:
            raise SystemExit(f"--set {which}: {data} has no {' or '.join(missing)}")
        more = json.loads((data / judgments_file).read_text(encoding="utf-8"))
        twice = sorted(more.keys() & judgments.keys())
        if twice:
            raise SystemExit(f"--set {which}: needs judged in two files: {', '.join(twice)}")
        needs += load_jsonl(data / needs_file)
        judgments.update(more)
    provider_ids = {p["external_id"] for p in providers}
    ids = [n["external_id"] for n in needs]
    need_ids = set(ids)
    problems = [f"judged need {nid} is not in the needs" for nid in judgments.keys() - need_ids]
    problems += [f"need {nid} is there twice" for nid, n in Counter(ids).items() if n > 1]
    problems += [
        f"{nid}: judged provider {pid} is not in providers.jsonl"
        for nid, grades in judgments.items()
        for pid in grades
        if pid not in provider_ids
    ]
    problems += [
        f"{nid}: grade {g} for {pid} is not 1, 2 or 3"
        for nid, grades in judgments.items()
        for pid, g in grades.items()
        if g not in (1, 2, 3)
    ]
    if problems:
        raise SystemExit("The data set is inconsistent:\n  " + "\n  ".join(problems))
    unjudged = need_ids - judgments.keys()
    if unjudged:
        print(f"note: {len(unjudged)} needs have no judgments and are not scored", file=sys.stderr)
    return providers, needs, judgments


# Baseline: plain BM25 -----------------------------------------------------

TOKEN = re.compile(r"[^\W_]+")  # runs of letters and digits, any script


def tokenize(text: str) -> list[str]:
    """Lower-case, split on anything that is not a letter or digit. No stemming."""
    return TOKEN.findall(text.lower())


def provider_text(p: dict) -> str:
    parts = [p.get("name"), p.get("headline"), p.get("description"), p.get("bio")]
    parts += [s.get("name") for s in p.get("skills") or []]
    parts += p.get("services") or []
    return " ".join(x for x in parts if x)


class BM25:
    """Okapi BM25 with Lucene's non-negative idf, over unique query terms."""

    def __init__(self, docs: dict[str, list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tf = {doc_id: Counter(tokens) for doc_id, tokens in docs.items()}
        self.length = {doc_id: len(tokens) for doc_id, tokens in docs.items()}
        self.avgdl = sum(self.length.values()) / max(len(docs), 1)
        df = Counter(term for tf in self.tf.values() for term in tf)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def scores(self, query: list[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc_id, tf in self.tf.items():
                f = tf.get(term)
                if f:
                    norm = 1 - self.b + self.b * self.length[doc_id] / self.avgdl
                    out[doc_id] = out.get(doc_id, 0.0) + idf * f * (self.k1 + 1) / (
                        f + self.k1 * norm
                    )
        return out

    def rank(self, query: list[str], limit: int = K) -> list[str]:
        scores = self.scores(query)
        return sorted(scores, key=lambda d: (-scores[d], d))[:limit]


def need_text(need: dict) -> str:
    return f"{need.get('title', '')} {need.get('description', '')}"


def run_baseline(providers: list[dict], needs: list[dict]) -> dict[str, list[str]]:
    index = BM25({p["external_id"]: tokenize(provider_text(p)) for p in providers})
    return {n["external_id"]: index.rank(tokenize(need_text(n))) for n in needs}


# The system: the match API ------------------------------------------------


class SystemRunError(RuntimeError):
    pass


def run_system(
    providers_path: Path,
    needs: list[dict],
    *,
    allow_nonempty: bool,
    reindex: bool,
    limit: int = K,
    prepare=None,
) -> dict:
    """Import the providers into a fresh database and ask the match API for the best
    ``limit`` of each need: their ids in order (``rankings``) and scores (``scores``).
    ``prepare``: called once Django is set up, before anything else (a diagnostic
    that changes the matching in-process, bench/matching/oracle.py)."""
    tmp = tempfile.mkdtemp(prefix="klynge-bench-matching-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    caller_db = "DATABASE_URL" in os.environ
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/eval.sqlite3")
    os.environ.setdefault("KLYNGE_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    if prepare is not None:
        prepare()

    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.test import Client

    from klynge.directory.models import Company, Person

    def step(label: str, *args, **kwargs) -> None:
        """call_command(*args, **kwargs), naming the step if it fails."""
        try:
            call_command(*args, **kwargs)
        except Exception as exc:
            raise SystemRunError(f"{label} failed: {type(exc).__name__}: {exc}") from exc

    # The setup steps of docs/operations.md, then the import.
    step("manage.py migrate", "migrate", verbosity=0)
    if caller_db and not allow_nonempty and (Person.objects.exists() or Company.objects.exists()):
        raise SystemRunError(
            f"DATABASE_URL points at a database ({connection.settings_dict['NAME']}) that already "
            "holds people or companies. Run against a throwaway database, e.g. "
            "`.venv/bin/python tests/with_postgres.py .venv/bin/python "
            "bench/matching/evaluate.py --system`, or pass --allow-nonempty-db."
        )
    step("manage.py createcachetable", "createcachetable", verbosity=0)
    if "load_taxonomy" in get_commands():
        step("manage.py load_taxonomy", "load_taxonomy", stdout=io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    step(
        "manage.py import_members",
        "import_members",
        str(providers_path),
        "--no-progress",
        stdout=out,
        stderr=err,
    )
    summary = out.getvalue().strip()
    if err.getvalue().strip():
        print(err.getvalue().strip(), file=sys.stderr)
    if reindex:
        step("manage.py reindex", "reindex", no_progress=True, stdout=io.StringIO())

    try:  # what a page shows: the results at or above its floor
        from klynge.directory.providers import SHOWN_FROM
    except ImportError:
        SHOWN_FROM = 0.0
    client = Client()
    rankings: dict[str, list[str]] = {}
    scores: dict[str, list[float]] = {}
    shown: dict[str, int] = {}
    for need in needs:
        response = client.post(
            f"/api/v1/match?limit={limit}", data=json.dumps(need), content_type="application/json"
        )
        if response.status_code == 404:
            raise SystemRunError(
                "POST /api/v1/match answered 404 Not Found: the match API does not exist yet "
                "(it is being built; see shared/spec/interchange.md, 'Matching API'). The "
                "baseline runs without it: --baseline."
            )
        if response.status_code != 200:
            body = response.content.decode("utf-8", "replace")[:500]
            raise SystemRunError(
                f"POST /api/v1/match answered {response.status_code} for need "
                f"{need['external_id']}: {body}"
            )
        try:
            results = response.json()["results"]
            rankings[need["external_id"]] = [str(r["external_id"]) for r in results]
            scores[need["external_id"]] = [float(r.get("score", 0)) for r in results]
            shown[need["external_id"]] = sum(r.get("score", 1) >= SHOWN_FROM for r in results)
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemRunError(
                f"POST /api/v1/match for need {need['external_id']} did not return "
                f'{{"results": [{{"external_id": ...}}, ...]}} as the spec says ({exc!r})'
            ) from exc
    if not any(rankings.values()):
        print(
            "warning: the match API returned no results for any need. Does import_members "
            "index what it imports? Try --reindex to rebuild the index after the import.",
            file=sys.stderr,
        )
    engine = connection.vendor
    return {
        "rankings": rankings,
        "scores": scores,
        "shown": shown,
        "import": summary,
        "database": engine,
    }


def run_shipped(needs: list[dict], limit: int = K, prepare=None) -> dict:
    """``run_system`` on the shipped providers, in a throwaway database (the bench
    scripts beside this one)."""
    return run_system(
        DEFAULT_DATA / "providers.jsonl",
        needs,
        allow_nonempty=False,
        reindex=False,
        limit=limit,
        prepare=prepare,
    )


def load_sets(names: str) -> dict[str, tuple[list[dict], list[dict], dict]]:
    """Each of the comma-separated sets (``SETS``) of the shipped data, loaded."""
    sets = names.split(",")
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        raise SystemExit(f"unknown set: {', '.join(unknown)}")
    return {s: load_set(DEFAULT_DATA, s) for s in sets}


# Groups -------------------------------------------------------------------

# Words only one of the three languages uses, to tell what a need is written in.
_NYNORSK = set(
    "eg ikkje ein eit kva korleis kvar dei treng noko nokon heilt berre frå meir mykje "
    "gjere tek kjem ønskjer seier tilsette òg kor".split()
)
_BOKMAAL = set(
    "jeg ikke en et hva hvordan hvor de dem trenger noe noen helt bare fra mer mye gjøre "
    "tar kommer ønsker sier ansatte også innbyggere lokaler".split()
)
_ENGLISH = set("the and our we to for is a of in with".split())
# Needs that ask for several competences at once (README: eleven of n-041-n-085,
# eight of the held-out h-001-h-040, seven of the second held-out g-001-g-040,
# seven of the third held-out k-001-k-040, seven of the fourth held-out m-001-m-040).
SEVERAL = {f"n-0{i}" for i in (51, 52, 53, 54, 55, 56, 57, 58, 66, 83, 85)}
SEVERAL |= {f"h-0{i:02}" for i in (8, 10, 23, 29, 32, 35, 39, 40)}
SEVERAL |= {f"g-0{i:02}" for i in (2, 8, 15, 16, 18, 22, 31)}
SEVERAL |= {f"k-0{i:02}" for i in (5, 8, 9, 18, 23, 30, 38)}
SEVERAL |= {f"m-0{i:02}" for i in (2, 7, 8, 16, 20, 27, 28)}
SEVERAL |= {f"r-0{i:02}" for i in (1, 10, 14, 16, 20, 30, 36, 40)}
SEVERAL |= {f"s-0{i:02}" for i in (3, 5, 8, 20, 24, 39, 40)}
SEVERAL |= {f"t-0{i:02}" for i in (8, 10, 15, 17, 19, 21, 31, 33)}
SEVERAL |= {f"u-0{i:02}" for i in (1, 3, 6, 10, 12, 19, 26, 27, 28)}


def language(need: dict) -> str:
    """nb, nn or en, by the words only one of them uses."""
    words = re.findall(r"[a-zæøå']+", need_text(need).lower())
    en, nn, nb = (sum(w in s for w in words) for s in (_ENGLISH, _NYNORSK, _BOKMAAL))
    if en >= 3 and en > nn + nb:
        return "en"
    return "nn" if nn > nb else "nb"


_SET_PREFIXES = {
    "h": "heldout",
    "g": "heldout2",
    "k": "heldout3",
    "m": "heldout4",
    "r": "heldout5",
    "s": "heldout6",
    "t": "heldout7",
    "u": "heldout8",
}


def _set_of(nid: str) -> str:
    return _SET_PREFIXES.get(nid[:1], "main")


def groups(needs: list[dict], judgments: dict[str, dict[str, int]]) -> dict[str, set[str]]:
    """The need groups the set was grown for, and two halves (odd and even ids)
    for checking that a change chosen on one half also helps the other."""
    out: dict[str, set[str]] = {}
    both = len({_set_of(n["external_id"]) for n in needs}) > 1
    for need in needs:
        nid = need["external_id"]
        grades = judgments.get(nid)
        if grades is None:
            continue
        names = [f"language {language(need)}", f"posted by {need.get('posted_by', '?')}"]
        names.append("odd ids" if int(re.sub(r"\D", "", nid) or 0) % 2 else "even ids")
        if nid in SEVERAL:
            names.append("several competences")
        if both:
            names.append(f"set {_set_of(nid)}")
        if max(grades.values(), default=0) < 3:
            names.append("few or no good providers")
        for name in names:
            out.setdefault(name, set()).add(nid)
    return dict(sorted(out.items()))


# Output -------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return f"{value:>8.3f}" if value is not None else f"{'-':>8}"


def print_table(report: dict, per_need: bool, split: str | None = None) -> None:
    runs = report["runs"]
    print(
        f"Matching: {report['needs']} needs ({report['judged_pairs']} judged pairs), "
        f"{report['providers']} providers, from {report['data']}"
        + (f" (set {report['set']})" if report["set"] != "main" else "")
    )
    if "system" in report:
        print(f"System on {report['system']['database']}; import: {report['system']['import']}")
    print()
    first = next(iter(runs.values()))
    counts = (
        f"(over {first['ndcg@10 needs']}, {first['mrr needs']} and {first['quiet needs']} needs)"
    )
    print(f"{'run':<18} {'nDCG@10':>8} {'MRR':>8} {'quiet':>8}  {counts}")
    parts = [("", lambda nid: True)]
    if split:
        parts += [
            (f" <= {split}", lambda nid: nid <= split),
            (f" > {split}", lambda nid: nid > split),
        ]
    for label, keep in parts:
        for name, run in runs.items():
            part = summarise({n: r for n, r in run["per_need"].items() if keep(n)})
            cells = " ".join(_cell(part[m]) for m in ("ndcg@10", "mrr", "quiet"))
            print(f"{name + label:<18} {cells}")
    if report.get("groups"):
        print()
        print(f"{'group':<28} {'needs':>5} " + " ".join(f"{n + ' nDCG':>13}" for n in runs))
        for group, ids in report["groups"].items():
            cells = []
            for run in runs.values():
                part = summarise({n: r for n, r in run["per_need"].items() if n in ids})
                cells.append(f"{_cell(part['ndcg@10']):>13}")
            print(f"{group:<28} {len(ids):>5} " + " ".join(cells))
    if per_need:
        names = list(runs)
        print()
        print(f"{'need':<8} " + " ".join(f"{n + ' nDCG':>13}" for n in names) + "  title")
        titles = report["titles"]
        for nid in first["per_need"]:
            cells = []
            for n in names:
                r = runs[n]["per_need"][nid]
                value = r["ndcg@10"] if r["ndcg@10"] is not None else r["quiet"]
                cells.append(f"{value:>12.3f}" + (" " if r["ndcg@10"] is not None else "q"))
            print(f"{nid:<8} {' '.join(cells)}  {titles.get(nid, '')[:60]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", action="store_true", help="score plain BM25 (default)")
    parser.add_argument("--system", action="store_true", help="also score POST /api/v1/match")
    parser.add_argument("--per-need", action="store_true", help="nDCG@10 of each need")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--split", metavar="ID", help="also score the needs up to ID and those after it apart"
    )
    parser.add_argument(
        "--groups",
        action="store_true",
        help="also nDCG@10 by need group (language, sector, several competences, "
        "few providers) and by odd and even ids",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the set")
    parser.add_argument(
        "--set",
        choices=list(SETS),
        default="main",
        help="which needs: main (needs.jsonl, the default), heldout (heldout_needs.jsonl), "
        "heldout2 (heldout2_needs.jsonl), heldout3 (heldout3_needs.jsonl), "
        "heldout4 (heldout4_needs.jsonl), heldout5 (heldout5_needs.jsonl), "
        "heldout6 (heldout6_needs.jsonl), heldout7 (heldout7_needs.jsonl), "
        "heldout8 (heldout8_needs.jsonl) or all (every set)",
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --system: run manage.py reindex after the import",
    )
    parser.add_argument(
        "--allow-nonempty-db",
        action="store_true",
        help="with a DATABASE_URL of yours: import even if it already holds members",
    )
    args = parser.parse_args(argv)

    providers, needs, judgments = load_set(args.data, args.set)
    report: dict = {
        "data": str(args.data),
        "set": args.set,
        "needs": len(judgments),
        "providers": len(providers),
        "judged_pairs": sum(len(g) for g in judgments.values()),
        "titles": {n["external_id"]: n.get("title", "") for n in needs},
        "runs": {},
    }
    if args.groups:
        report["groups"] = {k: sorted(v) for k, v in groups(needs, judgments).items()}
    report["runs"]["bm25"] = score_run(run_baseline(providers, needs), judgments)
    if args.system:
        try:
            system = run_system(
                args.data / "providers.jsonl",
                needs,
                allow_nonempty=args.allow_nonempty_db,
                reindex=args.reindex,
            )
        except SystemRunError as exc:
            if exc.__cause__ is not None:
                traceback.print_exception(exc.__cause__, file=sys.stderr)
            print(f"\n--system failed: {exc}", file=sys.stderr)
            return 2
        report["system"] = {"database": system["database"], "import": system["import"]}
        report["runs"]["system"] = score_run(system["rankings"], judgments, system["shown"])

    if args.json:
        if not args.per_need:
            for run in report["runs"].values():
                run.pop("per_need")
        report.pop("titles")
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report, args.per_need, args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
