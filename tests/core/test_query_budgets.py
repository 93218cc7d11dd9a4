"""Every list and detail page, signed in: a fixed number of queries, whatever the number of rows.

Signed-in pages are never cached (klynge/core/pagecache.py), so they must be cheap
by themselves: a template that asks the database once per row fails here.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.accounts.models import User
from klynge.competence.models import Competence
from klynge.dialogue.models import Meeting
from klynge.directory import documents
from klynge.directory.models import Company, MemberStatus, Person, PersonSkill
from klynge.events.models import Event, Registration
from klynge.insights import survey_services
from klynge.insights.services import survey_from_template
from klynge.jobs.models import JobPosting
from klynge.needs.models import Need
from klynge.spaces.models import Booking, Resource

# The most queries each page may make. Sessions, the user with their profile (one
# query: klynge/accounts/backends.py), messages and the page's own reads; a budget
# grows only with a reason.
BUDGETS = {
    "/": 13,  # 9, the hub with its hours and exceptions (3), the news and their tags (2)
    "/katalog/": 7,
    "/katalog/?q=nettside": 10,
    "/katalog/bedrifter/": 7,
    "/katalog/folk/{person}/": 5,
    "/katalog/bedrifter/{company}/": 11,  # its open jobs, may the viewer post, news about it
    "/arrangement/": 10,
    # Whether it is a market-dialogue meeting about a need; the news about it.
    "/arrangement/{event}/": 11,
    "/behov/": 7,
    # The poster sees who can help, whom to invite, the attachments and its meetings;
    # +7 for the proposed teams (teams/proposals.py): a ranking of its own for the
    # viewer (2), the poster's own profile, the people and companies, their sizes, and
    # the viewer's audience; +1 for the news about it; +1 for the team answers
    # (teams/panels.py): the need's teams, members prefetched; +1 for what the poster
    # ticked (Need.chosen_slugs, read once for the matches and the teams).
    "/behov/{need}/": 30,
    "/jobb/": 7,  # the competences of open jobs for the filter, the jobs and theirs
    "/jobb/{job}/": 7,  # whether the viewer acts for the company
    # the matches (+1: what the poster ticked), who answered, is invited, signed up
    "/behov/markedsdialog/{meeting}/": 17,
    "/behov/mine/": 4,
    "/finn-hjelp/?beskriving=nettbutikk": 7,
    # +1: the ticked competences are looked up in the taxonomy (directory/reading.known)
    "/finn-hjelp/?beskriving=nettbutikk&kompetanse=wordpress": 8,
    # Come from find-help: the form shows who can help with what she typed and ticked
    "/behov/nytt/?beskriving=nettbutikk&kompetanse=wordpress": 9,
    "/huset/booking/": 9,  # the hub, resources, hours, exceptions, bookings; member?; feeds
    "/huset/booking/mine/": 6,  # whether the person may be shown at the hub; their feed
}


def queries(client, url: str) -> int:
    """Queries the page makes, less those of the database cache backend (in production
    the cache is Redis; search keeps word statistics there, as many as the text has words),
    on the second visit, when search has its statistics."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    cache_backend = ("klynge_cache", "SAVEPOINT")  # the database cache's reads and writes
    own = [q for q in context.captured_queries if not any(c in q["sql"] for c in cache_backend)]
    return len(own)


