"""The find-help page, mounted at /finn-hjelp/ beside the directory's own pages."""

from django.urls import path

from klynge.directory.views import find_help

app_name = "find_help"

urlpatterns = [path("", find_help.find_help, name="find_help")]
