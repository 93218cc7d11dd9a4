"""Finding documents in the full-text index, and scoring them the same way on both engines.

The database's index (FTS5 on SQLite, a GIN index on PostgreSQL) only says
which documents hold which tokens; every score is computed here, in Python,
with BM25 over the analyzer's terms, so SQLite and PostgreSQL find and rank
alike.

Reading a document costs more than anything else a search does, and a common
competence is in thousands of them. So candidates are read through the
telling tokens only: the rarest terms of the query, up to READ_BUDGET
documents between them, and for a common competence only its champions,
the available providers who have it at level 4 or 5
(``index.champion_token``). When those are too few, the next rarest terms
are read whole.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import Counter
from dataclasses import dataclass
from itertools import compress, repeat

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg

from klynge.competence.index import champion_token, is_concept
from klynge.competence.models import SearchDocument

K1, B = 1.2, 0.75
CANDIDATES = 200
READ_BUDGET = 10 * CANDIDATES  # documents read through the rare terms, at most
DF_CACHE_SECONDS = 600  # document frequencies change slowly; a stale one shifts scores a little
COMMON_SHARE = 0.1
LOCAL_SECONDS = 60
FEW_EXTRA = CANDIDATES // 4  # an extra term in at most this many documents is read


@dataclass
class Hit:
    kind: str
    object_id: int
    concepts: list
    counts: Counter  # every token of the document, with how often it occurs
    text_score: float
    matched_terms: set[str]


# No profile holds a longer word, and PostgreSQL refuses a query word past 2 kB.
LONGEST_TERM = 200


def _quoted(token: str, postgres: bool) -> str:
    """One token as a quoted term; a filter value from a request may hold quotes."""
    if postgres:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return '"' + token.replace('"', '""') + '"'


def _expression(any_of: list[str], all_of: list[str]) -> str:
    """A full-text query in this engine's syntax: any of one list, all of the other."""
    postgres = connection.vendor == "postgresql"
    either, both = (" | ", " & ") if postgres else (" OR ", " AND ")
    parts = [_quoted(t, postgres) for t in all_of]
    if any_of:
        parts.insert(0, "(" + either.join(_quoted(t, postgres) for t in any_of) + ")")
    return both.join(parts)


# The tokens are the analyzer's, separated by spaces: PostgreSQL reads `terms`
# as a tsvector as it is (the GIN index is on that expression for the indexed
# documents, see migrations 0002 and 0003), and FTS5's tokenizer splits it the
# same way; the FTS5 table holds only the indexed documents.
_ROWS = {  # the terms with a space at either end, so that " t " finds every token
    "postgresql": (
        "SELECT id, length, ' ' || terms || ' ' FROM competence_searchdocument "
        "WHERE indexed AND terms::tsvector @@ %s::tsquery"
    ),
    "sqlite": (
        "SELECT d.id, d.length, ' ' || d.terms || ' ' FROM competence_fts "
        "JOIN competence_searchdocument d ON d.id = competence_fts.rowid "
        "WHERE competence_fts MATCH %s"
    ),
}
_COUNT = {
    "postgresql": (
        "SELECT count(*) FROM competence_searchdocument "
        "WHERE indexed AND terms::tsvector @@ %s::tsquery"
    ),
    "sqlite": "SELECT count(*) FROM competence_fts WHERE competence_fts MATCH %s",
}


def _details(ids: list[int]) -> dict[int, tuple[str, int, list]]:
    """id -> (kind, object_id, concepts) of the chosen documents."""
    rows = SearchDocument.objects.filter(id__any=ids)
    return {pk: rest for pk, *rest in rows.values_list("id", "kind", "object_id", "concepts")}


def _rows(any_of: list[str], all_of: list[str]) -> list[tuple[int, int, str]]:
    """(id, length, " terms ") of every document matching the query."""
    with connection.cursor() as cursor:
        cursor.execute(_ROWS[connection.vendor], [_expression(any_of, all_of)])
        return cursor.fetchall()


def _count(terms: list[str]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_COUNT[connection.vendor], [_expression([], terms)])
        return cursor.fetchone()[0]


_local: dict[str, tuple[float, float]] = {}  # this process's copy: key -> (expires, value)


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


def _candidate_rows(
    telling: list[str], df: dict[str, int], scope: list[str], limit: int, extra: frozenset[str]
):
    """The rows worth scoring: see the module's docstring."""
    by_rarity = sorted(telling, key=lambda t: (df[t], t))
    rare, room = [], READ_BUDGET
    for term in by_rarity:
        if df[term] > room:
            break
        rare.append(term)
        room -= df[term]
    common = by_rarity[len(rare) :]
    if not common:
        return _rows(telling, scope)
    champions = [champion_token(t) for t in common if is_concept(t) and t not in extra]
    champion_df = document_frequencies(champions, scope)
    narrow = rare + [c for c in champions if champion_df[c]]
    estimate = sum(df[t] for t in rare) + sum(champion_df.values())
    for term in common:  # too few to choose from: add the next rarest terms whole
        if estimate >= limit:
            break
        narrow.append(term)
        estimate += df[term]
    rows = _rows(narrow, scope)
    if len(rows) < limit and not set(common) <= set(narrow):
        rows = _rows(telling, scope)  # they overlapped more than the estimate knew
    return rows


