"""One text analyzer for indexing and for queries, in bokmål, nynorsk and English.

Pure Python, no Django: the competence app builds a ``Vocabulary`` from its
taxonomy and passes it in. The steps, in order:

1. normalise (Unicode NFKC, case-folding) and tokenise; "e-handel" also gives "ehandel";
2. drop function words (nb, nn, en; ``klynge.lib.stopwords``);
3. stem every word with the Norwegian Snowball stemmer, which handles most
   nynorsk endings too, and add the English stem (inflection only: plural,
   -ed, -ing) where it differs;
4. split Norwegian compounds into words the vocabulary knows
   ("nettbutikkløysing" -> nettbutikk + løysing), keeping the whole word too;
5. find the taxonomy's terms, one or more words long, and add a concept token
   for each competence they name, so that "webshop", "nettbutikk" and
   "netthandel" all meet in the same token.

Filler words ("tar", "kjem", "dag", "kundene") take part in step 5 only: they
never become terms, so they neither match nor show as a reason.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from klynge.lib.stopwords import FILLER, STOP_WORDS

CONCEPT_PREFIX = "cq"  # concept tokens: "cq" + the slug's letters; no real word starts like this
_WORD = re.compile(r"[0-9a-zæøåäöüéèêóòôáàâçñ]+(?:[-'][0-9a-zæøåäöüéèêóòôáàâçñ]+)*")
# A Snowball stemmer keeps the word it is working on in the object, so threads
# (gunicorn --threads, runserver) must not share one: they got each other's
# words, wrong stems and IndexErrors. Each thread makes its own on first use.
_stemmers = threading.local()


def _stemmer(language: str):
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(language)
        setattr(_stemmers, language, stemmer)
    return stemmer


@dataclass
class Vocabulary:
    """What the taxonomy tells the analyzer.

    ``phrases`` maps a sequence of stems to the concept slugs it names;
    ``words`` are the stems (and whole words) compounds may be split into.
    """

    phrases: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    longest_phrase: int = 1
    english: frozenset[str] | None = None  # English stems worth adding; None: all of them
    prefixes: frozenset[tuple[str, ...]] = frozenset()  # every beginning of every phrase

    @classmethod
    def build(
        cls,
        terms: dict[str, list[str]],
        extra_words: list[str] = (),
        english_names: list[str] = (),
    ) -> Vocabulary:
        """``terms``: concept slug -> the labels and synonyms that name it.

        ``english_names``: the English ones among them. The English stem of a word
        is added only when it is the stem of one of their words: stemming every
        Norwegian word as English made "fiks" (KS Fiks) meet "Fiken".
        """
        phrases: dict[tuple[str, ...], set[str]] = {}
        words: set[str] = set()
        english = {english_stem(w) for name in english_names for w in tokens(name)}
        for slug, names in terms.items():
            for name in names:
                stems = tuple(stem_words(tokens(name)))
                if name in english_names:
                    # an English name is also recognised by its English stems
                    english_stems = tuple(english_stem(w) for w in tokens(name))
                    if english_stems and english_stems != stems:
                        phrases.setdefault(english_stems, set()).add(slug)
                if not stems:
                    continue
                phrases.setdefault(stems, set()).add(slug)
                words.update(s for s in stems if len(s) >= 3)
                words.update(t for t in tokens(name) if len(t) >= 3)
        words.update(w for word in extra_words for w in (word, stem(word)))
        return cls(
            phrases={k: frozenset(v) for k, v in phrases.items()},
            words=frozenset(words),
            longest_phrase=max((len(k) for k in phrases), default=1),
            english=frozenset(english) if english_names else None,
            prefixes=frozenset(key[:n] for key in phrases for n in range(1, len(key) + 1)),
        )


EMPTY = Vocabulary()


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")


def tokens(text: str) -> list[str]:
    """Words without stop words; a hyphenated word also counts joined up."""
    out: list[str] = []
    for match in _WORD.finditer(normalise(text)):
        word = match.group()
        if "-" in word or "'" in word:
            parts = [p for p in re.split(r"[-']", word) if p]
            joined = "".join(parts)
            out.extend(p for p in parts if p not in STOP_WORDS and len(p) > 1)
            if joined not in STOP_WORDS:
                out.append(joined)
        elif word not in STOP_WORDS:
            out.append(word)
    return out


# The memo holds only right stems: each value comes from the calling thread's own
# stemmer, so it depends on the word alone. Two threads may both compute a missing
# word (lru_cache does not lock around the call); they store the same value.
@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer("norwegian").stemWord(word)


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """The English word without its inflection: plural and possessive s, -ed, -ing, a
    final e. Derivations keep their suffix: "accessibility" is not "access",
    "requirement" not "required", "printer" not "prints". A Porter stemmer strips
    those too, and an everyday English word then named a competence ("Access
    database" was universal design, "Norwegian not required" a requirements
    specification); inflection never changes what a word is about."""
    if not word.isascii() or len(word) < 4:
        return word
    base = word.removesuffix("'s")
    if base.endswith("ies") and len(base) > 4:
        base = base[:-3] + "y"
    elif base.endswith("s") and not base.endswith(_KEEP_S) and len(base) > 3:
        base = base[:-1]
    for suffix in ("ing", "ied", "ed"):
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)] + ("y" if suffix == "ied" else "")
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeioulsz":
                base = base[:-1]  # planned, mapping
            break
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]
    return base


_KEEP_S = ("ss", "us", "is", "ys")  # access, status, analysis, always


def stem_words(words: list[str]) -> list[str]:
    return [stem(w) for w in words]


@lru_cache(maxsize=100_000)
def _split(word: str, known: frozenset[str]) -> tuple[str, ...]:
    """Split a compound into two or three known words (with an optional linking s or e)."""
    n = len(word)
    if n < 7:
        return ()
    for i in range(n - 3, 2, -1):  # longest first part first
        head, tail = word[:i], word[i:]
        if head not in known:
            continue
        for rest in (tail, tail[1:] if tail[:1] in ("s", "e") else None):
            if not rest or len(rest) < 3:
                continue
            if rest in known or stem(rest) in known:
                return (head, stem(rest))
            deeper = _split(rest, known)
            if deeper:
                return (head, *deeper)
    return ()


def decompound(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    if word in vocabulary.words:
        return ()
    parts = _split(word, vocabulary.words)
    return tuple(stem(p) for p in parts)


@dataclass
class Analysis:
    terms: list[str]  # stems, English stems and compound parts, in text order
    concepts: list[str]  # concept slugs found, in text order, repeated as often as named
    words: list[str]  # the original words, for "why it matched" and "did you mean"

    @property
    def index_tokens(self) -> list[str]:
        return self.terms + [concept_token(slug) for slug in self.concepts]


def concept_token(slug: str) -> str:
    return CONCEPT_PREFIX + re.sub(r"[^0-9a-z]", "", slug)


@lru_cache(maxsize=1)
def filler_stems() -> frozenset[str]:
    """The stems of the filler words: a compound's part with one of them is no term."""
    return frozenset(stem(word) for word in FILLER)


