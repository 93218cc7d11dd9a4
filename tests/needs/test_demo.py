import io

import pytest
from django.core.management import call_command

from klynge.accounts.models import User
from klynge.needs import demo, jobs
from klynge.needs.models import Answer, Need


@pytest.mark.django_db
def test_demo_needs_come_in_every_state_once_and_send_nothing_on_the_first_job_run():
    call_command("load_demo", stdout=io.StringIO())
    demo.load(io.StringIO())  # again: nothing new
    assert Need.objects.filter(external_id__startswith="demo-").count() == len(demo.NEEDS)
    assert set(Need.objects.values_list("status", flat=True)) == set(Need.Status.values)
    assert Answer.objects.filter(need__status=Need.Status.DIALOGUE).exists()
    assert Need.objects.get(external_id="demo-n-02").filled_by.name
    # The demo is a settled past: no reminder, expiry or follow-up is due.
    assert jobs.run_all() == {"reminders": 0, "expired": 0, "follow_ups": 0, "digests": 0}
    # The demo's open needs are visible on the board; its draft is not.
    assert Need.objects.visible_to(None).open().count() == 3


@pytest.mark.django_db
def test_the_poster_reads_the_answers_before_the_meetings_teams_and_matches(client):
    call_command("load_demo", stdout=io.StringIO())
    need = Need.objects.get(status=Need.Status.DIALOGUE, external_id__startswith="demo-")
    client.force_login(need.poster)
    page = client.get(need.get_absolute_url()).content.decode()
    order = [
        'id="manage-heading"',
        'id="answers-heading"',
        'id="meetings-heading"',
        'id="teams-heading"',
        'id="matches-heading"',
    ]
    assert [page.index(mark) for mark in order] == sorted(page.index(mark) for mark in order)
    first = Answer.objects.filter(need=need).get().messages.order_by("pk").first()
    answers = page[page.index('id="answers-heading"') : page.index('id="meetings-heading"')]
    assert first.body[:40] in answers


@pytest.mark.django_db
def test_a_provider_reads_how_to_answer_before_the_team_answer(client):
    call_command("load_demo", stdout=io.StringIO())
    need = Need.objects.get(title="Nettbutikk for gardsutsalget")
    kari = User.objects.get(email="kari@example.org")
    client.force_login(kari)
    page = client.get(need.get_absolute_url()).content.decode()
    assert 'name="message"' in page  # she may answer: the form is there
    assert page.index('id="answer-heading"') < page.index('id="team-answers-heading"')
