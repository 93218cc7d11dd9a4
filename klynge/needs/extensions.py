"""What the needs app adds to pages of the floor below (core's ``{% extensions %}``
tag finds this module by name; the directory imports nothing of it): on the staff
queue, the needs waiting for approval, since a buyer waits on each of them."""

from __future__ import annotations

from django.template.loader import render_to_string

from klynge.needs.models import Need

SHOWN = 5  # the oldest this many by title; the approval page has them all


def pending_needs(request, _obj) -> str:
    pending = Need.objects.filter(status=Need.Status.PENDING).order_by("created_at")
    context = {"needs": list(pending[:SHOWN]), "count": pending.count()}
    return render_to_string("needs/_staff_queue_pending.html", context, request=request)


PLACES = {"directory.staff_queue": pending_needs}
