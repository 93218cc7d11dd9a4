"""The analyzer under threads (gunicorn --threads, runserver): every stem right, and only
right stems memoised.

Snowball stemmers keep the word being stemmed in the stemmer object, so one
stemmer shared by threads mixed their words up: wrong stems, or an IndexError
(ten 500s from twelve concurrent POST /api/v1/match on runserver).
"""

import random
import string
import sys
import threading

import pytest
import snowballstemmer

from klynge.lib import analyzer

THREADS = 8
WORDS_PER_THREAD = 3000

# Norwegian and English endings the stemmers work hardest on, so that every word
# goes through many steps of the stemmer (more room for a thread to cut in).
ENDINGS = ["ene", "ane", "heten", "elser", "ende", "ingen", "ernes", "ations", "fulness", "ing"]


def words_for(thread: int) -> list[str]:
    """Words no other thread stems and no test stemmed before (the memo must miss)."""
    rng = random.Random(thread)
    letters = string.ascii_lowercase + "æøå"
    return [
        f"t{thread}x{n}" + "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
        + rng.choice(ENDINGS)
        for n in range(WORDS_PER_THREAD)
    ]  # fmt: skip


@pytest.fixture
def switch_often():
    """Let the interpreter switch threads every microsecond instead of every 5 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_it_stems_in_many_threads_at_once_as_it_does_in_one(switch_often):
    analyzer.stem.cache_clear()
    analyzer.english_stem.cache_clear()
    # The right answers, from a stemmer this test owns, one thread (the English stem
    # is plain string work with no shared state, unmemoised here).
    norwegian = snowballstemmer.stemmer("norwegian")
    english = analyzer.english_stem.__wrapped__
    words = {t: words_for(t) for t in range(THREADS)}
    expected = {t: [(norwegian.stemWord(w), english(w)) for w in ws] for t, ws in words.items()}
    results: dict[int, list] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(t: int) -> None:
        start.wait()
        try:
            results[t] = [(analyzer.stem(w), analyzer.english_stem(w)) for w in words[t]]
        except BaseException as exc:  # an IndexError inside the stemmer, as in production
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, f"{len(errors)} threads failed, the first with {errors[0]!r}"
    wrong = [
        (w, got, want)
        for t in range(THREADS)
        for w, got, want in zip(words[t], results[t], expected[t], strict=True)
        if got != want
    ]
    assert not wrong, f"{len(wrong)} wrong stems, for example {wrong[:3]}"
    # stem() and english_stem() are memoised: what the memo now holds for these
    # words is what later calls get, and it must be the right stem too.
    memo_wrong = [
        w
        for t in range(THREADS)
        for w, want in zip(words[t], expected[t], strict=True)
        if (analyzer.stem(w), analyzer.english_stem(w)) != want
    ]
    assert not memo_wrong, f"{len(memo_wrong)} wrong stems memoised"


def test_analyze_gives_the_same_terms_in_threads(switch_often):
    texts = [" ".join(words_for(100 + t)[:300]) for t in range(4)]
    analyzer.stem.cache_clear()
    analyzer.english_stem.cache_clear()
    alone = [analyzer.analyze(text).terms for text in texts]
    analyzer.stem.cache_clear()
    analyzer.english_stem.cache_clear()
    together: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            together[i] = analyzer.analyze(texts[i]).terms
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, repr(errors[0])
    assert [together[i] for i in range(len(texts))] == alone
