"""The taxonomy as the analyzer sees it, built once per process and rebuilt on change."""

from __future__ import annotations

import difflib
import functools
import threading
import time
import uuid

from django.core.cache import cache

from klynge.competence import implied
from klynge.competence.models import Competence
from klynge.core.region import place_names
from klynge.lib.analyzer import Analysis, Vocabulary, analyze, english_stem, normalise, stem, tokens

# Everyday words that appear in compounds with taxonomy words ("nettbutikkløysing").
COMPOUND_WORDS = [
    "løsning", "løysing", "system", "tjeneste", "teneste", "side", "sida", "kurs", "hjelp",
    "utvikling", "utvikler", "utviklar", "design", "oppsett", "drift", "støtte", "stønad",
    "bestilling", "løsning", "plattform", "verktøy", "reiskap", "program", "konsulent",
    "rådgiving", "rådgivning", "opplæring", "sikkerhet", "tryggleik", "analyse", "kart",
    "modell", "data", "nett", "web", "app", "butikk", "betaling", "handel", "salg", "sal",
    "hytte", "utleie", "booking", "kunde", "kundar", "kunder", "gjest", "skjema", "senter",
]  # fmt: skip
_VERSION_KEY = "competence:vocabulary-version"
_lock = threading.Lock()
_state: dict = {
    "version": None, "vocabulary": None, "display": None, "ids": None, "labels": None,
    "related": None, "by_initial": None, "names": None, "profiles": None,
}  # fmt: skip


VERSION_CHECK_SECONDS = 5.0


def bump() -> None:
    """Tell every process that the taxonomy changed (called by the taxonomy's writes).

    A fresh random version, not a counter: after a cache flush a counter would
    start again at a number some process already holds.
    """
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _state["checked"] = 0.0  # this process looks again at once


def _version():
    """The taxonomy's version, read from the shared cache at most every few seconds."""
    now = time.monotonic()
    if now - _state.get("checked", 0.0) > VERSION_CHECK_SECONDS:
        _state["seen_version"] = cache.get(_VERSION_KEY, 0)
        _state["checked"] = now
    return _state["seen_version"]


def _load() -> None:
    competences = list(Competence.objects.prefetch_related("related"))
    terms = {c.slug: c.names() for c in competences}
    english = [c.label_en for c in competences]
    english += [name for c in competences for name in (c.synonyms or {}).get("en", [])]
    display: dict[str, str] = {}
    for names in terms.values():
        for name in names:
            display.setdefault(normalise(name), name)
    _state.update(
        vocabulary=Vocabulary.build(terms, COMPOUND_WORDS, set(english)),
        names=terms,
        related={c.slug: [r.slug for r in c.related.all()] for c in competences},
        display=display,
        by_initial=_by_initial(display),
        ids={c.slug: c.pk for c in competences},
        slugs=None,
        labels={
            c.slug: {"nb": c.label_nb, "nn": c.label_nn, "en": c.label_en} for c in competences
        },
    )


def vocabulary() -> Vocabulary:
    version = _version()
    if _state["vocabulary"] is None or _state["version"] != version:
        with _lock:
            if _state["vocabulary"] is None or _state["version"] != version:
                _load()
                _state["version"] = version
    return _state["vocabulary"]


def profiles() -> implied.Profiles:
    """The competences' words as stem profiles (``klynge.competence.implied``), built
    on first use after each change of the taxonomy: only matching a need reads them."""
    current = vocabulary()
    built = _state.get("profiles")
    if built is None or built[0] is not current:
        with _lock:
            built = _state.get("profiles")
            if built is None or built[0] is not current:
                built = (current, implied.build(_state["names"], current))
                _state["profiles"] = built
    return built[1]


def analyze_text(text: str) -> Analysis:
    """The analysis of ``text`` with the current taxonomy; short texts are remembered,
    since names, places and skill lists repeat across thousands of profiles."""
    current = vocabulary()
    if len(text) > 200:
        return analyze(text, current)
    return _analyze_short(text, _state["version"])


@functools.lru_cache(maxsize=50_000)
def _analyze_short(text: str, version) -> Analysis:
    return analyze(text, _state["vocabulary"])


def analyze_fields(texts: list[str]) -> Analysis:
    """The analyses of separate fields or list items, one after the other.

    A competence's name is only found within one of them: "machine learning"
    and "video production" as two skills name no e-learning. Each text is
    analysed on its own, so the many that repeat (skill names, places,
    headlines) are analysed once per process.
    """
    parts = [analyze_text(text) for text in texts if text]
    return Analysis(
        terms=[t for part in parts for t in part.terms],
        concepts=[c for part in parts for c in part.concepts],
        words=[w for part in parts for w in part.words],
    )


def competence_for(skill_name: str) -> str | None:
    """The competence a free-text skill names: exactly, or through a small typo."""
    vocabulary()
    return _competence_for(skill_name, _state["version"])


@functools.lru_cache(maxsize=100_000)
def _competence_for(skill_name: str, version) -> str | None:
    concepts = analyze_text(skill_name).concepts
    if concepts:
        return concepts[0]
    name = normalise(skill_name)
    # A typo rarely hits the first letter; comparing only names that share it
    # keeps this fast over thousands of names.
    candidates = _state["by_initial"].get(name[:1], [])
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.85)
    if close:
        found = analyze_text(_state["display"][close[0]]).concepts
        return found[0] if found else None
    return None


def did_you_mean(word: str) -> str | None:
    """A taxonomy word close to a word that found nothing."""
    vocabulary()
    close = difflib.get_close_matches(normalise(word), list(_state["display"]), n=1, cutoff=0.75)
    return _state["display"][close[0]] if close else None


def competence_id(slug: str | None) -> int | None:
    vocabulary()
    return _state["ids"].get(slug) if slug else None


def label(slug: str, language: str) -> str:
    vocabulary()
    labels = _state["labels"].get(slug) or {}
    return labels.get(language) or labels.get("nb") or slug


def related(slug: str) -> list[str]:
    vocabulary()
    return _state["related"].get(slug, [])


def _by_initial(display: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name in display:
        groups.setdefault(name[:1], []).append(name)
    return groups


def reset() -> None:
    """Forget this process's vocabulary (tests, which swap databases under it)."""
    _state.update(version=None, vocabulary=None, checked=0.0)
    _analyze_short.cache_clear()
    _competence_for.cache_clear()


def slug_for(competence_id: int) -> str | None:
    vocabulary()
    if _state.get("slugs") is None:
        _state["slugs"] = {pk: slug for slug, pk in _state["ids"].items()}
    return _state["slugs"].get(competence_id)


@functools.cache
def place_terms() -> frozenset[str]:
    """The terms the region's place names give (``region.place_names``): matching
    drops them from a need, so a place never makes a provider match."""
    words = [word for name in place_names() for word in tokens(name)]
    return frozenset(t for word in words for t in (word, stem(word), english_stem(word)))
