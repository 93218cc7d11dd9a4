"""The taxonomy as the analyzer sees it, built once per process and rebuilt on change."""

from __future__ import annotations

import difflib
import threading

from django.core.cache import cache

from klynge.competence.models import Competence
from klynge.lib.analyzer import Analysis, Vocabulary, analyze, normalise

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
_state: dict = {"version": None, "vocabulary": None, "display": None, "ids": None, "labels": None}


def bump() -> None:
    """Tell every process that the taxonomy changed (called by the taxonomy's writes)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, timeout=None)


def _version():
    return cache.get(_VERSION_KEY, 0)


def _load() -> None:
    competences = list(Competence.objects.all())
    terms = {c.slug: c.names() for c in competences}
    display: dict[str, str] = {}
    for names in terms.values():
        for name in names:
            display.setdefault(normalise(name), name)
    _state.update(
        vocabulary=Vocabulary.build(terms, COMPOUND_WORDS),
        display=display,
        ids={c.slug: c.pk for c in competences},
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


def analyze_text(text: str) -> Analysis:
    return analyze(text, vocabulary())


def competence_for(skill_name: str) -> str | None:
    """The competence a free-text skill names: exactly, or through a small typo."""
    concepts = analyze_text(skill_name).concepts
    if concepts:
        return concepts[0]
    vocabulary()
    close = difflib.get_close_matches(
        normalise(skill_name), list(_state["display"]), n=1, cutoff=0.85
    )
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
