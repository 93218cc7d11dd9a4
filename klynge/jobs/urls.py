from django.urls import path

from klynge.jobs import feeds, views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("ny/", views.job_create, name="create"),
    path("jobb.atom", feeds.JobsFeed(), name="feed"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/endre/", views.job_edit, name="edit"),
    path("<int:pk>/trekk/", views.job_withdraw, name="withdraw"),
    path("<int:pk>/fjern/", views.job_take_down, name="take_down"),
]
