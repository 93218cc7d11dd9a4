"""The hub's region and its municipalities, as configured in settings."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

OUTSIDE_REGION = "other"


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    number: str
    position: int  # order along the valley, as listed in settings


@cache
def municipalities() -> tuple[Municipality, ...]:
    return tuple(
        Municipality(slug=m["slug"], name=m["name"], number=str(m["number"]), position=i)
        for i, m in enumerate(settings.KLYNGE_MUNICIPALITIES)
    )


def municipality_choices(include_outside: bool = True) -> list[tuple[str, str]]:
    """Choices for a form or model field: the region's municipalities, then 'outside'."""
    choices = [(m.slug, m.name) for m in municipalities()]
    if include_outside:
        choices.append((OUTSIDE_REGION, _("Outside the region")))
    return choices


def by_slug(slug: str) -> Municipality | None:
    return next((m for m in municipalities() if m.slug == slug), None)


def by_number(number: str) -> Municipality | None:
    return next((m for m in municipalities() if m.number == number), None)
