"""Pages that htmx may ask for only a part of."""

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from klynge.core.fragments import cached_part


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


def render_page_or_cached_part(
    request,
    page: str,
    part: str,
    context: dict,
    *,
    name: str,
    vary: tuple,
    part_context: Callable,
    filters: str = "",
):
    """As ``render_page_or_part``, with ``part`` kept in the cache (core/fragments.py).

    ``part_context()`` gives the part's own context (the query and its cards); it
    is called only when the part is drawn afresh. ``page`` shows the part with
    ``{{ results }}``, and the filter form template ``filters`` (a GET form: the
    same for everyone at this address) with ``{{ filters }}``."""
    results = cached_part(
        request,
        name=name,
        vary=vary,
        render=lambda: render_to_string(part, {**context, **part_context()}, request),
    )
    if is_htmx(request):
        response = HttpResponse(results)
    else:
        drawn = {"results": results}
        if filters:
            drawn["filters"] = cached_part(
                request,
                name=f"{name}-filters",
                vary=(),
                render=lambda: render_to_string(filters, context, request),
            )
        response = render(request, page, {**context, **drawn})
    patch_vary_headers(response, ["HX-Request"])
    return response
