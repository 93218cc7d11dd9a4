from django.urls import path

from klynge.spaces import booking_views, staff_views, views

app_name = "spaces"

urlpatterns = [
    path("huset/", views.place_page, name="place"),
    path("huset/booking/", booking_views.week_page, name="week"),
    path("huset/booking/bestill/", booking_views.book, name="book"),
    path("huset/booking/mine/", booking_views.my_bookings, name="my_bookings"),
    path("huset/booking/<int:pk>/avbestill/", booking_views.cancel, name="cancel"),
    path("huset/booking/<int:pk>/vis/", booking_views.show_at_hub, name="show_at_hub"),
    path("huset/booking/oversikt/", staff_views.overview, name="overview"),
    path("huset/booking/sperr/", staff_views.block, name="block"),
]
