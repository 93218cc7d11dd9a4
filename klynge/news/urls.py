from django.urls import path

from klynge.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("skriv/", views.post_write, name="write"),
    path("nytt.atom", feeds.NewsFeed(), name="feed"),
    path("tema/<slug:slug>.atom", feeds.TagFeed(), name="tag_feed"),
    path("<slug:slug>/", views.post_detail, name="detail"),
    path("<slug:slug>/endre/", views.post_edit, name="edit"),
]
