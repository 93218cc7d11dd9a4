"""Would learning from answered needs help the matching? An experiment, not a feature.

    .venv/bin/python bench/matching/examples.py [--set main,heldout,...] [--k 5] [--least 0.1]

As the hub runs, it could learn who was right for which need ("Hvem fikk
oppdraget?", answers, invitations). The judged needs stand in for that
history: each need of a set is matched as it is, and then its similar needs
*in the other sets* (leave one set out) vote for the providers they were
judged good for, and the vote re-ranks the system's best 100: a provider's
score becomes the system's (over the need's best score) plus ``weight``
times its prior, the similarity-weighted mean of its grades (out of 3) over
the ``k`` most similar needs at or above ``least`` cosine similarity.
``--share`` learns from a seeded sample of the other sets' needs instead of all
of them: does the gain grow with the history? The
table shows each set and all of them together for a few weights; weight 0 is
the system as it is.

Similarity is the cosine of the needs' stems (the analyzer's terms, which
leave out filler words, without place names), each weighed by its idf among
the other sets' needs. No set is ever told about its own judgments.

The sets from ``heldout7`` on were written to judge changes blind: the default
leaves them out, and running one here uses it up.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402  (the labelled set, its metrics and the system run)

DEFAULT_SETS = "main,heldout,heldout2,heldout3,heldout4,heldout5,heldout6"
WEIGHTS = (0.0, 0.2, 0.5, 1.0)


class Pool:
    """Judged needs to learn from: their stems and grades, and the stems' idf."""

    def __init__(self, examples: list[tuple[frozenset[str], dict[str, int]]]):
        self.examples = examples
        df = Counter(t for stems, _ in examples for t in stems)
        size = len(examples)
        self.idf = {t: math.log((size + 1) / (n + 1)) for t, n in df.items()}
        self.norms = [self._norm(stems) for stems, _ in examples]  # once, not per need

    def _norm(self, stems: frozenset[str]) -> float:
        return math.sqrt(sum(self.idf.get(t, 0.0) ** 2 for t in stems))

    def similar(
        self, stems: frozenset[str], k: int, least: float
    ) -> list[tuple[float, dict[str, int]]]:
        """The ``k`` most similar examples at or above ``least``, most similar first:
        (cosine similarity, their grades). A stem no example holds counts in
        neither."""
        mine = self._norm(stems)
        if not mine:
            return []
        found = []
        for (theirs, grades), norm in zip(self.examples, self.norms, strict=True):
            shared = sum(self.idf.get(t, 0.0) ** 2 for t in stems & theirs)
            if shared:
                found.append((shared / (mine * norm), grades))
        found.sort(key=lambda pair: -pair[0])
        return [pair for pair in found[:k] if pair[0] >= least]


def prior(near: list[tuple[float, dict[str, int]]]) -> dict[str, float]:
    """Each provider's similarity-weighted mean grade (0 to 1) over the similar needs;
    a need that did not grade it counts as 0."""
    total = sum(sim for sim, _ in near)
    out: Counter = Counter()
    for sim, grades in near:
        for provider, grade in grades.items():
            out[provider] += sim * grade / 3 / total
    return dict(out)


def rerank(ranked: list[str], scores: list[float], votes: dict[str, float], weight: float):
    """The system's ranking re-ordered by its score (over the best one) plus
    ``weight`` times the vote; ties keep the system's order."""
    best = max(scores, default=0.0) or 1.0
    combined = {
        p: s / best + weight * votes.get(p, 0.0) for p, s in zip(ranked, scores, strict=True)
    }
    return sorted(ranked, key=lambda p: -combined[p])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=DEFAULT_SETS, help="comma-separated sets of evaluate.py")
    parser.add_argument("--k", type=int, default=5, help="similar needs that vote")
    parser.add_argument("--least", type=float, default=0.1, help="least similarity that votes")
    parser.add_argument(
        "--share", type=float, default=1.0, help="learn from this share of the other needs"
    )
    args = parser.parse_args(argv)
    loaded = evaluate.load_sets(args.set)
    if len(loaded) < 2:
        raise SystemExit("--set: at least two sets, to leave one out")
    needs = [n for _, set_needs, _ in loaded.values() for n in set_needs]
    system = evaluate.run_shipped(needs, limit=100)
    from klynge.competence.vocabulary import analyze_text, place_terms  # set up by now

    places = place_terms()
    stems = {
        n["external_id"]: frozenset(
            t
            for t in analyze_text(f"{n['title']}\n{n.get('description', '')}").terms
            if t not in places
        )
        for n in needs
    }
    votes, sizes = {}, []
    for name, (_, set_needs, _) in loaded.items():
        history = [
            (stems[nid], grades)
            for other, (_, _, judged) in loaded.items()
            if other != name
            for nid, grades in judged.items()
            if grades
        ]
        pool = Pool(random.Random(name).sample(history, round(args.share * len(history))))
        sizes.append(len(pool.examples))
        for n in set_needs:
            votes[n["external_id"]] = prior(
                pool.similar(stems[n["external_id"]], args.k, args.least)
            )

    print(
        f"nDCG@10, re-ranked by the other sets' similar needs (k {args.k}, "
        f"least {args.least}; {min(sizes)}-{max(sizes)} judged needs to learn from)"
    )
    print(f"{'weight':<8}" + "".join(f"{s[:9]:>10}" for s in loaded) + f"{'together':>10}")
    for weight in WEIGHTS:
        rankings = {
            nid: rerank(system["rankings"][nid], system["scores"][nid], votes[nid], weight)
            for nid in system["rankings"]
        }
        row = [
            evaluate.score_run(rankings, judged, system["shown"])["ndcg@10"]
            for _, _, judged in loaded.values()
        ]
        every = {nid: g for _, _, judged in loaded.values() for nid, g in judged.items()}
        row.append(evaluate.score_run(rankings, every, system["shown"])["ndcg@10"])
        print(f"{weight:<8}" + "".join(f"{v:>10.3f}" for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
