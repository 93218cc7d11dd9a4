from django.urls import path

from klynge.insights import survey_views, views

app_name = "insights"

urlpatterns = [
    path("innsikt/", views.dashboard_page, name="dashboard"),
    path("innsikt/rapport/", views.report_page, name="report"),
    path("innsikt/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("innsikt/<slug:key>.csv", views.table_csv, name="csv"),
    path("it-i-regionen/", views.public_page, name="public"),
    path("innsikt/undersokingar/", survey_views.survey_list, name="surveys"),
    path("innsikt/undersokingar/<int:pk>/", survey_views.survey_detail, name="survey"),
    path("innsikt/undersokingar/<int:pk>/send/", survey_views.survey_invite, name="survey_invite"),
    path("innsikt/undersokingar/<int:pk>/minn/", survey_views.survey_remind, name="survey_remind"),
    path("undersoking/<str:token>/", survey_views.answer, name="answer"),
]
