import json

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from klynge.core import chrome
from klynge.core.app_modules import app_modules
from klynge.core.markdown import render_markdown

register = template.Library()

# The characters json_script escapes, so a value can never close the script tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """The header and menu, kept per address, language and reader (klynge/core/chrome.py)."""
    request = context.get("request")
    if request is None:  # a page drawn without one (an error page's fallback)
        return render_to_string("core/_header.html", context.flatten())
    return chrome.header(request)


@register.filter
def jsonld(data: dict) -> str:
    """schema.org data as a JSON-LD block: a data block, which CSP does not execute."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def markdown(text: str) -> str:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


# Dark enough for white letters at 4.5:1 or better (WCAG AA), told apart by hue.
AVATAR_COLOURS = ("#0b5d50", "#1a4fd6", "#7a3e9d", "#a4161a", "#5b4a00", "#2f5d8a", "#6b3a1f")


@register.simple_tag
def initials_avatar(name: str, size: int = 56, css_class: str = "avatar") -> str:
    """An SVG with a name's initials, for a person or company without a photo or logo.

    Drawn here, with no outside service; decorative (the name is beside it), so
    hidden from screen readers. The colour follows the name, so it stays the same.
    """
    words = [w for w in (name or "?").replace("-", " ").split() if w[:1].isalnum()]
    letters = "".join(w[0] for w in (words[:1] + words[1:][-1:])).upper() or "?"
    colour = AVATAR_COLOURS[sum(map(ord, name or "")) % len(AVATAR_COLOURS)]
    return format_html(
        '<svg class="{}" width="{}" height="{}" viewBox="0 0 100 100" aria-hidden="true" '
        'focusable="false"><rect width="100" height="100" rx="{}" fill="{}"></rect>'
        '<text x="50" y="50" dy="0.35em" text-anchor="middle" font-size="40" '
        'font-family="system-ui, sans-serif" font-weight="600" fill="#ffffff">{}</text></svg>',
        css_class,
        size,
        size,
        50 if css_class == "avatar" else 8,
        colour,
        letters,
    )


@register.simple_tag(takes_context=True)
def extensions(context, place: str, obj) -> str:
    """What apps on higher floors add to a page of a lower one, at a named place.

    A lower app's template says ``{% extensions "needs.need" need %}``; each app with an
    ``extensions.py`` whose ``PLACES`` names that place renders its part, given the
    request and the object (INSTALLED_APPS order). The lower app imports nothing of
    them, as with ``privacy.py`` and ``demo.py``.
    """
    parts = []
    for module in app_modules("extensions"):
        render = getattr(module, "PLACES", {}).get(place)
        if render is not None:
            parts.append(render(context["request"], obj))
    return mark_safe("".join(parts))
