from django.contrib import admin
from django.urls import include, path, re_path

from klynge import views
from klynge.accounts.views import set_language
from klynge.api import api
from klynge.core import urls as core_urls
from klynge.core.views import healthz, media

# The front page is the project's (it shows several apps) but keeps the name
# "core:home" that every template and redirect uses.
core_patterns = [path("", views.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("", include((core_patterns, core_urls.app_name))),
    path("katalog/", include("klynge.directory.urls")),
    path("finn-hjelp/", include("klynge.directory.find_help_urls")),
    path("arrangement/", include("klynge.events.urls")),
    path("behov/", include("klynge.needs.urls")),
    path("nytt/", include("klynge.news.urls")),
    path("jobb/", include("klynge.jobs.urls")),
    path("nyhetsbrev/", include("klynge.newsletter.urls")),
    path("behov/", include("klynge.teams.urls")),
    path("behov/", include("klynge.dialogue.urls")),
    path("", include("klynge.insights.urls")),
    path("", include("klynge.spaces.urls")),
    path("konto/", include("klynge.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("sprak/", set_language, name="set_language"),
    path("stab/logg/", include("klynge.audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    re_path(r"^media/(?P<path>.+)$", media, name="media"),
]

handler400 = "klynge.core.views.bad_request"
handler403 = "klynge.core.views.permission_denied"
handler404 = "klynge.core.views.page_not_found"
handler500 = "klynge.core.views.server_error"
