"""What analysing a text costs: the analyzer over the labelled set's texts.

    .venv/bin/python bench/competence/analyzer.py [ROUNDS]

Migrates a fresh database, loads the taxonomy, then analyses every provider
text and every need of bench/matching/data (as ``evaluate.provider_text`` and
``need_text`` put them together) ROUNDS times (default 20) with the real
vocabulary, and reports the median over rounds of the mean time per text in
microseconds, and how many concepts the texts name. The analyzer runs for
every saved profile and every need posted, so this is the part of indexing
and matching that a change to the analyzer moves.

It also times what a need pays on top (``klynge.competence.implied``): building
the competences' stem profiles, once per process and taxonomy version (median
of 5 builds), and reading what each need implies and which of its named
competences are lone (median over rounds of the mean per need).
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

from klynge.competence import implied  # noqa: E402
from klynge.competence.vocabulary import vocabulary  # noqa: E402
from klynge.lib.analyzer import analyze  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "matching"))
import evaluate  # noqa: E402  (bench/matching/evaluate.py: the labelled set and its texts)


def texts() -> tuple[list[str], list[str]]:
    """Every provider's and every need's text, as the matching benchmark reads them."""
    providers, needs, _ = evaluate.load_set(evaluate.DEFAULT_DATA, "all")
    return [evaluate.provider_text(p) for p in providers], [evaluate.need_text(n) for n in needs]


def time_implied(vocab, needs: list[str], rounds: int) -> None:
    from klynge.competence.vocabulary import _state

    names = _state["names"]
    builds = []
    for _ in range(5):
        start = time.perf_counter()
        profiles = implied.build(names, vocab)
        builds.append((time.perf_counter() - start) * 1e3)
    analysed = [analyze(text, vocab) for text in needs]
    found = sum(len(implied.implied(a.terms, a.concepts, profiles)) for a in analysed)
    per_need = []
    for _ in range(rounds):
        start = time.perf_counter()
        for a in analysed:
            implied.implied(a.terms, a.concepts, profiles)
            implied.lone(a.terms, a.concepts, profiles)
        per_need.append((time.perf_counter() - start) / len(analysed) * 1e6)
    print(
        f"profiles of {len(names)} competences, {sum(map(len, names.values()))} names: "
        f"median {statistics.median(builds):.0f} ms to build over 5"
    )
    print(
        f"implied and lone: median {statistics.median(per_need):.0f} µs per need over "
        f"{rounds} rounds ({found} implied competences in {len(needs)} needs)"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_taxonomy", stdout=io.StringIO())
    vocab = vocabulary()
    providers, needs = texts()
    corpus = providers + needs
    concepts = sum(len(analyze(text, vocab).concepts) for text in corpus)
    per_text = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in corpus:
            analyze(text, vocab)
        per_text.append((time.perf_counter() - start) / len(corpus) * 1e6)
    print(f"{len(corpus)} texts, {sum(len(t.split()) for t in corpus)} words, {concepts} concepts")
    print(f"analyze: median {statistics.median(per_text):.0f} µs per text over {rounds} rounds")
    time_implied(vocab, needs, rounds)


if __name__ == "__main__":
    main()
