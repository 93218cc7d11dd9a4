"""The demo meeting: made once, with the answering firm invited, and no email."""

import io

import pytest
from django.core.management import call_command

from klynge.core.models import OutgoingMail
from klynge.dialogue.models import Meeting, MeetingInvitation


@pytest.mark.django_db
def test_the_demo_has_one_meeting_however_often_it_loads():
    call_command("load_demo", stdout=io.StringIO())
    mails = OutgoingMail.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get()
    assert meeting.need.external_id == "demo-n-01"
    assert meeting.event.online_url and meeting.event.status == "published"
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 1
    assert OutgoingMail.objects.count() == mails
