"""What the jobs list may be narrowed by, in the code's own words.

The page reads Norwegian URL words (``?kommune=``, ``?arbeidsform=``,
``?kompetanse=``) and turns them into a ``JobFilters`` for
``JobPosting.objects.listing()``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JobFilters:
    municipality: str = ""  # a municipality's slug; "" for all
    work_mode: str = ""  # JobPosting.WorkMode; "" for any
    competence: str = ""  # a competence's slug; "" for any
