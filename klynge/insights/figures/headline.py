"""The public headline figures: what anyone may know about IT in the region.

Nothing here is about a person: totals, and the competence categories that at
least three providers offer (counting only skills their owners show to everyone).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from klynge.directory.models import Company, Person
from klynge.directory.visibility import ANONYMOUS
from klynge.events.models import Event
from klynge.insights.figures import supply
from klynge.insights.figures.cells import SMALLEST_SHOWN, Cell, count
from klynge.insights.figures.period import Period
from klynge.needs.models import Need

CACHE_SECONDS = 300


@dataclass
class Headline:
    period: Period
    people: Cell
    companies: Cell
    competences: list[tuple[str, str, Cell]]  # (slug, label, providers)
    needs_posted: Cell
    needs_filled: Cell
    events_held: Cell


def headline(period: Period) -> Headline:
    """The figures of the public page for ``period`` (up to now for this year)."""
    start, end = period.starts_at, min(period.ends_at, timezone.now())
    places = supply.local_places(None)
    figures = supply.category_figures(period, None, ANONYMOUS)
    competences = [
        (f.slug, f.label, count(f.providers(places)))
        for f in sorted(figures, key=lambda f: (-f.providers(places), f.label))
        if f.providers(places) >= SMALLEST_SHOWN
    ]
    needs = Need.objects.order_by()
    return Headline(
        period=period,
        people=count(Person.objects.listed().filter(municipality__in=places).count()),
        companies=count(Company.objects.listed().filter(municipality__in=places).count()),
        competences=competences,
        needs_posted=count(needs.filter(published_at__gte=start, published_at__lt=end).count()),
        needs_filled=count(
            needs.filter(
                status=Need.Status.FILLED, settled_at__gte=start, settled_at__lt=end
            ).count()
        ),
        events_held=count(
            Event.objects.filter(
                status=Event.Status.PUBLISHED, starts_at__gte=start, starts_at__lt=end
            ).count()
        ),
    )


def cached_headline(period: Period) -> Headline:
    """The headline figures of ``period``, cached briefly: they are public and asked often.

    Labels are in the active language, so each language has its own entry.
    """
    key = f"insights:headline:{period.start}:{period.end}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = headline(period)
        cache.set(key, figures, CACHE_SECONDS)
    return figures
