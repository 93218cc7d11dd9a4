from django.urls import path

from klynge.newsletter import composer_views, views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sendt/", views.subscribe_sent, name="subscribe_sent"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("arkiv/", views.archive, name="archive"),
    path("arkiv/<int:pk>/", views.archive_issue, name="archive_issue"),
    path("mitt-abonnement/", views.account, name="account"),
    path("utgaver/", composer_views.issue_list, name="issues"),
    path("utgaver/ny/", composer_views.issue_new, name="issue_new"),
    path("utgaver/<int:pk>/", composer_views.compose, name="compose"),
    path("utgaver/<int:pk>/ordne/", composer_views.arrange, name="arrange"),
    path("utgaver/<int:pk>/forhandsvis/", composer_views.preview, name="preview"),
    path("utgaver/<int:pk>/test/", composer_views.send_test, name="send_test"),
    path("utgaver/<int:pk>/send/", composer_views.send, name="send"),
    path("utgaver/<int:pk>/planlegg/", composer_views.schedule, name="schedule"),
    path("utgaver/<int:pk>/avplanlegg/", composer_views.unschedule, name="unschedule"),
]
