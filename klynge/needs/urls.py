from django.urls import path

from klynge.needs.views import alerts, attachments, board, staff, threads

app_name = "needs"

urlpatterns = [
    path("", board.need_list, name="list"),
    path("nytt/", board.need_create, name="create"),
    path("treff/", board.live_matches, name="live_matches"),
    path("mine/", board.my_needs, name="mine"),
    path("<int:pk>/", board.need_detail, name="detail"),
    path("<int:pk>/endre/", board.need_edit, name="edit"),
    path("<int:pk>/handling/", board.need_action, name="action"),
    path("<int:pk>/inviter/", board.need_invite, name="invite"),
    path("<int:pk>/vedlegg/", attachments.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/vedlegg/<int:attachment_id>/<str:name>",
        attachments.attachment_file,
        name="attachment",
    ),
    path(
        "<int:pk>/vedlegg/<int:attachment_id>/fjern/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/svar/", threads.answer_create, name="answer"),
    path("svar/<int:pk>/", threads.thread, name="thread"),
    path("svar/<int:pk>/trekk/", threads.answer_withdraw, name="withdraw"),
    path("godkjenning/", staff.approval_queue, name="approval_queue"),
    path("godkjenning/<int:pk>/", staff.approval_decide, name="approval_decide"),
    path("varsel/", alerts.alert_settings, name="alerts"),
    path("feed/", alerts.NeedFeed(), name="feed"),
    path("feed/<str:token>/", alerts.MatchingNeedFeed(), name="my_feed"),
    path("oppfolging/<str:token>/", alerts.outcome, name="outcome"),
]
