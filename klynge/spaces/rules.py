"""Who may book what, and who manages bookings: asked here and nowhere else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from klynge.directory.roles import is_member, is_staff

if TYPE_CHECKING:
    from klynge.spaces.booking_models import Booking, Resource


def allowed_who(user) -> set[str]:
    """Which "who may book" settings let ``user`` book (one query; ask once a page)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_staff(user):
        return {"members", "signed_in", "staff"}
    return {"members", "signed_in"} if is_member(user) else {"signed_in"}


def may_book(user, resource: Resource, allowed: set[str] | None = None) -> bool:
    allowed = allowed_who(user) if allowed is None else allowed
    return resource.active and resource.who in allowed


def can_manage(user) -> bool:
    """Staff see every booking, block resources and book on behalf of someone."""
    return is_staff(user)


def can_cancel(user, booking: Booking) -> bool:
    return can_manage(user) or (booking.user_id is not None and booking.user_id == user.pk)
