"""How far would reading the need perfectly take the matching? A diagnostic, not a feature.

    .venv/bin/python bench/matching/oracle.py [--set main,heldout,...] [--no-text]
    .venv/bin/python bench/matching/oracle.py --recall   # the system as it is: found, or ranked?

Runs the match API as ``evaluate.py --system`` does, but each need is told
which competences it asks for by the judgments: the competences that the
need's providers graded 2 or 3 hold more often than the providers graded 0
(by at least ``--margin`` of the share, 0.3 by default), at most three, best
first. Those replace what the analyzer found; the need's words stay, unless
``--no-text``. If this scores far above the system, what falls short is
reading the need (its words to competences), not how providers are stored or
scored. It reads the judgments, so it says nothing about any single need and
must never choose a change; the default leaves out ``heldout6``.

``--recall`` runs the system as it is instead and says where the providers
graded 3 are: among its best 100, at or above the pages' floor, in its top ten.

``--ticks`` plays a poster on the need form: of the competences the form
offers to tick (``implied.suggested``), they tick those the judgments support
(the told ones above), and the need is matched with them chosen. How far the
offer can carry a poster who knows what they need.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402  (the labelled set, its metrics and the system run)

DEFAULT_SETS = "main,heldout,heldout2,heldout3,heldout4,heldout5"
TOP = 3


def told(
    needs: list[dict], judgments: dict, held: dict[str, set[str]], margin: float
) -> dict[str, list[str]]:
    """Each judged need's title -> the competences its good providers share."""
    out = {}
    for need in needs:
        grades = judgments.get(need["external_id"]) or {}
        good = [p for p, g in grades.items() if g >= evaluate.RELEVANT]
        if not good:
            continue
        others = [p for p in held if grades.get(p, 0) == 0]
        among_good = Counter(c for p in good for c in held[p])
        among_others = Counter(c for p in others for c in held[p])
        lift = {c: n / len(good) - among_others[c] / len(others) for c, n in among_good.items()}
        best = sorted((c for c in lift if lift[c] >= margin), key=lambda c: (-lift[c], c))
        out[need["title"]] = best[:TOP]
    return out


def recall(sets: list[str], loaded: dict, needs: list[dict]) -> int:
    """The share of the providers graded 3 the system returns at all (its best 100),
    at or above the pages' floor, and in its top ten, set by set."""
    system = evaluate.run_shipped(needs, limit=100)
    from klynge.directory.providers import SHOWN_FROM  # Django is set up by now

    print(f"{'set':<10} {'graded 3':>8} {'best 100':>9} {'floor':>7} {'top 10':>7}")
    for s in sets:
        counts = Counter()
        for nid, grades in loaded[s][2].items():
            ranked = system["rankings"][nid]
            shown = [
                p for p, x in zip(ranked, system["scores"][nid], strict=True) if x >= SHOWN_FROM
            ]
            for pid in (p for p, g in grades.items() if g == 3):
                counts["all"] += 1
                counts["best 100"] += pid in ranked
                counts["floor"] += pid in shown
                counts["top 10"] += pid in ranked[: evaluate.K]
        shares = [counts[k] / (counts["all"] or 1) for k in ("best 100", "floor", "top 10")]
        print(f"{s:<10} {counts['all']:>8} " + " ".join(f"{v:>8.2f}" for v in shares))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=DEFAULT_SETS, help="comma-separated sets of evaluate.py")
    parser.add_argument("--margin", type=float, default=0.3, help="least lift of a told competence")
    parser.add_argument("--no-text", action="store_true", help="drop the need's words too")
    parser.add_argument("--recall", action="store_true", help="where the system puts grade 3")
    parser.add_argument("--ticks", action="store_true", help="tick the right offered ones")
    args = parser.parse_args(argv)
    loaded = evaluate.load_sets(args.set)
    sets = list(loaded)
    needs = [n for s in sets for n in loaded[s][1]]
    judgments = {nid: g for s in sets for nid, g in loaded[s][2].items()}
    state: dict = {}

    def patch() -> None:
        """Once Django is set up by the run: wrap matching._need with the told competences."""
        from klynge.competence import matching
        from klynge.competence import weights as W
        from klynge.competence.index import read_concepts
        from klynge.competence.models import SearchDocument
        from klynge.directory.models import Company, Person
        from klynge.lib.analyzer import concept_token

        plain = matching._need

        def need_told(title, description, municipality, *, related=True, chosen=()):
            need = plain(title, description, municipality, related=related, chosen=chosen)
            if "told" not in state:  # the providers are imported by now
                ids = {("person", p.pk): p.external_id for p in Person.objects.all()}
                ids |= {("company", c.pk): c.external_id for c in Company.objects.all()}
                held = {
                    ids[(d.kind, d.object_id)]: set(read_concepts(d.concepts))
                    for d in SearchDocument.objects.filter(audience="public")
                }
                state["told"] = told(needs, judgments, held, args.margin)
            concepts = state["told"].get(title)
            if not concepts or not related:
                return need
            if args.ticks:
                offered = matching.offer(need)
                ticked = [slug for slug in offered if slug in concepts]
                state["offered"] = state.get("offered", 0) + len(offered)
                state["ticked"] = state.get("ticked", 0) + len(ticked)
                return plain(title, description, municipality, related=related, chosen=ticked)
            tokens = [concept_token(slug) for slug in concepts]
            need.concepts[:] = concepts
            need.asked, need.setting = frozenset(concepts), frozenset()
            need.implied, need.lone = frozenset(), frozenset()
            need.terms[:] = tokens if args.no_text else need.terms + tokens
            need.boost.update(dict.fromkeys(tokens, W.TITLE_BOOST))
            return need

        matching._need = need_told

    if args.recall:
        return recall(sets, loaded, needs)

    system = evaluate.run_shipped(needs, prepare=patch)
    if args.ticks:
        print(
            f"nDCG@10 with the offered competences the judgments support ticked "
            f"({state['ticked']} of {state['offered']} offered; margin {args.margin})"
        )
    else:
        print(
            f"nDCG@10 with each need told its competences (margin {args.margin}"
            + (", no words" if args.no_text else "")
            + ")"
        )
    for s in sets:
        run = evaluate.score_run(system["rankings"], loaded[s][2], system["shown"])
        print(f"{s:<10} {run['ndcg@10']:.3f}")
    run = evaluate.score_run(system["rankings"], judgments, system["shown"])
    print(f"{'together':<10} {run['ndcg@10']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