def grow(n: int, by: User) -> None:
    """n more people, companies, events with sign-ups and open needs."""
    now = timezone.now()
    for i in range(n):
        person = Person.objects.create(
            name=f"Vekst {i}", municipality="gol", headline="Nettsider og nettbutikk",
            member_status=MemberStatus.APPROVED, member_since=now,
        )  # fmt: skip
        PersonSkill.objects.bulk_create(
            PersonSkill(person=person, name=s, level=3) for s in ("WordPress", "nettbutikk")
        )
        documents.refresh_people([person.pk])
        company = Company.objects.create(
            name=f"Vekst {i} AS", municipality="aal", description="Nettbutikk og drift.",
            member_status=MemberStatus.APPROVED, member_since=now,
        )  # fmt: skip
        documents.refresh_companies([company.pk])
        start = now + timedelta(days=3 + i)
        event = Event.objects.create(
            title=f"Vekstmøte {i}", slug=f"vekstmote-{i}", starts_at=start,
            ends_at=start + timedelta(hours=1), status=Event.Status.PUBLISHED, published_at=now,
            capacity=30,
        )  # fmt: skip
        guest = User.objects.create_user(email=f"vekst{i}@example.org", password=None)
        Registration.objects.create(
            event=event, user=guest, name=f"Vekst {i}", email=guest.email,
            status=Registration.Status.CONFIRMED, confirmed_at=now,
        )  # fmt: skip
        measured = Need.objects.filter(poster=by).order_by("pk").first()
        Meeting.objects.create(need=measured, event=event)  # one more meeting for the need
        JobPosting.objects.create(
            company=company,
            title=f"Utviklar {i}",
            description="Nettbutikk og drift.",
            municipality="aal",
            deadline=now.date() + timedelta(days=9),
            apply_url="https://x.example",
        ).competences.set(Competence.objects.filter(slug__in=["nettbutikk", "wordpress"]))
        Need.objects.create(
            poster=by, title=f"Nettbutikk {i}", description="Vi treng ein nettbutikk.",
            municipality="gol", status=Need.Status.OPEN, published_at=now,
            expires_at=now + timedelta(days=30),
        )  # fmt: skip
        for seat, resource in enumerate(Resource.objects.all(), start=100 + 10 * i):
            start = now + timedelta(hours=1 + i)
            Booking.objects.create(
                resource=resource, user=by, seat=seat, starts_at=start,
                ends_at=start + timedelta(minutes=30), held_until=start + timedelta(minutes=30),
            )  # fmt: skip


@pytest.mark.django_db
def test_pages_cost_the_same_with_three_times_the_rows(client):
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(email="ola@example.org")  # a business owner with needs of her own
    client.force_login(user)
    ids = {
        "person": Person.objects.listed().order_by("pk").first().pk,
        "company": Company.objects.listed().order_by("pk").first().pk,
        "event": Event.objects.upcoming().published().order_by("starts_at").first().slug,
        "need": Need.objects.filter(poster=user).order_by("pk").first().pk,
        "meeting": Meeting.objects.get(need__poster=user).pk,
        "job": JobPosting.objects.open().order_by("pk").first().pk,
    }
    urls = {template: template.format(**ids) for template in BUDGETS}
    before = {template: queries(client, url) for template, url in urls.items()}
    grow(12, user)
    after = {template: queries(client, url) for template, url in urls.items()}
    assert after == before, "a page asks once per row"
    over = {t: (n, BUDGETS[t]) for t, n in after.items() if n > BUDGETS[t]}
    assert not over, f"over budget (queries, budget): {over}"


# The survey builder's staff pages: the same number of queries with three times the questions.
SURVEY_BUDGETS = {
    "/innsikt/undersokingar/{survey}/rediger/": 6,
    "/innsikt/undersokingar/{survey}/forhandsvis/": 5,
}


@pytest.mark.django_db
def test_survey_builder_pages_cost_the_same_with_three_times_the_questions(client, staff):
    survey = survey_from_template(by=staff, closes_on=timezone.localdate() + timedelta(days=9))
    client.force_login(staff)
    urls = {template: template.format(survey=survey.pk) for template in SURVEY_BUDGETS}
    before = {template: queries(client, url) for template, url in urls.items()}
    for i in range(10):
        survey_services.question_add(
            survey=survey, kind="single", texts={"nb": f"S{i}", "nn": f"S{i}", "en": f"Q{i}"},
            choices={lang: ["Ja", "Nei"] for lang in ("nb", "nn", "en")},
        )  # fmt: skip
    after = {template: queries(client, url) for template, url in urls.items()}
    assert after == before, "a page asks once per question"
    over = {t: (n, SURVEY_BUDGETS[t]) for t, n in after.items() if n > SURVEY_BUDGETS[t]}
    assert not over, f"over budget (queries, budget): {over}"
