"""A demo market-dialogue meeting for `manage.py load_demo`: Bakken Fjellstue's
booking need holds an information meeting, and the firm that answered is invited.
Written without emails; safe to run again: the meeting is found by its event's slug."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from klynge.dialogue import services
from klynge.dialogue.models import Meeting, MeetingInvitation
from klynge.events.demo import TUE, demo_day
from klynge.events.models import Event
from klynge.needs.models import Need

SLUG = "marknadsdialog-booking-bakken-fjellstue"


def load(stdout) -> None:
    need = Need.objects.filter(external_id="demo-n-01", status__in=Need.ACCEPTING).first()
    if need is None or Event.objects.filter(slug=SLUG).exists():
        stdout.write("Dialogue demo: nothing to add.\n")
        return
    starts = timezone.make_aware(datetime.combine(demo_day(2, TUE), time(13, 0)))
    with transaction.atomic():
        meeting = services.meeting_create(
            need=need,
            by=need.poster,
            title="Marknadsdialog: booking og betaling på nett for Bakken Fjellstue",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1, minutes=30),
            format=Event.Format.HYBRID,
            venue="Bakken Fjellstue",
            address="Hemsedal",
            online_url="https://meet.example.org/bakken",
            description="Vi fortel kva vi treng, og de kan spørje. Ingen tilbod på møtet.",
        )
        Event.objects.filter(pk=meeting.event_id).update(slug=SLUG)
        for answer in need.answers.all():
            provider = {"company": answer.company} if answer.company else {"person": answer.person}
            MeetingInvitation.objects.get_or_create(meeting=meeting, **provider)
    count = Meeting.objects.filter(need=need).count()
    stdout.write(f"Dialogue demo: {count} meeting for {need.title}.\n")
