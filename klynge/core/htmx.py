"""Pages that htmx may ask for only a part of."""

import functools
from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from klynge.core import chrome
from klynge.core.fragments import Part, cached_parts


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
    parts_context: Callable | None = None,
    keep_page: bool = False,
):
    """As ``render_page_or_part``, with ``part`` kept in the cache (core/fragments.py).

    ``part_context()`` gives the part's own context (the query and its cards); it
    is called only when the part is drawn afresh. ``page`` shows the part with
    ``{{ results }}``, and the filter form template ``filters`` (a GET form: the
    same for everyone at this address) with ``{{ filters }}``. ``parts_context()``
    gives what both parts draw but the page does not (the filter form): called at
    most once, and only when a part is drawn afresh. ``keep_page``: the page around
    the parts is kept in the process too (``chrome.page_around``: only for a page
    that shows nothing of the reader but what the header does)."""
    shared = functools.cache(parts_context or dict)
    parts = [
        Part(
            name=name,
            vary=vary,
            render=lambda: render_to_string(
                part, {**context, **shared(), **part_context()}, request
            ),
        )
    ]
    page_too = not is_htmx(request)
    if page_too and filters:
        parts.append(
            Part(
                name=f"{name}-filters",
                vary=(),
                render=lambda: render_to_string(filters, {**context, **shared()}, request),
            )
        )
    drawn = cached_parts(request, parts)  # one round trip to the cache for all
    if not page_too:
        response = HttpResponse(drawn[0])
    else:
        shown = {"results": drawn[0]}
        if filters:
            shown["filters"] = drawn[1]
        kept = chrome.page_around(request, page, context, shown) if keep_page else None
        response = (
            HttpResponse(kept) if kept is not None else render(request, page, {**context, **shown})
        )
    patch_vary_headers(response, ["HX-Request"])
    return response
