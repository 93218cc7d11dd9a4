"""Finding a module of the same name in each of our apps (privacy, demo, ...)."""

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[ModuleType]:
    """``klynge.<app>.<name>`` for each of our apps that has one, in INSTALLED_APPS order.

    A missing module is skipped; an import error inside one is not hidden.
    """
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("klynge."):
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
    return found
