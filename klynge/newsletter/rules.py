"""Who may do what with the newsletter: staff write and send it; anyone may subscribe."""

from __future__ import annotations

from klynge.directory.roles import is_staff


def can_compose(user) -> bool:
    return is_staff(user)
