"""A person's own data: download it all, or delete the account.

Each app that stores personal data has a ``privacy`` module with
``export(user) -> dict``, ``forget(user)`` (run just before the user row is
deleted) and ``DELETION_NOTE`` (what happens to its data, in English; shown
translated). This module gathers them, so no app needs to know the others.
"""

from __future__ import annotations

from types import ModuleType

from django.utils.translation import gettext_lazy as _

from klynge.core.app_modules import app_modules
from klynge.core.retention import Rule


def privacy_modules() -> list[ModuleType]:
    """The privacy modules of our apps (this one has none of its own hooks)."""
    return [module for module in app_modules("privacy") if hasattr(module, "export")]


RETENTION = [
    Rule(
        key="account",
        what=_("Your account: email address, name, language and password (stored hashed)"),
        then=_("deleted when you delete your account"),
    ),
]