def analyze(text: str, vocabulary: Vocabulary = EMPTY) -> Analysis:
    words = tokens(text)
    terms: list[str] = []
    kept: list[str] = []  # the words that are terms
    sequence: list[list[str]] = []  # per position, the stems a phrase may start from
    filler = filler_stems()
    for word in words:
        stemmed = stem(word)
        variants = [stemmed]
        english = english_stem(word)
        if english not in (word, stemmed) and (
            vocabulary.english is None or english in vocabulary.english
        ):
            variants.append(english)
        sequence.append(variants)
        if word in FILLER:  # only inside a taxonomy phrase
            continue
        parts = decompound(stemmed, vocabulary) or decompound(word, vocabulary)
        kept.append(word)
        terms.extend(variants)
        terms.extend(p for p in parts if p not in filler)
        for part in parts:
            sequence.append([part])
    return Analysis(terms=terms, concepts=find_concepts(sequence, vocabulary), words=kept)


# How many positions in a row a phrase's run may step over, once: a buyer puts
# words inside a phrase ("selge brød og kaker på nett", "betale raskt og enkelt
# på nett") more often than the taxonomy can list (docs/matching.md).
PHRASE_GAP = 3


def find_concepts(sequence: list[list[str]], vocabulary: Vocabulary) -> list[str]:
    """The concepts named by runs of stems, the longest run at each position.

    Runs grow one position at a time and stop as soon as they begin no phrase,
    so most words cost one set lookup. A run may step over up to ``PHRASE_GAP``
    positions in a row, once ("betale trygt med kort" still holds "betale ...
    kort").
    """
    found: list[str] = []
    prefixes, phrases = vocabulary.prefixes, vocabulary.phrases
    for i in range(len(sequence)):
        # (run, skipped): skipped is True once the run has stepped over positions
        frontier = [((v,), False) for v in sequence[i] if (v,) in prefixes]
        waiting: list[tuple[tuple[str, ...], int]] = []  # (run, positions stepped over so far)
        best = None
        j = i
        while frontier or waiting:
            for run, _ in frontier:
                if run in phrases and (best is None or len(run) > len(best)):
                    best = run
            j += 1
            if j >= len(sequence):
                break
            grown = [
                (run + (v,), skipped)
                for run, skipped in frontier
                for v in sequence[j]
                if run + (v,) in prefixes
            ]
            grown += [
                (run + (v,), True)
                for run, _ in waiting
                for v in sequence[j]
                if run + (v,) in prefixes
            ]
            waiting = [(run, 1) for run, skipped in frontier if not skipped] + [
                (run, gap + 1) for run, gap in waiting if gap < PHRASE_GAP
            ]
            frontier = grown
        if best:
            found.extend(sorted(phrases[best]))
    return found
