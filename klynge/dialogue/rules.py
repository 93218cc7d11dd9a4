"""Who may hold a market-dialogue meeting for a need, invite to it, and see what
it is about. The need's own rules decide; these add the meeting's state."""

from __future__ import annotations

from klynge.events.models import Event
from klynge.needs import rules as need_rules
from klynge.needs.models import Need


def can_hold(user, need: Need) -> bool:
    """The poster or staff, while the need is open or in dialogue."""
    return need_rules.can_manage(user, need) and need.is_accepting


def can_invite(user, need: Need, event: Event) -> bool:
    """As ``can_hold``, while providers can still sign up for the meeting."""
    return can_hold(user, need) and event.registration_is_open


def sees_need(user, need: Need) -> bool:
    """The event page names the need only to those who may see the need."""
    return need_rules.can_view(user, need)
