"""What a page shows beside a need while it is written: the matches, what the
matching read, and the competences a person may tick to say what the words
missed (docs/matching.md, "The poster ticks").

The need form (``needs``) and the find-help page share it, so a tick means the
same on both and a person who ticks on one finds the boxes ticked on the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import get_language

from klynge.competence.matching import read_need
from klynge.competence.models import Competence
from klynge.competence.vocabulary import label
from klynge.directory.providers import match, worth_showing
from klynge.directory.visibility import Viewer

CHOSEN_MAX = 10  # competences a person may tick for one need


def known(ticked: Iterable[str]) -> list[str]:
    """The taxonomy's competences among ``ticked``, in order, once each, at most
    ``CHOSEN_MAX``: what a URL or a live request may carry, unknown ones dropped."""
    ticked = list(dict.fromkeys(ticked))[:CHOSEN_MAX]
    found = set(Competence.objects.filter(slug__in=ticked).values_list("slug", flat=True))
    return [slug for slug in ticked if slug in found]


def understood(
    *,
    title: str,
    description: str = "",
    municipality: str | None = None,
    chosen: Sequence[str] = (),
    viewer: Viewer,
    limit: int,
) -> dict:
    """For what was written and ticked so far: ``matches`` worth showing (None
    before anything is written), the competences read by name in the viewer's
    language (``named``, at most four) and the boxes to tick (``choices``: those
    ticked, then those the need suggests). A tick stays while the words change,
    even when they are emptied. The need is read once, for all of it."""
    title = title.strip()
    language = get_language() or "nb"

    def choices(slugs: Sequence[str]) -> list[dict]:
        return [{"slug": s, "label": label(s, language), "chosen": s in chosen} for s in slugs]

    if not title and not description.strip():
        return {"matches": None, "named": [], "choices": choices(chosen)}
    reading = read_need(
        title=title, description=description, municipality=municipality, chosen=chosen
    )
    found = match(
        title=title,
        description=description,
        municipality=municipality,
        viewer=viewer,
        limit=limit,
        reading=reading,
    )
    return {
        "matches": worth_showing(found),
        "named": [label(slug, language) for slug in reading.named[:4]],
        "choices": choices([*chosen, *reading.suggested]),  # suggested leaves out the ticked
    }
