"""schema.org Event markup (JSON-LD) for event pages, so search engines and
social networks understand them."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from klynge.events.models import Event

ATTENDANCE = {
    Event.Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Event.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def structured_data(event: Event, request: HttpRequest) -> SafeString:
    hub = settings.KLYNGE_HUB
    url = request.build_absolute_uri(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description[:500],
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "url": url,
        "eventAttendanceMode": ATTENDANCE[event.format],
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "organizer": {
            "@type": "Organization",
            "name": hub["name"],
            "url": request.build_absolute_uri("/"),
        },
        "location": [],
    }
    if event.has_place:
        data["location"].append(
            {
                "@type": "Place",
                "name": event.place_name or event.place_address,
                "address": event.place_address,
            }
        )
    if event.is_online:
        data["location"].append({"@type": "VirtualLocation", "url": url})
    if event.image:
        data["image"] = [request.build_absolute_uri(event.image.url)]
    # Escape <, > and & as json_script does, so the text cannot close the tag.
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - JSON with HTML-significant characters escaped
