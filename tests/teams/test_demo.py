"""The demo team: made once, two organisations who both accepted, a thread with the
buyer, a company open to team up, and no email."""

import io

import pytest
from django.core.management import call_command

from klynge.core.models import OutgoingMail
from klynge.directory.models import Company
from klynge.teams.models import Member, Team


@pytest.mark.django_db
def test_the_demo_has_one_team_however_often_it_loads():
    call_command("load_demo", stdout=io.StringIO())
    mails = OutgoingMail.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    team = Team.objects.get()
    assert team.need.external_id == "demo-n-04"
    accepted = team.members.filter(status=Member.Status.ACCEPTED)
    assert accepted.filter(company__isnull=False).count() == 1
    assert accepted.filter(person__isnull=False).count() == 1
    assert team.messages.filter(from_poster=True).exists()
    assert Company.objects.filter(open_to_team=True).count() == 1
    assert OutgoingMail.objects.count() == mails