def search(
    terms: list[str],
    *,
    scope: list[str],
    limit: int | None = None,
    boost: dict[str, float] | None = None,
    extra: frozenset[str] = frozenset(),
) -> list[Hit]:
    """Documents containing any of ``terms`` and all of ``scope``, best first (BM25).

    At most ``limit`` (CANDIDATES) of them. ``boost`` multiplies the weight of
    some terms (the words of a need's title). ``extra``: terms among ``terms``
    that count in the score but find candidates only while they are rare (a
    need's related competences): a common one would add thousands of documents
    to read for a small part of the score.
    """
    limit = limit or CANDIDATES  # read when called: bench/competence/candidates.py sets it
    boost = boost or {}
    query = [t for t in dict.fromkeys(terms) if t.isalnum() and len(t) <= LONGEST_TERM]
    if not query:
        return []
    total = document_frequency(scope[0], scope[1:]) if scope else SearchDocument.objects.count()
    df = document_frequencies(query, scope)
    # Find candidates by the telling terms only: a word in a tenth of all
    # profiles ("nett") would make us read tens of thousands of rows.
    # It still counts in the score of the candidates found.
    telling = [
        t
        for t in query
        if df[t] and (df[t] <= COMMON_SHARE * total or (t in extra and df[t] <= FEW_EXTRA))
    ]
    if not telling:
        telling = sorted((t for t in query if df[t] and t not in extra), key=df.get)[:3]
    # Rare words alone ("kommunen") must not decide who is a candidate when the
    # query names competences: read those too (a common one through its champions).
    telling += [t for t in query if df[t] and is_concept(t) and t not in telling and t not in extra]
    # A term counted in no document is looked for all the same: the count may be
    # minutes older than a profile written since, and an absent term costs little.
    telling += [t for t in query if not df[t] and t not in extra]
    rows = _candidate_rows(telling, df, scope, limit, extra)
    if not rows:
        return []
    average = _average_length()
    idf = {term: math.log(1 + (total - df[term] + 0.5) / (df[term] + 0.5)) for term in query}
    weight = {term: boost.get(term, 1.0) * idf[term] for term in query}
    if len(rows) > limit:
        rows = _best(rows, telling, weight, average, limit)
    details = _details([row[0] for row in rows])
    hits = []
    for pk, length, text in sorted(rows):
        if pk not in details:  # replaced since the rows were read
            continue
        kind, object_id, concepts = details[pk]
        counts = Counter(text.split())
        norm = K1 * (1 - B + B * (length or 1) / average)
        score, matched = 0.0, set()
        for term in query:
            tf = counts.get(term, 0)
            if tf:
                matched.add(term)
                score += weight[term] * tf * (K1 + 1) / (tf + norm)
        hits.append(Hit(kind, object_id, concepts, counts, score, matched))
    hits.sort(key=lambda hit: -hit.text_score)  # stable: ties keep document order
    return hits


def _best(rows: list[tuple], terms: list[str], weight: dict, average: float, limit: int):
    """The best ``limit`` rows by BM25 over ``terms`` alone, best first.

    Counted in the text with str.count rather than by splitting it into
    tokens, which costs several times more over a thousand documents. A
    repeat right next to itself ("t t") is found by the second pattern.
    """
    texts = [text for _pk, _length, text in rows]
    norms = [K1 * (1 - B + B * (length or 1) / average) for _pk, length, _text in rows]
    scores = [0.0] * len(rows)
    for term in terms:
        single, double, w = f" {term} ", f" {term} {term} ", weight[term] * (K1 + 1)
        counts = list(map(str.count, texts, repeat(single)))
        for i in compress(range(len(rows)), counts):
            tf = counts[i] + texts[i].count(double)
            scores[i] += w * tf / (tf + norms[i])
    keyed = zip([-score for score in scores], [row[0] for row in rows], rows, strict=True)
    best = heapq.nsmallest(limit, keyed)  # ties go to the lower id; ids never tie
    return [row for _score, _pk, row in best]


def _average_length() -> float:
    now = time.monotonic()
    hit = _local.get("average-length")
    if hit and hit[0] > now:
        return hit[1]
    value = cache.get("df:average-length")
    if value is None:
        value = SearchDocument.objects.aggregate(average=Avg("length"))["average"] or 1.0
        cache.set("df:average-length", value, DF_CACHE_SECONDS)
    _local["average-length"] = (now + LOCAL_SECONDS, value)
    return value


def idf_of(term: str, scope: list[str]) -> float:
    total = document_frequency(scope[0], scope[1:]) if scope else SearchDocument.objects.count()
    df = document_frequency(term, scope)
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
