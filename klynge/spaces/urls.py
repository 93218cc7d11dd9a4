from django.urls import path

from klynge.spaces import booking_views, checkin_views, feeds, staff_views, views

app_name = "spaces"

urlpatterns = [
    path("huset/", views.place_page, name="place"),
    path("huset/booking/", booking_views.week_page, name="week"),
    path("huset/booking/bestill/", booking_views.book, name="book"),
    path("huset/booking/mine/", booking_views.my_bookings, name="my_bookings"),
    path("huset/booking/mine/kalender/", feeds.personal_feed_renew, name="my_feed_renew"),
    path("huset/booking/mine/<str:token>.ics", feeds.personal_feed, name="my_feed"),
    path("huset/booking/<int:pk>/avbestill/", booking_views.cancel, name="cancel"),
    path("huset/booking/<int:pk>/vis/", booking_views.show_at_hub, name="show_at_hub"),
    path("huset/booking/<int:pk>/sjekk-inn/", checkin_views.check_in, name="check_in"),
    path("huset/booking/<int:pk>/avbestill-resten/", checkin_views.cancel_rest, name="cancel_rest"),
    path("huset/booking/ressurs/<int:pk>/inn/", checkin_views.scan, name="scan"),
    path("huset/booking/ressurs/<int:pk>/kalender.ics", feeds.resource_feed, name="resource_feed"),
    path("huset/booking/qr/", checkin_views.qr_codes, name="qr_codes"),
    path("huset/booking/oversikt/", staff_views.overview, name="overview"),
    path("huset/booking/sperr/", staff_views.block, name="block"),
]
