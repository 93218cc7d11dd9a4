from django.urls import path

from klynge.insights import views

app_name = "insights"

urlpatterns = [
    path("innsikt/", views.dashboard_page, name="dashboard"),
    path("innsikt/<slug:key>.csv", views.table_csv, name="csv"),
    path("it-i-regionen/", views.public_page, name="public"),
]
