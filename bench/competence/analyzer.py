"""What analysing a text costs: the analyzer over the labelled set's texts.

    .venv/bin/python bench/competence/analyzer.py [ROUNDS]

Migrates a fresh database, loads the taxonomy, then analyses every provider
text and every need of bench/matching/data (as ``evaluate.provider_text`` and
``need_text`` put them together) ROUNDS times (default 20) with the real
vocabulary, and reports the median over rounds of the mean time per text in
microseconds, and how many concepts the texts name. The analyzer runs for
every saved profile and every need posted, so this is the part of indexing
and matching that a change to the analyzer moves.
"""

import io
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))
import evaluate  # noqa: E402  (bench/matching/evaluate.py: the labelled set and its texts)


def texts() -> list[str]:
    """Every provider's and every need's text, as the matching benchmark reads them."""
    providers, needs, _ = evaluate.load_set(evaluate.DEFAULT_DATA, "all")
    return [evaluate.provider_text(p) for p in providers] + [evaluate.need_text(n) for n in needs]


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
