from django.urls import path

from klynge.competence import views

app_name = "competence"

urlpatterns = [path("", views.find_help, name="find_help")]
