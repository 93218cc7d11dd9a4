"""What a need's words point to, beyond the competences it names.

A buyer writes "I'd like to sell signed prints from my own website, take
payment by card and ship them abroad" and names no online store; yet the
taxonomy's own words for one (its names, synonyms and the buyer's words of
docs/matching.md) share "sell", "payment" and "ship" with the need. Each
competence's words make a profile of stems. A need's informative stems vote
for the profiles that hold them, the rarer the stem among the competences the
more, and a competence that three or more of them point to is *implied*: it
counts in the match at a share of what a named one would (``matching._need``).

The same profiles tell which named competences the rest of the need says
nothing about. "Før oppkjøringen må vi kunne vise det til sensoren" names
sensors by one word, and nothing else in a driving school's need speaks of
sensors; such a *lone* competence weighs less beside those the need's other
words support.

Pure Python on the analyzer's terms; ``vocabulary.profiles()`` builds the
profiles once per taxonomy version.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from klynge.competence import weights as W
from klynge.lib.analyzer import Vocabulary, analyze


@dataclass(frozen=True)
class Profiles:
    """The taxonomy's words as stems, for voting."""

    # stem -> [(competence, what its vote weighs)], only for informative stems
    votes: dict[str, list[tuple[str, float]]]
    stems: dict[str, frozenset[str]]  # competence -> the stems of its words
    supporting: frozenset[str]  # stems common enough to count, rare enough to tell


def build(names: dict[str, list[str]], vocabulary: Vocabulary) -> Profiles:
    """The profiles of competences (slug -> every way of writing it).

    A stem's vote weighs its rarity among the competences (idf) times the
    logarithm of how many of a competence's names hold it: "betale" in ten of
    online payment's phrasings says more of it than in one of a booking
    system's. A stem in more than IMPLIED_MAX_SHARE of the competences votes
    for none, and one in more than LONE_MAX_SHARE supports none; with fewer
    than IMPLIED_COMMON_FROM competences a share says little, and none is too common.
    """
    counts: dict[str, Counter] = {}
    for slug, written in names.items():
        counts[slug] = Counter(t for name in written for t in set(analyze(name, vocabulary).terms))
    total = len(counts)
    df = Counter(t for c in counts.values() for t in c)
    few = total < W.IMPLIED_COMMON_FROM

    def share_at_most(t: str, share: float) -> bool:
        return few or df[t] <= share * total

    votes: dict[str, list[tuple[str, float]]] = {}
    for slug, c in counts.items():
        for t, n in c.items():
            if share_at_most(t, W.IMPLIED_MAX_SHARE):
                weight = math.log(total / df[t]) * math.log1p(n)
                votes.setdefault(t, []).append((slug, weight))
    return Profiles(
        votes=votes,
        stems={slug: frozenset(c) for slug, c in counts.items()},
        supporting=frozenset(t for t in df if share_at_most(t, W.LONE_MAX_SHARE)),
    )


def _voted(terms: list[str], named: list[str], profiles: Profiles, support: int) -> list[str]:
    """The competences not named that ``support`` or more of the need's stems point
    to, best first."""
    scores: Counter = Counter()
    votes: Counter = Counter()
    for t in dict.fromkeys(terms):
        for slug, weight in profiles.votes.get(t, ()):
            scores[slug] += weight
            votes[slug] += 1
    have = set(named)
    return sorted(
        (s for s in scores if s not in have and votes[s] >= support),
        key=lambda s: (-scores[s], s),
    )


def implied(terms: list[str], named: list[str], profiles: Profiles) -> list[str]:
    """The competences the need's ``terms`` point to and it does not name, best first:
    at most IMPLIED_TOP, each with IMPLIED_SUPPORT or more of its stems in the need.
    A need that names no competence implies none: its words alone decide
    (``matching._whole_need``), and a need nobody can help with stays so."""
    if not named:
        return []
    return _voted(terms, named, profiles, W.IMPLIED_SUPPORT)[: W.IMPLIED_TOP]


def suggested(
    terms: list[str], named: list[str], profiles: Profiles, implied_ones: list[str]
) -> list[str]:
    """What the poster is offered to tick (the need form): ``implied_ones`` (what
    ``implied`` gave for the same need), then others SUGGEST_SUPPORT or more of the
    need's stems point to, at most SUGGEST_TOP. Like ``implied``, none for a need
    that names nothing."""
    if not named:
        return []
    more = _voted(terms, named, profiles, W.SUGGEST_SUPPORT)
    return list(dict.fromkeys([*implied_ones, *more]))[: W.SUGGEST_TOP]


def lone(terms: list[str], named: list[str], profiles: Profiles) -> frozenset[str]:
    """The named competences at most one of the need's stems supports: the word that
    named it, and nothing else the need says."""
    stems = {t for t in terms if t in profiles.supporting}
    return frozenset(
        slug
        for slug in named
        if len(stems & profiles.stems.get(slug, frozenset())) <= W.LONE_SUPPORT
    )
