"""Finding documents in the full-text index, and scoring them the same way on both engines.

The database's index (FTS5 or a GIN tsvector) finds candidates quickly; the
score is computed here, in Python, with BM25 over the analyzer's terms, so
SQLite and PostgreSQL rank alike.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg

from klynge.competence.models import SearchDocument

K1, B = 1.2, 0.75
CANDIDATES = 200
DF_CACHE_SECONDS = 600  # document frequencies change slowly; a stale one shifts scores a little
COMMON_SHARE = 0.1
LOCAL_SECONDS = 60


@dataclass
class Hit:
    kind: str
    object_id: int
    concepts: list
    counts: Counter  # every token of the document, with how often it occurs
    text_score: float
    matched_terms: set[str]


def _expression(any_of: list[str], all_of: list[str]) -> str:
    """A full-text query in this engine's syntax: any of one list, all of the other."""
    postgres = connection.vendor == "postgresql"
    word = "{}" if postgres else '"{}"'
    either, both = (" | ", " & ") if postgres else (" OR ", " AND ")
    parts = [word.format(t) for t in all_of]
    if any_of:
        parts.insert(0, "(" + either.join(word.format(t) for t in any_of) + ")")
    return both.join(parts)


def _candidate_ids(any_of: list[str], all_of: list[str], limit: int) -> list[int]:
    if connection.vendor == "postgresql":
        sql = (
            "SELECT id FROM competence_searchdocument, to_tsquery('simple', %s) query "
            "WHERE vector @@ query ORDER BY ts_rank(vector, query) DESC, id LIMIT %s"
        )
    else:
        sql = (
            "SELECT rowid FROM competence_fts WHERE competence_fts MATCH %s "
            "ORDER BY bm25(competence_fts) LIMIT %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_expression(any_of, all_of), limit])
        return [row[0] for row in cursor.fetchall()]


def _count(terms: list[str]) -> int:
    if connection.vendor == "postgresql":
        sql = (
            "SELECT count(*) FROM competence_searchdocument "
            "WHERE vector @@ to_tsquery('simple', %s)"
        )
    else:
        sql = "SELECT count(*) FROM competence_fts WHERE competence_fts MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_expression([], terms)])
        return cursor.fetchone()[0]


_local: dict[str, tuple[float, int]] = {}  # this process's copy: key -> (expires, value)


def document_frequencies(terms: list[str], scope: list[str]) -> dict[str, int]:
    """How many documents in ``scope`` (filter tokens) contain each term.

    Kept briefly in this process, then in the shared cache (one round trip for
    all terms), and counted in the index only when neither has it.
    """
    now = time.monotonic()
    keys = {term: "df:" + ":".join([term, *scope]) for term in terms}
    found = {
        t: v for t, k in keys.items() if (hit := _local.get(k)) and hit[0] > now for v in [hit[1]]
    }
    missing = [t for t in terms if t not in found]
    if missing:
        shared = cache.get_many([keys[t] for t in missing])
        fresh = {}
        for term in missing:
            value = shared.get(keys[term])
            if value is None:
                value = fresh[keys[term]] = _count([term, *scope])
            found[term] = value
        if fresh:
            cache.set_many(fresh, DF_CACHE_SECONDS)
        if len(_local) > 50_000:
            _local.clear()
        for term in missing:
            _local[keys[term]] = (now + LOCAL_SECONDS, found[term])
    return found


def document_frequency(term: str, scope: list[str]) -> int:
    return document_frequencies([term], scope)[term]


def search(
    terms: list[str],
    *,
    scope: list[str],
    limit: int = CANDIDATES,
    boost: dict[str, float] | None = None,
) -> list[Hit]:
    """Documents containing any of ``terms`` and all of ``scope``, best first (BM25).

    ``boost`` multiplies the weight of some terms (the words of a need's title).
    """
    boost = boost or {}
    query = [t for t in dict.fromkeys(terms) if t.isalnum()]
    if not query:
        return []
    total = document_frequency(scope[0], scope[1:]) if scope else SearchDocument.objects.count()
    df = document_frequencies(query, scope)
    # Find candidates by the telling terms only: a word in a tenth of all
    # profiles ("nett") would make the index rank tens of thousands of rows.
    # It still counts in the score of the candidates found.
    telling = [t for t in query if df[t] and df[t] <= COMMON_SHARE * total]
    if not telling:
        telling = sorted((t for t in query if df[t]), key=df.get)[:3]
    # A term counted in no document is looked for all the same: the count may be
    # minutes older than a profile written since, and an absent term costs little.
    telling += [t for t in query if not df[t]]
    ids = _candidate_ids(telling, scope, limit)
    documents = list(
        SearchDocument.objects.filter(pk__in=ids).values_list(
            "pk", "kind", "object_id", "terms", "length", "concepts"
        )
    )
    if not documents:
        return []
    average = _average_length()
    idf = {term: math.log(1 + (total - df[term] + 0.5) / (df[term] + 0.5)) for term in query}
    hits = []
    for _pk, kind, object_id, terms, length, concepts in sorted(documents):
        counts = Counter(terms.split())
        norm = K1 * (1 - B + B * (length or 1) / average)
        score, matched = 0.0, set()
        for term in query:
            tf = counts.get(term, 0)
            if tf:
                matched.add(term)
                score += boost.get(term, 1.0) * idf[term] * tf * (K1 + 1) / (tf + norm)
        hits.append(Hit(kind, object_id, concepts, counts, score, matched))
    hits.sort(key=lambda hit: -hit.text_score)  # stable: ties keep document order
    return hits


def _average_length() -> float:
    value = cache.get("df:average-length")
    if value is None:
        value = SearchDocument.objects.aggregate(average=Avg("length"))["average"] or 1.0
        cache.set("df:average-length", value, DF_CACHE_SECONDS)
    return value


def idf_of(term: str, scope: list[str]) -> float:
    total = document_frequency(scope[0], scope[1:]) if scope else SearchDocument.objects.count()
    df = document_frequency(term, scope)
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
