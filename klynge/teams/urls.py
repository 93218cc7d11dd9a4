from django.urls import path

from klynge.teams import staff, views

app_name = "teams"

urlpatterns = [
    path("<int:pk>/lag/", views.start, name="start"),
    path("lag/<int:pk>/", views.team_page, name="team"),
    path("lag/<int:pk>/inviter/", views.invite, name="invite"),
    path("lag/<int:pk>/fylt/", views.fill, name="fill"),
    path("lag/medlem/<int:pk>/svar/", views.respond, name="respond"),
    path("lag/medlem/<int:pk>/forlat/", views.leave, name="leave"),
    path("lag/invitasjoner/", views.invitations, name="invitations"),
    path("lag/oversikt/", staff.overview, name="staff"),
]
