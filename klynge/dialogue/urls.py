from django.urls import path

from klynge.dialogue import views

app_name = "dialogue"

# Mounted under behov/ by the project: the meetings belong to needs.
urlpatterns = [
    path("<int:pk>/markedsdialog/", views.meeting_create, name="create"),
    path("markedsdialog/<int:pk>/", views.meeting_invite, name="invite"),
]
