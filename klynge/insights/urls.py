from django.urls import path

from klynge.insights import views

app_name = "insights"

urlpatterns = [
    path("innsikt/", views.dashboard_page, name="dashboard"),
    path("innsikt/rapport/", views.report_page, name="report"),
    path("innsikt/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("innsikt/<slug:key>.csv", views.table_csv, name="csv"),
    path("it-i-regionen/", views.public_page, name="public"),
]
