from django.contrib import admin
from django.urls import include, path

from klynge.accounts.views import set_language
from klynge.api import api
from klynge.core.views import healthz

urlpatterns = [
    path("", include("klynge.core.urls")),
    path("katalog/", include("klynge.directory.urls")),
    path("finn-hjelp/", include("klynge.competence.urls")),
    path("arrangement/", include("klynge.events.urls")),
    path("behov/", include("klynge.needs.urls")),
    path("", include("klynge.insights.urls")),
    path("konto/", include("klynge.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("sprak/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
]

handler400 = "klynge.core.views.bad_request"
handler403 = "klynge.core.views.permission_denied"
handler404 = "klynge.core.views.page_not_found"
handler500 = "klynge.core.views.server_error"
