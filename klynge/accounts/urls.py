from django.urls import path

from klynge.accounts import views

app_name = "accounts"

urlpatterns = [
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/last-ned/", views.my_data_download, name="my_data_download"),
    path("slett/", views.delete_account, name="delete"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/trekk-tilbake/", views.api_token_revoke, name="api_token_revoke"),
]
