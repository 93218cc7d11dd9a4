"""What a need asks for, and what it only tells about its situation.

A buyer writes the situation ("We are a dental clinic; the X-ray software runs on
an old Windows PC on the same network as reception") and the ask ("Who can look
at whether this is safe?"). A competence the situation names (the PC, the
booking site, the mobile coverage) is the setting; the one asked for is the
object of "trenger", "need", "ønskjer", "vil ha" or of a question. A sentence asks
when it holds such a marker or ends in a question mark; the title always asks.
The competences named only in sentences that do not ask weigh less
(``weights.SETTING_SHARE``), and only when the need asks for some competence:
a need whose every sentence tells is all setting and all of it counts. Those an
asking sentence names weigh as much as the title's (``weights.TITLE_BOOST``): the
title sums the need up, the request says what is wanted, and the request is the
buyer's own answer to "what do you need?".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from klynge.competence.vocabulary import analyze_text
from klynge.lib.analyzer import normalise

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# Words and word pairs that make a sentence a request, in bokmål, nynorsk and English.
_ASKING_WORDS = frozenset(
    "trenger trengs treng trengst ønsker ønskjer søker leiter leitar "
    "need needs want wants wish".split()
)
_ASKING_PAIRS = frozenset(
    {
        ("vil", "ha"), ("skal", "ha"), ("ser", "etter"), ("noen", "som"), ("nokon", "som"),
        ("kven", "kan"), ("hvem", "kan"), ("looking", "for"), ("who", "can"),
        ("someone", "to"), ("someone", "who"), ("can", "you"), ("could", "you"),
        ("help", "with"), ("hjelp", "med"), ("hjelp", "til"),
    }
)  # fmt: skip
_WORD = re.compile(r"[0-9a-zæøåäöüéè]+")


def asks(sentence: str) -> bool:
    """Whether a sentence asks for something rather than telling how things are."""
    if sentence.rstrip().endswith("?"):
        return True
    words = _WORD.findall(normalise(sentence))
    return any(w in _ASKING_WORDS for w in words) or any(
        pair in _ASKING_PAIRS for pair in zip(words, words[1:], strict=False)
    )


class Request(NamedTuple):
    """What a need's competences are to the buyer."""

    asked: frozenset[str]  # named by the title or by a sentence of the description that asks
    setting: frozenset[str]  # named only where the description tells the situation


def read_request(description: str, title: set[str]) -> Request:
    """Which competences the need asks for and which it names only in its setting;
    ``title`` are those the title names. The setting is empty when nothing names a
    competence in asking: a need that only tells is all setting, and all of it counts."""
    told: set[str] = set()
    asked = set(title)
    for sentence in _SENTENCE.split(description or ""):
        concepts = analyze_text(sentence).concepts
        (asked if asks(sentence) else told).update(concepts)
    if not asked:
        return Request(frozenset(), frozenset())
    return Request(frozenset(asked), frozenset(told - asked))

