"""iCalendar (RFC 5545) for events: one event, the public feed, a personal feed.

UIDs never change (event-<id>@<host>) and SEQUENCE is the event's sequence,
raised on every change of time or place, so calendar programs update the copy
they have instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.events.links import calendar_host, site_url
from klynge.events.models import Event

PRODID = "-//Klynge//Events//EN"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{calendar_host()}"


def vevent(event: Event, *, with_online_link: bool = False) -> icalendar.Event:
    url = site_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    description = [event.description.strip(), url]
    if with_online_link and event.online_url:
        description.insert(1, _("Online: %(url)s") % {"url": event.online_url})
    component.add("description", "\n\n".join(p for p in description if p))
    component.add("location", event.location_text)
    component.add("url", url)
    component.add("sequence", event.sequence)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("last-modified", event.updated_at)
    if event.is_members_only:
        component.add("class", "PRIVATE")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", timedelta(days=-1))
    component.add_component(alarm)
    return component


def calendar(
    events: Iterable[Event], *, name: str, online_links_for: set[int] = frozenset()
) -> bytes:
    """A VCALENDAR of ``events``; online links only for the ids in ``online_links_for``."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(vevent(event, with_online_link=event.pk in online_links_for))
    return cal.to_ical()
