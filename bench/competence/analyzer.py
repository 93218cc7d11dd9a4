"""What analysing a text costs: the analyzer over the labelled set's texts.

    .venv/bin/python bench/competence/analyzer.py [ROUNDS]

Migrates a fresh database, loads the taxonomy, then analyses every provider
text and every need of bench/matching/data (title and description; bio,
headline, skills and services) ROUNDS times (default 20) with the real
vocabulary, and reports the median over rounds of the mean time per text in
microseconds, and how many concepts the texts name. The analyzer runs for
every saved profile and every need posted, so this is the part of indexing
and matching that a change to the analyzer moves.
"""

import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.django_env import setup_django  # noqa: E402

setup_django()

from django.core.management import call_command  # noqa: E402

from klynge.competence.vocabulary import vocabulary  # noqa: E402
from klynge.lib.analyzer import analyze  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "matching" / "data"
FIELDS = ("title", "description", "headline", "bio", "skills", "services")


def _strings(value) -> list[str]:
    """Every string in a field: skills and services are lists of strings or objects."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def texts() -> list[str]:
    out = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out.append(" ".join(s for name in FIELDS for s in _strings(record.get(name))))
    return out


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_taxonomy", stdout=io.StringIO())
    vocab = vocabulary()
    corpus = texts()
    concepts = sum(len(analyze(text, vocab).concepts) for text in corpus)
    per_text = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in corpus:
            analyze(text, vocab)
        per_text.append((time.perf_counter() - start) / len(corpus) * 1e6)
    print(f"{len(corpus)} texts, {sum(len(t.split()) for t in corpus)} words, {concepts} concepts")
    print(f"analyze: median {statistics.median(per_text):.0f} µs per text over {rounds} rounds")


if __name__ == "__main__":
    main()
