from django.urls import path

from klynge.spaces import views

app_name = "spaces"

urlpatterns = [
    path("huset/", views.place_page, name="place"),
]
