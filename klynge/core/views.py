"""The site's own pages: accessibility, health, errors. The front page, which shows
what the apps above have, is the project's (klynge/views.py)."""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from klynge.core import retention
from klynge.core.pagecache import anonymous_cache


@require_safe
@anonymous_cache
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What the site stores and for how long, from the rules the retention job runs."""
    context = {"rules": retention.rules(), "my_data_url": reverse("accounts:my_data")}
    return render(request, "core/privacy.html", context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means this process cannot serve
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Public uploads (logos, event images) when no web server in front serves /media/."""
    if not settings.SERVE_MEDIA:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=3600)
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever a file holds, a browser must not run it as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, request=request), status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The site chrome needs the database (sessions, user); when it is the
    # database that failed, fall back to a page with no context at all.
    try:
        return _error(request, "500.html", 500)
    except Exception:
        try:
            return HttpResponse(loader.render_to_string("500_plain.html"), status=500)
        except TemplateDoesNotExist:
            return HttpResponse("Server error", status=500, content_type="text/plain")
