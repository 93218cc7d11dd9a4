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


def distance(a: str, b: str) -> int | None:
    """Steps between two municipalities along the valley; None if either is outside.

    Municipalities are listed in order along the main valley; one that lies up
    a side valley names its junction (``"junction": "gol"``) and is one step
    beyond it.
    """
    first, second = by_slug(a), by_slug(b)
    if first is None or second is None:
        return None
    return abs(_valley_position(first) - _valley_position(second)) + _side_steps(first, second)


def _junction(m: Municipality) -> Municipality | None:
    slug = settings_junctions().get(m.slug)
    return by_slug(slug) if slug else None


def _valley_position(m: Municipality) -> int:
    junction = _junction(m)
    main = [x for x in municipalities() if _junction(x) is None]
    return main.index(junction or m)


def _side_steps(a: Municipality, b: Municipality) -> int:
    if a.slug == b.slug:
        return 0
    return (1 if _junction(a) else 0) + (1 if _junction(b) else 0)


@cache
def settings_junctions() -> dict[str, str]:
    return {m["slug"]: m["junction"] for m in settings.KLYNGE_MUNICIPALITIES if m.get("junction")}


@cache
def place_names() -> tuple[str, ...]:
    """Names of places in the region: the region, its municipalities, their villages
    (a municipality's optional ``places``) and landmarks. Matching ignores them."""
    names = [settings.KLYNGE_HUB["region"], *getattr(settings, "KLYNGE_LANDMARKS", [])]
    for m in settings.KLYNGE_MUNICIPALITIES:
        names.append(m["name"])
        names.extend(m.get("places") or [])
    return tuple(dict.fromkeys(name for name in names if name))
