"""What the market dialogue adds to the pages of the floor below (core's
``{% extensions %}`` tag finds this module by name; needs and events import nothing
of it): the meetings on a need's page, and the need on a meeting's event page."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string

from klynge.dialogue import rules
from klynge.dialogue.models import Meeting
from klynge.events.models import Event
from klynge.needs import rules as need_rules
from klynge.needs.models import Need


def need_meetings(request, need: Need) -> str:
    """The need's meetings the viewer may see, and to its poster the button to hold one."""
    user = request.user
    can_manage = need_rules.can_manage(user, need)
    meetings = Meeting.objects.filter(need=need).select_related("event")
    if can_manage:
        meetings = meetings.annotate(invited_count=Count("invitations"))
    else:
        meetings = meetings.filter(event__in=Event.objects.visible_to(user).published())
    meetings = list(meetings.order_by("event__starts_at", "id"))
    can_hold = rules.can_hold(user, need)
    if not meetings and not can_hold:
        return ""
    context = {"need": need, "meetings": meetings, "can_manage": can_manage, "can_hold": can_hold}
    return render_to_string("dialogue/_need_meetings.html", context, request=request)


def event_need(request, event: Event) -> str:
    """On a meeting's event page, the need it is about, if the viewer may see the need."""
    meeting = Meeting.objects.filter(event=event).select_related("need").first()
    if meeting is None or not rules.sees_need(request.user, meeting.need):
        return ""
    context = {
        "meeting": meeting,
        "need": meeting.need,
        "can_manage": rules.can_invite(request.user, meeting.need, event),
    }
    return render_to_string("dialogue/_event_need.html", context, request=request)


PLACES = {"needs.need": need_meetings, "events.event": event_need}
