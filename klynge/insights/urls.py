from django.urls import path

from klynge.insights import survey_builder_views as builder
from klynge.insights import survey_views, views

app_name = "insights"

urlpatterns = [
    path("innsikt/", views.dashboard_page, name="dashboard"),
    path("innsikt/rapport/", views.report_page, name="report"),
    path("innsikt/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("innsikt/<slug:key>.csv", views.table_csv, name="csv"),
    path("it-i-regionen/", views.public_page, name="public"),
    path("innsikt/undersokingar/", survey_views.survey_list, name="surveys"),
    path("innsikt/undersokingar/ny/", builder.survey_new, name="survey_new"),
    path("innsikt/undersokingar/<int:pk>/", survey_views.survey_detail, name="survey"),
    path("innsikt/undersokingar/<int:pk>/rediger/", builder.survey_edit, name="survey_edit"),
    path(
        "innsikt/undersokingar/<int:pk>/forhandsvis/",
        builder.survey_preview,
        name="survey_preview",
    ),  # fmt: skip
    path("innsikt/undersokingar/<int:pk>/sporsmal/", builder.question_new, name="question_new"),
    path("innsikt/sporsmal/<int:pk>/", builder.question_edit, name="question_edit"),
    path("innsikt/sporsmal/<int:pk>/slett/", builder.question_delete, name="question_delete"),
    path("innsikt/sporsmal/<int:pk>/flytt/", builder.question_move, name="question_move"),
    path("innsikt/undersokingar/<int:pk>/send/", survey_views.survey_invite, name="survey_invite"),
    path("innsikt/undersokingar/<int:pk>/minn/", survey_views.survey_remind, name="survey_remind"),
    path("undersoking/<str:token>/", survey_views.answer, name="answer"),
]
