"""Pages that htmx may ask for only a part of."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def is_htmx(request) -> bool:
    """An htmx request for a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_part(request, page: str, part: str, context: dict):
    """The whole page, or only ``part`` for htmx; caches keep the two apart."""
    response = render(request, part if is_htmx(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
