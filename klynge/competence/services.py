"""Search for the directory and the API: the same ranking as matching, with filters."""

from __future__ import annotations

from dataclasses import dataclass

from klynge.competence import index
from klynge.competence.matching import Match, match
from klynge.competence.models import SearchDocument
from klynge.competence.search import document_frequency
from klynge.competence.vocabulary import analyze_text, did_you_mean
from klynge.directory.visibility import Viewer
from klynge.lib.analyzer import stem


@dataclass
class SearchResult:
    matches: list[Match]
    suggestion: str | None


def filter_tags(filters: dict) -> tuple[str, ...]:
    """The directory's filters (a cleaned FilterForm) as index tags."""
    tags = []
    if filters.get("kommune"):
        tags.append(index.municipality_tag(filters["kommune"]))
    if filters.get("tilgjengeleg"):
        tags.append(index.AVAILABLE_TAG)
    if filters.get("fjernarbeidar"):
        tags.append(index.REMOTE_TAG)
    if filters.get("medlem"):
        tags.append(index.MEMBER_TAG)
    return tuple(tags)


def search_providers(
    *, text: str, viewer: Viewer, filters: dict, kinds=("person", "company"), limit: int = 240
) -> SearchResult:
    matches = match(
        title=text, viewer=viewer, kinds=kinds, filters=filter_tags(filters), limit=limit
    )
    return SearchResult(matches=matches, suggestion=suggest(text) if not matches else None)


def suggest(text: str) -> str | None:
    """'Did you mean': the query with each word nobody has replaced by a close taxonomy word."""
    words = analyze_text(text).words
    changed, out = False, []
    for word in words:
        if document_frequency(stem(word), [index.AUDIENCE_TAG[SearchDocument.Audience.PUBLIC]]):
            out.append(word)
            continue
        better = did_you_mean(word)
        if better and better.casefold() != word:
            out.append(better)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
