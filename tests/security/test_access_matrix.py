"""Every URL of the project, asked by every role, answers as this table says.

The table is keyed by the URL's route as Django joins it (``behov/<int:pk>/``).
Each row holds the arguments to fill in, from the objects ``world`` makes
(``pk=need`` takes ``world["need"].pk``; a slug converter takes ``.slug``; a
str converter takes the string as it is), and the expected answer to a GET for
each role in the order of ROLES:

    200    the page or data
    login  a redirect to the sign-in page (with ?next=)
    302    a redirect somewhere else (a form that sends you on, a shortcut)
    403    refused; 404: not found (or not shown to this role); 405: not a GET
    (any other code as it is: allauth's 401 and 301s)

A page (anything outside api/) that answers a GET with 200 must answer HEAD
with 200 too. A URL with
no row fails the test with the row to add. URLs under admin/ follow Django's
admin's own rule (ADMIN), not a row each.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from klynge.accounts.services import api_token_create
from klynge.dialogue.models import Meeting
from klynge.directory.models import (
    Company,
    CompanyClaim,
    CompanyRole,
    MembershipApplication,
    Person,
)
from klynge.events.links import registration_token
from klynge.events.models import CalendarFeed, Registration
from klynge.insights.services import survey_from_template
from klynge.jobs import services as job_services
from klynge.needs import jobs
from klynge.needs.models import AlertSettings, Answer, Attachment, Need
from klynge.news import services as news_services
from klynge.newsletter.models import Issue, Subscription
from klynge.spaces.models import Booking, BookingFeed, Place, Resource
from klynge.teams.models import Member, Team

ROLES = ("anonymous", "user", "member", "company_admin", "staff")

# route: (arguments, "anonymous user member company_admin staff")
MATRIX: dict[str, tuple[str, str]] = {
    "": ("", "200 200 200 200 200"),
    "tilgjengelighet/": ("", "200 200 200 200 200"),
    "personvern/": ("", "200 200 200 200 200"),
    "katalog/": ("", "200 200 200 200 200"),
    "katalog/folk/<int:pk>/": ("pk=person", "200 200 200 200 200"),
    "katalog/folk/<int:pk>/kontakt/": ("pk=person", "login 200 200 200 200"),
    "katalog/profil/": ("", "login 200 200 200 200"),
    "katalog/profil/overta/": ("", "login 405 405 405 405"),
    "katalog/bedrifter/": ("", "200 200 200 200 200"),
    "katalog/bedrifter/ny/": ("", "login 200 200 200 200"),
    "katalog/bedrifter/<int:pk>/": ("pk=company", "200 200 200 200 200"),
    "katalog/bedrifter/<int:pk>/rediger/": ("pk=company", "login 403 403 200 200"),
    "katalog/bedrifter/<int:pk>/bli-med/": ("pk=company", "login 405 405 405 405"),
    "katalog/bedrifter/<int:pk>/tilsette/<int:role_pk>/": (
        "pk=company role_pk=role",
        "login 405 405 405 405",
    ),
    "katalog/bedrifter/<int:pk>/krev/": ("pk=company", "login 200 200 200 200"),
    "katalog/bedrifter/<int:pk>/kontakt/": ("pk=company", "login 200 200 200 200"),
    "katalog/medlemskap/": ("", "login 200 200 200 200"),
    "katalog/stab/": ("", "login 403 403 403 200"),
    "katalog/stab/medlemskap/<int:pk>/": ("pk=application", "login 403 403 403 405"),
    "katalog/stab/krav/<int:pk>/": ("pk=claim", "login 403 403 403 405"),
    # A photo by a name that is not the person's: nobody learns anything from it.
    "katalog/folk/<int:pk>/bilde/<str:name>": ("pk=person name=photo_name", "404 404 404 404 404"),
    "finn-hjelp/": ("", "200 200 200 200 200"),
    "innsikt/": ("", "login 403 403 403 200"),
    "innsikt/rapport/": ("", "login 403 403 403 200"),
    "innsikt/rapport.pdf": ("", "login 403 403 403 200"),
    "innsikt/<slug:key>.csv": ("key=table_key", "login 403 403 403 200"),
    "it-i-regionen/": ("", "200 200 200 200 200"),
    "huset/": ("", "200 200 200 200 200"),
    "nytt/": ("", "200 200 200 200 200"),
    "nytt/skriv/": ("", "login 403 403 403 200"),
    "nytt/nytt.atom": ("", "200 200 200 200 200"),
    "nytt/tema/<slug:slug>.atom": ("slug=news_tag", "200 200 200 200 200"),
    "nytt/<slug:slug>/": ("slug=post", "200 200 200 200 200"),
    "nytt/<slug:slug>/endre/": ("slug=post", "login 403 403 403 200"),
    "jobb/": ("", "200 200 200 200 200"),
    # The company admin's company is not a member: only staff may post for it.
    "jobb/ny/": ("", "login 403 403 403 200"),
    "jobb/jobb.atom": ("", "200 200 200 200 200"),
    "jobb/<int:pk>/": ("pk=job", "200 200 200 200 200"),
    "jobb/<int:pk>/endre/": ("pk=job", "login 403 403 403 200"),
    "jobb/<int:pk>/trekk/": ("pk=job", "login 405 405 405 405"),
    "jobb/<int:pk>/fjern/": ("pk=job", "login 405 405 405 405"),
    "nyhetsbrev/": ("", "200 200 200 200 200"),
    "nyhetsbrev/sendt/": ("", "200 200 200 200 200"),
    "nyhetsbrev/bekreft/<str:token>/": ("token=newsletter_token", "200 200 200 200 200"),
    "nyhetsbrev/avmeld/<str:token>/": ("token=newsletter_token", "200 200 200 200 200"),
    "nyhetsbrev/arkiv/": ("", "200 200 200 200 200"),
    "nyhetsbrev/arkiv/<int:pk>/": ("pk=sent_issue", "200 200 200 200 200"),
    "nyhetsbrev/mitt-abonnement/": ("", "login 405 405 405 405"),
    "nyhetsbrev/utgaver/": ("", "login 403 403 403 200"),
    "nyhetsbrev/utgaver/ny/": ("", "login 403 403 403 405"),
    "nyhetsbrev/utgaver/<int:pk>/": ("pk=draft_issue", "login 403 403 403 200"),
    "nyhetsbrev/utgaver/<int:pk>/ordne/": ("pk=draft_issue", "login 403 403 403 405"),
    "nyhetsbrev/utgaver/<int:pk>/forhandsvis/": ("pk=draft_issue", "login 403 403 403 200"),
    "nyhetsbrev/utgaver/<int:pk>/test/": ("pk=draft_issue", "login 403 403 403 405"),
    "nyhetsbrev/utgaver/<int:pk>/send/": ("pk=draft_issue", "login 403 403 403 405"),
    "nyhetsbrev/utgaver/<int:pk>/planlegg/": ("pk=draft_issue", "login 403 403 403 405"),
    "nyhetsbrev/utgaver/<int:pk>/avplanlegg/": ("pk=draft_issue", "login 403 403 403 405"),
    "huset/booking/": ("", "login 200 200 200 200"),
    "huset/booking/bestill/": ("", "login 405 405 405 405"),
    "huset/booking/mine/": ("", "login 200 200 200 200"),
    "huset/booking/mine/kalender/": ("", "login 405 405 405 405"),
    # The secret address is the key: a calendar app fetches it without signing in.
    "huset/booking/mine/<str:token>.ics": ("token=booking_feed_token", "200 200 200 200 200"),
    "huset/booking/<int:pk>/avbestill/": ("pk=booking", "login 405 405 405 405"),
    "huset/booking/<int:pk>/vis/": ("pk=booking", "login 405 405 405 405"),
    "huset/booking/<int:pk>/sjekk-inn/": ("pk=booking", "login 405 405 405 405"),
    "huset/booking/<int:pk>/avbestill-resten/": ("pk=booking", "login 405 405 405 405"),
    "huset/booking/ressurs/<int:pk>/inn/": ("pk=resource", "login 200 200 200 200"),
    # Busy times only, never who: anyone may subscribe (a staff-only resource: staff).
    "huset/booking/ressurs/<int:pk>/kalender.ics": ("pk=resource", "200 200 200 200 200"),
    "huset/booking/qr/": ("", "login 403 403 403 200"),
    "huset/booking/oversikt/": ("", "login 403 403 403 200"),
    "huset/booking/sperr/": ("", "login 403 403 403 200"),
    "innsikt/undersokingar/": ("", "login 403 403 403 200"),
    "innsikt/undersokingar/ny/": ("", "login 403 403 403 200"),
    "innsikt/undersokingar/<int:pk>/": ("pk=survey", "login 403 403 403 200"),
    "innsikt/undersokingar/<int:pk>/rediger/": ("pk=survey", "login 403 403 403 200"),
    "innsikt/undersokingar/<int:pk>/forhandsvis/": ("pk=survey", "login 403 403 403 200"),
    "innsikt/undersokingar/<int:pk>/sporsmal/": ("pk=survey", "login 403 403 403 200"),
    "innsikt/sporsmal/<int:pk>/": ("pk=question", "login 403 403 403 200"),
    "innsikt/sporsmal/<int:pk>/slett/": ("pk=question", "login 403 403 403 405"),
    "innsikt/sporsmal/<int:pk>/flytt/": ("pk=question", "login 403 403 403 405"),
    "innsikt/undersokingar/<int:pk>/send/": ("pk=survey", "login 403 403 403 405"),
    "innsikt/undersokingar/<int:pk>/minn/": ("pk=survey", "login 403 403 403 405"),
    "undersoking/<str:token>/": ("token=survey_token", "404 404 404 404 404"),
    "api/v1/insights/summary": ("", "200 200 200 200 200"),
    "^media/(?P<path>.+)$": ("path=media_path", "404 404 404 404 404"),
    "arrangement/": ("", "200 200 200 200 200"),
    "arrangement/kalender/": ("", "login 200 200 200 200"),
    "arrangement/kalender.ics": ("", "200 200 200 200 200"),
    "arrangement/kalender/<str:token>.ics": ("token=calendar_token", "200 200 200 200 200"),
    "arrangement/nye.atom": ("", "200 200 200 200 200"),
    "arrangement/ny/": ("", "login 403 403 403 200"),
    "arrangement/ny-serie/": ("", "login 403 403 403 200"),
    "arrangement/bekreft/<str:token>/": ("token=confirm_token", "200 200 200 200 200"),
    "arrangement/pamelding/<str:token>/": ("token=cancel_token", "200 200 200 200 200"),
    "arrangement/tilbakemelding/<str:token>/": ("token=feedback_token", "200 200 200 200 200"),
    "arrangement/<slug:slug>/": ("slug=event", "200 200 200 200 200"),
    "arrangement/<slug:slug>.ics": ("slug=event", "200 200 200 200 200"),
    "arrangement/<slug:slug>/meld-pa/": ("slug=event", "login 200 200 200 200"),
    "arrangement/<slug:slug>/gjest/": ("slug=event", "200 200 200 200 200"),
    "arrangement/<slug:slug>/min-pamelding/": ("slug=event", "login 404 404 404 404"),
    "arrangement/<slug:slug>/meld-av/": ("slug=event", "login 405 405 405 405"),
    "arrangement/<slug:slug>/rediger/": ("slug=event", "login 403 403 403 200"),
    "arrangement/<slug:slug>/melding/": ("slug=event", "login 403 403 403 200"),
    "arrangement/<slug:slug>/publiser/": ("slug=event", "login 405 405 405 405"),
    "arrangement/<slug:slug>/avlys/": ("slug=event", "login 405 405 405 405"),
    "arrangement/<slug:slug>/deltakere/": ("slug=event", "login 403 403 403 200"),
    "arrangement/<slug:slug>/deltakere.csv": ("slug=event", "login 403 403 403 200"),
    "arrangement/<slug:slug>/innsjekking/": ("slug=event", "login 403 403 403 200"),
    "arrangement/<slug:slug>/innsjekking/walk-in/": ("slug=event", "login 405 405 405 405"),
    "behov/": ("", "200 200 200 200 200"),
    "behov/nytt/": ("", "login 200 200 200 200"),
    "behov/treff/": ("", "200 200 200 200 200"),
    "behov/mine/": ("", "login 200 200 200 200"),
    "behov/<int:pk>/": ("pk=need", "200 200 200 200 200"),
    "behov/<int:pk>/endre/": ("pk=need", "login 200 302 302 200"),
    "behov/<int:pk>/handling/": ("pk=need", "login 405 405 405 405"),
    "behov/<int:pk>/inviter/": ("pk=need", "login 405 405 405 405"),
    "behov/<int:pk>/svar/": ("pk=need", "login 405 405 405 405"),
    "behov/<int:pk>/vedlegg/": ("pk=need", "login 405 405 405 405"),
    "behov/<int:pk>/vedlegg/<int:attachment_id>/fjern/": (
        "pk=need attachment_id=attachment",
        "login 405 405 405 405",
    ),
    # The real file's name answers 200 to who may see the need; a guessed name, 404.
    "behov/<int:pk>/vedlegg/<int:attachment_id>/<str:name>": (
        "pk=need attachment_id=attachment name=attachment_name",
        "200 200 200 200 200",
    ),
    "behov/svar/<int:pk>/": ("pk=answer", "login 200 403 200 200"),
    "behov/<int:pk>/markedsdialog/": ("pk=need", "login 200 403 403 200"),
    "behov/markedsdialog/<int:pk>/": ("pk=meeting", "login 200 403 403 200"),
    "behov/svar/<int:pk>/trekk/": ("pk=answer", "login 405 405 405 405"),
    "behov/<int:pk>/lag/": ("pk=need", "login 302 200 200 302"),
    "behov/lag/<int:pk>/": ("pk=team", "login 200 403 200 200"),
    "behov/lag/<int:pk>/inviter/": ("pk=team", "login 405 405 405 405"),
    "behov/lag/<int:pk>/fylt/": ("pk=team", "login 405 405 405 405"),
    "behov/lag/medlem/<int:pk>/svar/": ("pk=team_member", "login 405 405 405 405"),
    "behov/lag/medlem/<int:pk>/forlat/": ("pk=team_member", "login 405 405 405 405"),
    "behov/lag/invitasjoner/": ("", "login 200 200 200 200"),
    "behov/lag/oversikt/": ("", "login 403 403 403 200"),
    "behov/godkjenning/": ("", "login 403 403 403 200"),
    "behov/godkjenning/<int:pk>/": ("pk=pending_need", "login 403 403 403 405"),
    "behov/varsel/": ("", "login 200 200 200 200"),
    "behov/feed/": ("", "200 200 200 200 200"),
    "behov/feed/<str:token>/": ("token=feed_token", "200 200 200 200 200"),
    "behov/oppfolging/<str:token>/": ("token=outcome_token", "200 200 200 200 200"),
    "konto/mine-data/": ("", "login 200 200 200 200"),
    "konto/mine-data/last-ned/": ("", "login 200 200 200 200"),
    "konto/slett/": ("", "login 405 405 405 405"),
    "konto/tokens/": ("", "login 200 200 200 200"),
    "konto/tokens/<int:pk>/trekk-tilbake/": ("pk=api_token", "login 405 405 405 405"),
    "stab/logg/": ("", "login 403 403 403 200"),
    "konto/login/": ("", "200 302 302 302 302"),
    "konto/logout/": ("", "302 200 200 200 200"),
    "konto/inactive/": ("", "200 200 200 200 200"),
    "konto/signup/": ("", "200 302 302 302 302"),
    "konto/reauthenticate/": ("", "login 200 200 200 200"),
    "konto/reauthenticate/code/": ("", "login 200 200 200 200"),
    "konto/reauthenticate/code/confirm/": ("", "login 302 302 302 302"),
    "konto/email/": ("", "login 200 200 200 200"),
    "konto/confirm-email/": ("", "200 200 200 200 200"),
    "konto/password/change/": ("", "login 200 200 200 200"),
    "konto/password/set/": ("", "login 302 302 302 302"),
    "konto/password/reset/": ("", "200 200 200 200 200"),
    "konto/login/code/confirm/": ("", "302 302 302 302 302"),
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": ("key=email_key", "200 200 200 200 200"),
    "konto/password/reset/key/done/": ("", "200 200 200 200 200"),
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "uidb36=uidb36 key=reset_key",
        "200 200 200 200 200",
    ),
    "konto/password/reset/done/": ("", "200 200 200 200 200"),
    "konto/login/code/": ("", "200 302 302 302 302"),
    "konto/3rdparty/login/cancelled/": ("", "200 200 200 200 200"),
    "konto/3rdparty/login/error/": ("", "401 401 401 401 401"),
    "konto/3rdparty/signup/": ("", "302 302 302 302 302"),
    "konto/3rdparty/": ("", "login 200 200 200 200"),
    "konto/social/login/cancelled/": ("", "301 301 301 301 301"),
    "konto/social/login/error/": ("", "301 301 301 301 301"),
    "konto/social/signup/": ("", "301 301 301 301 301"),
    "konto/social/connections/": ("", "301 301 301 301 301"),
    "konto/oidc/^(?P<provider_id>[^/]+)/login/": ("provider_id=provider_id", "404 404 404 404 404"),
    "konto/oidc/^(?P<provider_id>[^/]+)/login/callback/": (
        "provider_id=provider_id",
        "404 404 404 404 404",
    ),
    "sprak/": ("", "405 405 405 405 405"),
    "api/v1/openapi.json": ("", "200 200 200 200 200"),
    "api/v1/docs": ("", "200 200 200 200 200"),
    "api/v1/health": ("", "200 200 200 200 200"),
    "api/v1/people": ("", "200 200 200 200 200"),
    "api/v1/people/<person_id>": ("person_id=person", "200 200 200 200 200"),
    "api/v1/companies": ("", "200 200 200 200 200"),
    "api/v1/companies/<company_id>": ("company_id=company", "200 200 200 200 200"),
    "api/v1/match": ("", "405 405 405 405 405"),
    "api/v1/search": ("", "422 422 422 422 422"),
    "api/v1/events": ("", "200 200 200 200 200"),
    "api/v1/events/<id>": ("id=event", "200 200 200 200 200"),
    "api/v1/events/<id>/registrations": ("id=event", "405 405 405 405 405"),
    "api/v1/needs": ("", "200 200 200 200 200"),
    "api/v1/needs/<id>": ("id=need", "200 200 200 200 200"),
    "api/v1/needs/<id>/matches": ("id=need", "403 200 403 403 200"),
    "api/v1/needs/<id>/answers": ("id=need", "405 405 405 405 405"),
    "api/v1/needs/<id>/teams": ("id=need", "200 200 200 200 200"),
    "api/v1/": ("", "404 404 404 404 404"),
    "healthz": ("", "200 200 200 200 200"),
    "admin/login/": ("", "200 200 200 200 302"),
    "admin/logout/": ("", "302 302 302 302 405"),
    "admin/autocomplete/": ("", "login login login login 403"),
    "admin/password_change/": ("", "login login login login 200"),
    "admin/password_change/done/": ("", "login login login login 200"),
    "admin/jsi18n/": ("", "login login login login 200"),
}

# The rest of admin/: only staff get in, and then only to the models their
# permissions name (the staff persona has none; a superuser would see them all).
ADMIN = "login login login login 403"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def url_patterns() -> dict[str, str | None]:
    """Every route of the project -> its URL name (the first, where a route repeats)."""
    routes: dict[str, str | None] = {}
    for route, name in _walk(get_resolver().url_patterns):
        routes.setdefault(route, name)
    return routes


def _value(obj, converter: str):
    if isinstance(obj, str):
        return obj
    return obj.slug if converter == "slug" else obj.pk


def build_url(route: str, name: str | None, arguments: str, world: dict) -> str:
    """The route with its arguments filled in from ``world``."""
    kwargs = {}
    for pair in arguments.split():
        key, _, attribute = pair.partition("=")
        kwargs[key] = world[attribute]
    if "^" in route or "(?P" in route:  # a regular expression: let Django build it
        return reverse(name, kwargs={k: _value(v, "str") for k, v in kwargs.items()})

    def fill(match: re.Match) -> str:
        converter, key = match.group(1) or "str", match.group(2)
        return str(_value(kwargs[key], converter))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def answer(response) -> str:
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        admin_login = reverse("admin:login")
        location = response["Location"]
        if location.startswith((login, admin_login)) and "next=" in location:
            return "login"
    return str(response.status_code)


@pytest.fixture
def world(user, member, company_admin, staff, make_event, settings, tmp_path):
    """One object of each kind a URL can name, owned as a real site would have them."""
    person = Person.objects.get(user=member)
    company = Company.objects.get(roles__person__user=company_admin)
    employee = Person.objects.create(name="Tilsett Tone", municipality="gol")
    role = CompanyRole.objects.create(company=company, person=employee)  # waiting
    now = timezone.now()
    survey = survey_from_template(by=staff, closes_on=now.date() + timedelta(days=30))
    need = Need.objects.create(
        poster=user, title="Nettbutikk for osten", status=Need.Status.OPEN,
        published_at=now, expires_at=now + timedelta(days=30),
    )  # fmt: skip
    pending = Need.objects.create(poster=user, title="Ein ny nettstad", status=Need.Status.PENDING)
    filled = Need.objects.create(
        poster=user, title="Wifi i butikken", status=Need.Status.FILLED,
        published_at=now, settled_at=now,
    )  # fmt: skip
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"  # the attachment's file
    attachment = Attachment.objects.create(
        need=need, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="spec.pdf"), name="Spec.pdf",
        size=14, kind=Attachment.Kind.PDF,
    )  # fmt: skip
    answer_ = Answer.objects.create(
        need=need, author=company_admin, person=Person.objects.get(user=company_admin)
    )
    event = make_event(title="Frokostmøte", created_by=staff)
    meeting = Meeting.objects.create(
        need=need, event=make_event(title="Marknadsdialog", organiser=user), created_by=user
    )
    guest = Registration.objects.create(
        event=event, name="Gjest", email="gjest@example.org", status=Registration.Status.CONFIRMED
    )
    pending_guest = Registration.objects.create(event=event, name="Ny", email="ny@example.org")
    application = MembershipApplication.objects.create(user=user, why="Eg vil vere med")
    other = Company.objects.create(name="Ledig AS", municipality="aal")
    claim = CompanyClaim.objects.create(company=other, user=user, message="Eg eig det")
    post = news_services.post_create(
        by=staff, tags=["huben"], title="Ope hus", lead="Kom innom.", body="Kaffi.",
        language="nn", published_at=now,
    )  # fmt: skip
    job = job_services.job_create(
        by=staff, company=company, title="Utviklar", description="Python.", municipality="gol",
        work_mode="onsite", deadline=now.date() + timedelta(days=10),
        apply_url="https://fjellkode.example/jobb",
    )  # fmt: skip
    team = Team.objects.create(need=need, started_by=company_admin)
    team_member = Member.objects.create(team=team, company=company, status="accepted")
    place = Place.objects.create(name="Huset")
    room = Resource.objects.create(place=place, kind="room", name_nb="Rommet", who="members")
    start = now + timedelta(days=2)
    booking = Booking.objects.create(
        resource=room, user=member, starts_at=start, ends_at=start + timedelta(hours=1),
        held_until=start + timedelta(hours=1),
    )  # fmt: skip
    draft_issue = Issue.objects.create(subject="Nytt frå huben", since=now, until=now)
    sent_issue = Issue.objects.create(
        subject="Nytt i haust", since=now, until=now, status=Issue.Status.SENT, sent_at=now
    )
    subscription = Subscription.objects.create(email="lesar@example.org", source="double_opt_in")
    return {
        "draft_issue": draft_issue,
        "sent_issue": sent_issue,
        "newsletter_token": subscription.token,
        "post": post,
        "job": job,
        "news_tag": post.tags.get(),
        "booking": booking,
        "resource": room,
        "booking_feed_token": BookingFeed.objects.create(user=member).token,
        "person": person,
        "company": company,
        "role": role,
        "need": need,
        "pending_need": pending,
        "attachment": attachment,
        "attachment_name": attachment.stored_name,
        "answer": answer_,
        "event": event,
        "meeting": meeting,
        "team": team,
        "team_member": team_member,
        "application": application,
        "claim": claim,
        "api_token": api_token_create(user=user, name="Skript", scope="read")[0],
        "confirm_token": registration_token(pending_guest, "confirm"),
        "cancel_token": registration_token(guest, "cancel"),
        "feedback_token": registration_token(guest, "feedback"),
        "calendar_token": CalendarFeed.objects.create(user=member).token,
        "feed_token": AlertSettings.objects.create(user=member).feed_token,
        "outcome_token": jobs.outcome_token(filled),
        "email_key": "no-such-key",
        "uidb36": "1",
        "reset_key": "no-such-key",
        "provider_id": "linkedin",
        "app_label": "needs",
        "object_id": str(need.pk),
        "photo_name": "no-such-photo.jpg",
        "survey": survey,
        "question": survey.questions.first(),
        "survey_token": "no-such-token",
        "table_key": "members-by-municipality",
        "media_path": "companies/no-such-logo.png",
    }


def clients(personas: dict) -> dict[str, Client]:
    out = {}
    for role in ROLES:
        client = Client()
        if personas[role] is not None:
            client.force_login(personas[role])
        out[role] = client
    return out


def test_every_url_answers_each_role_as_the_table_says(world, user, member, company_admin, staff):
    by_role = clients(
        {"anonymous": None, "user": user, "member": member, "company_admin": company_admin,
         "staff": staff}
    )  # fmt: skip
    missing, wrong, head = [], [], []
    for route, name in url_patterns().items():
        if route in MATRIX:
            arguments, expected = MATRIX[route]
        elif route.startswith("admin/"):
            if "<" in route or "(?P" in route:
                continue  # one object's pages: the model's list stands for them
            arguments, expected = (
                "",
                ("login login login login 200" if route == "admin/" else ADMIN),
            )
        else:
            missing.append(route)
            continue
        url = build_url(route, name, arguments, world)
        is_page = not route.startswith("api/")  # the API answers the methods it declares
        got = []
        for role, client in by_role.items():
            got.append(answer(client.get(url)))
            if got[-1] == "200" and is_page and client.head(url).status_code != 200:
                head.append(f"{route} as {role}")
        if " ".join(got) != expected:
            wrong.append(f"{route!r}: ({arguments!r}, {' '.join(got)!r}),  # expected {expected!r}")
    assert not missing, "URLs with no row in MATRIX; add a row for each:\n" + "\n".join(
        f"    {route!r}: ('name=object', 'anonymous user member company_admin staff'),"
        for route in missing
    )
    assert not wrong, "Answers not as MATRIX says (what they were):\n" + "\n".join(wrong)
    assert not head, "GET answers 200 but HEAD does not:\n" + "\n".join(head)
