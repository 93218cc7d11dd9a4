"""Who may organise, edit, see and sign up for events: asked here and nowhere else.

Pages, the API, the services and the event queryset call these, and templates get
their answers from the views, so the rules are the same on every path. Who someone
*is* (member, staff) is decided by the directory's roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klynge.directory.roles import is_member, is_staff

if TYPE_CHECKING:  # the models ask these rules, so no import back at run time
    from klynge.events.models import Event


def can_organise(user) -> bool:
    """Staff, and people staff have given the 'Can add event' permission in admin."""
    return is_staff(user) or bool(
        getattr(user, "is_authenticated", False) and user.has_perm("events.add_event")
    )


def can_edit(user, event: Event) -> bool:
    """Staff, and an organiser for the events they created or organise."""
    if is_staff(user):
        return True
    return can_organise(user) and user.pk in {event.organiser_id, event.created_by_id}


def may_register(user, event: Event) -> bool:
    """Whether ``user`` (possibly a visitor) may sign up, the time apart."""
    return not event.is_members_only or is_member(user) or is_staff(user)


def may_see(user, event: Event) -> bool:
    """Whether ``user`` may see this one event: ``Event.objects.visible_to(user)`` asked
    of an event in hand, without asking about membership unless it matters (the
    sign-up API's cheap path). tests/events/test_permissions.py holds the two together."""
    if is_staff(user):
        return True
    if getattr(user, "is_authenticated", False) and user.pk in {
        event.organiser_id,
        event.created_by_id,
    }:
        return True
    if event.is_draft:  # the other statuses, published and cancelled, are public
        return False
    return not event.is_members_only or sees_members_only(user)


def sees_members_only(user) -> bool:
    """Members-only events are shown to members and staff."""
    return is_member(user) or is_staff(user)
