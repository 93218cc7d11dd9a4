import json
import re
from collections.abc import Iterator

from django.core.exceptions import BadRequest
from django.http import JsonResponse

# Many Norwegian browsers say "no" (Norwegian) rather than "nb" (bokmål);
# Django knows no "no", and would fall through to English further down the list.
_NORWEGIAN = re.compile(r"(?<![A-Za-z])no(?=$|[-_;,\s])", re.IGNORECASE)


class NorwegianAcceptLanguageMiddleware:
    """Read "no" in Accept-Language as bokmål. Must come before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = _NORWEGIAN.sub("nb", header)
        return self.get_response(request)


NUL = "\x00"
NUL_DETAIL = "Text may not contain the NUL character (\\u0000)."


def _strings(value) -> Iterator[str]:
    """Every string in a decoded JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _in_form(data) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in data.lists())


def _holds_nul(request) -> bool:
    if NUL in request.path or _in_form(request.GET):
        return True
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    if request.content_type == "application/json":
        try:
            document = json.loads(request.body)
        except ValueError:
            return False  # the view answers that the body cannot be read
        return any(NUL in s for s in _strings(document))
    return _in_form(request.POST)


class RejectNulMiddleware:
    """Answer 400 to a request whose path, query, form or JSON text holds a NUL.

    No text we store may hold one, and PostgreSQL refuses it with an error that
    would otherwise be a 500. Files are left alone: uploads are bytes. Runs
    after CsrfViewMiddleware, so a form is only read once its token is checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _holds_nul(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": NUL_DETAIL}, status=400)
        raise BadRequest(NUL_DETAIL)  # the site's own 400 page
