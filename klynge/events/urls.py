from django.urls import path

from klynge.events import manage_views, message_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("kalender/", views.my_calendar, name="calendar"),
    path("kalender.ics", views.public_ics, name="public_ics"),
    path("kalender/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path("nye.atom", views.NewEventsFeed(), name="atom"),
    path("ny/", manage_views.event_create, name="create"),
    path("ny-serie/", manage_views.series_create, name="series_create"),
    path("bekreft/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("pamelding/<str:token>/", views.cancel_token, name="cancel_token"),
    path("tilbakemelding/<str:token>/", views.feedback, name="feedback"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/meld-pa/", views.event_register, name="register"),
    path("<slug:slug>/gjest/", views.guest_register, name="guest_register"),
    path("<slug:slug>/min-pamelding/", views.my_registration, name="registration"),
    path("<slug:slug>/meld-av/", views.cancel, name="cancel"),
    path("<slug:slug>/rediger/", manage_views.event_edit, name="edit"),
    path("<slug:slug>/publiser/", manage_views.event_publish, name="publish"),
    path("<slug:slug>/avlys/", manage_views.event_cancel, name="cancel_event"),
    path("<slug:slug>/deltakere/", manage_views.event_manage, name="manage"),
    path("<slug:slug>/deltakere.csv", manage_views.export_csv, name="export"),
    path("<slug:slug>/melding/", message_views.message_write, name="message"),
    path("<slug:slug>/innsjekking/", manage_views.check_in, name="check_in"),
    path("<slug:slug>/innsjekking/walk-in/", manage_views.walk_in, name="walk_in"),
]
