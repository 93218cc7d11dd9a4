"""What the board's list may be narrowed by, in the code's own words.

The page reads Norwegian URL words (``?kommune=``), the API English query
names; each turns them into a ``NeedFilters`` and hands that to
``Need.objects.board()``, so the filtering itself is written once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedFilters:
    municipality: str = ""  # a municipality's slug; "" for all
    category: str = ""  # a competence category's slug; "" for all
    posted_by: str = ""  # Need.PostedBy; "" for anyone
