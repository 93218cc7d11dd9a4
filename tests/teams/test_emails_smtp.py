"""The teams' emails over a real SMTP conversation: the services queue them, the real
task worker sends them to an SMTP server the test starts (``smtp_server``), and the
test reads what that server accepted. Each email reaches exactly the right people,
once, in the recipient's own language, with a link to the right page, and names no
member of the team (a hidden profile least of all: docs/teams.md)."""

from __future__ import annotations

import email
from email import policy

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.links import site_url
from klynge.directory.models import CompanyRole, Person
from klynge.teams import services
from tests.needs.conftest import make_person, make_user
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden,
)  # fmt: skip


class Sent:
    """One email as the SMTP server accepted it."""

    def __init__(self, envelope):
        self.rcpt_tos = envelope.rcpt_tos
        self.message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.subject = str(self.message["Subject"])
        self.body = self.message.get_body(("plain",)).get_content()
        # Every header and every part, decoded, to look for what must not be there.
        parts = [p.get_content() for p in self.message.walk() if not p.is_multipart()]
        self.raw = "\n".join([*(f"{k}: {v}" for k, v in self.message.items()), *parts])

    @property
    def to(self) -> str:
        [address] = self.rcpt_tos  # one recipient per email: nobody sees another's address
        assert self.message["To"] == address and self.message["Cc"] is None
        return address


def arrived(tasks, smtp_server) -> dict[str, Sent]:
    """Run the worker; the emails it sent, by recipient (each recipient once). A second
    run sends nothing more: every email leaves exactly once."""
    before = len(smtp_server.envelopes)
    tasks.run()
    new = [Sent(envelope) for envelope in smtp_server.envelopes[before:]]
    tasks.run()
    assert len(smtp_server.envelopes) == before + len(new), "an email went out twice"
    by_address = {sent.to: sent for sent in new}
    assert len(by_address) == len(new), "someone got the same email twice"
    return by_address


@pytest.fixture
def people(tasks, poster, provider, company_admin, company, need, taxonomy):
    """Who reads what: Petra the poster reads bokmål, Per the freelancer nynorsk, Ada
    (Fjellkode's admin) English, Odd (its second confirmed admin) bokmål; Ulla works
    there but is not confirmed, so she reads none of the company's mail."""
    for user, language in ((poster, "nb"), (provider, "nn"), (company_admin, "en")):
        user.language = language
        user.save(update_fields=["language"])
    odd = make_user("odd@fjellkode.example", name="Odd Admin", language="nb")
    ulla = make_user("ulla@fjellkode.example", name="Ulla Unconfirmed")
    for user, confirmed in ((odd, True), (ulla, False)):
        CompanyRole.objects.create(
            company=company, person=make_person(user), is_admin=True,
            status=CompanyRole.Status.CONFIRMED if confirmed else CompanyRole.Status.PENDING,
        )  # fmt: skip
    tasks.run()  # the need's approval and match notices
    return {"odd": odd, "ulla": ulla}


@pytest.fixture
def team(people, smtp_server, need, provider, company):
    """Per starts a team answer and invites Fjellkode AS, after the SMTP server is up."""
    return services.team_start(
        need=need, by=provider, message="Vi kan gjere dette saman.", part="Nettbutikk",
        invite=[(company, "Betaling med Vipps")],
    )  # fmt: skip


def test_starting_tells_the_poster_and_invites_the_company_admins(
    team, tasks, smtp_server, need, people
):
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"poster@example.org", "admin@fjellkode.example", "odd@fjellkode.example"}
    team_url = site_url(team.get_absolute_url())

    to_poster = sent["poster@example.org"]
    assert to_poster.subject.endswith(f"Et lag svarer på behovet ditt: {need.title}")
    assert "Flere leverandører setter sammen et lag" in to_poster.body
    assert "Vi kan gjere dette saman." in to_poster.body and team_url in to_poster.body
    assert "Per Provider" not in to_poster.raw and "provider@example.org" not in to_poster.raw

    to_ada = sent["admin@fjellkode.example"]
    assert to_ada.subject.endswith(f"You are invited to a team answer: {need.title}")
    assert "would like Fjellkode AS to join the team" in to_ada.body
    assert "The part they suggest for you: Betaling med Vipps" in to_ada.body
    assert team_url in to_ada.body

    to_odd = sent["odd@fjellkode.example"]
    assert to_odd.subject.endswith(f"Du er invitert til et lagsvar: {need.title}")
    assert "vil gjerne ha med Fjellkode AS i laget" in to_odd.body
    assert "Se laget, og takk ja eller nei, her:" in to_odd.body and team_url in to_odd.body
    for invitation in (to_ada, to_odd):
        assert "Per Provider" not in invitation.raw
        assert "poster@example.org" not in invitation.raw


def test_accepting_tells_the_inviter_once_in_nynorsk(
    team, tasks, smtp_server, need, company, company_admin
):
    arrived(tasks, smtp_server)
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"provider@example.org"}
    joined = sent["provider@example.org"]
    assert joined.subject.endswith(f"Nokon vart med i laget ditt: {need.title}")
    assert "Ein leverandør du inviterte, er med i laget som svarar på dette behovet:" in joined.body
    assert site_url(team.get_absolute_url()) in joined.body
    assert "Fjellkode" not in joined.raw and "Ada Admin" not in joined.raw


def test_declining_tells_the_inviter_and_nobody_else(
    team, tasks, smtp_server, need, company, people
):
    arrived(tasks, smtp_server)
    services.member_answer(member=team.members.get(company=company), by=people["odd"], accept=False)
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"provider@example.org"}
    declined = sent["provider@example.org"]
    assert declined.subject.endswith(f"Ein invitasjon til laget ditt vart avslått: {need.title}")
    assert "Fjellkode" not in declined.raw and "Odd" not in declined.raw


def test_a_message_reaches_everyone_else_in_the_thread_in_their_language(
    team, tasks, smtp_server, need, company, company_admin, poster, provider
):
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    arrived(tasks, smtp_server)
    team_url = site_url(team.get_absolute_url())

    services.message_post(team=team, by=company_admin, body="Vi tek betalinga.")
    sent = arrived(tasks, smtp_server)
    # Everyone in the thread but Ada, who wrote it: the poster, Per, Fjellkode's other admin.
    assert set(sent) == {"poster@example.org", "provider@example.org", "odd@fjellkode.example"}
    assert sent["provider@example.org"].subject.endswith(f"Ny melding til laget: {need.title}")
    assert f"Eit medlem av laget som svarar på «{need.title}», har skrive:" in (
        sent["provider@example.org"].body
    )
    assert "Svar her (svarar du på denne e-posten, kjem det ikkje fram):" in (
        sent["provider@example.org"].body
    )
    assert "Svar her (svarer du på denne e-posten, kommer det ikke fram):" in (
        sent["poster@example.org"].body
    )
    for message in sent.values():
        assert "Vi tek betalinga." in message.body and team_url in message.body
        assert "admin@fjellkode.example" not in message.raw
        # No email names a member (docs/teams.md): the link leads to the team's page.
        assert all(name not in message.raw for name in ("Ada", "Fjellkode", "Per Provider"))

    services.message_post(team=team, by=poster, body="Kan de kome på møte?")
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {
        "provider@example.org", "admin@fjellkode.example", "odd@fjellkode.example"
    }  # fmt: skip
    to_ada = sent["admin@fjellkode.example"]
    assert to_ada.subject.endswith(f"New message to the team: {need.title}")
    assert f'The person who posted "{need.title}" has written to the team:' in to_ada.body
    for message in sent.values():
        assert "poster@example.org" not in message.raw and "Petra" not in message.raw
        assert all(name not in message.raw for name in ("Ada", "Fjellkode", "Per Provider"))


def test_the_team_getting_the_work_tells_its_accepted_members_only(
    team, tasks, smtp_server, need, poster, provider
):
    arrived(tasks, smtp_server)  # Fjellkode is invited, but never accepts
    services.team_fill(team=team, by=poster)
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"provider@example.org"}
    won = sent["provider@example.org"]
    assert won.subject.endswith(f"Laget ditt fekk oppdraget: {need.title}")
    assert "Godt gjort!" in won.body and site_url(team.get_absolute_url()) in won.body


def test_the_last_member_leaving_tells_the_poster_with_a_link_to_her_need(
    team, tasks, smtp_server, need, provider
):
    arrived(tasks, smtp_server)
    member = team.members.get(person__user=provider)
    services.member_leave(member=member, by=provider)
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"poster@example.org"}  # not the invitees, whose invitations close
    withdrawn = sent["poster@example.org"]
    assert withdrawn.subject.endswith(f"Et lagsvar er trukket: {need.title}")
    assert site_url(need.get_absolute_url()) in withdrawn.body
    assert "Per Provider" not in withdrawn.raw


def test_a_hidden_member_gets_her_own_invitation_and_is_named_to_nobody_else(
    people, smtp_server, tasks, need, staff, hidden, company, company_admin
):
    """Stina, who works at the hub and freelances too, may see Hilde's unlisted profile,
    so she can invite her. Hilde's invitation names her, to her alone; nobody else's
    email names her or carries her address, whatever she does in the team."""
    make_person(staff, skills=["nettbutikk"])
    hidden.language = "nb"
    hidden.save(update_fields=["language"])
    hilde = Person.objects.get(user=hidden)
    team = services.team_start(
        need=need, by=staff, message="Eit lag for nettbutikken?", part="Prosjektleiing",
        invite=[(hilde, "Design"), (company, "Betaling")],
    )  # fmt: skip
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {
        "poster@example.org", "hidden@example.org", "admin@fjellkode.example",
        "odd@fjellkode.example",
    }  # fmt: skip
    own = sent.pop("hidden@example.org")
    assert own.subject.endswith(f"Du er invitert til et lagsvar: {need.title}")
    assert "vil gjerne ha med Hilde Hidden i laget" in own.body
    assert "Oppgaven de foreslår for dere: Design" in own.body
    assert site_url(team.get_absolute_url()) in own.body
    emails_to_others = list(sent.values())

    services.member_answer(member=team.members.get(person=hilde), by=hidden, accept=True)
    joined = arrived(tasks, smtp_server)
    assert set(joined) == {"staff@example.org"}  # "someone joined", to Stina who invited her
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    emails_to_others += [*joined.values(), *arrived(tasks, smtp_server).values()]
    services.message_post(team=team, by=hidden, body="Eg teiknar skissene.")
    from_hilde = arrived(tasks, smtp_server)
    assert set(from_hilde) == {
        "poster@example.org", "staff@example.org", "admin@fjellkode.example",
        "odd@fjellkode.example",
    }  # fmt: skip
    emails_to_others += from_hilde.values()
    services.message_post(team=team, by=company_admin, body="Fint, då tek vi betalinga.")
    to_hilde = arrived(tasks, smtp_server).pop("hidden@example.org")
    assert "Fint, då tek vi betalinga." in to_hilde.body  # she is in the thread
    assert "Ny melding til laget" in to_hilde.subject

    assert len(emails_to_others) == 3 + 2 + 4
    for message in emails_to_others:
        assert "Hilde" not in message.raw and "hidden@example.org" not in message.raw, (
            message.to, message.subject
        )  # fmt: skip


def test_over_http_each_email_is_in_its_reader_s_language_not_the_writer_s(
    team, tasks, smtp_server, need, company, company_admin, provider, taxonomy
):
    """Per writes from a page in nynorsk and invites Kari from the team's page; Ada reads
    English, Kari bokmål, Petra bokmål: each email is in its reader's language."""
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    kari = make_user("kari@example.org", name="Kari Nettside", language="nb")
    make_person(kari, skills=["nettside"])
    arrived(tasks, smtp_server)
    client = Client()
    client.force_login(provider)
    client.cookies["django_language"] = "nn"
    page = client.post(team.get_absolute_url(), {"body": "Eg har laga eit utkast."})
    assert page.status_code == 302
    sent = arrived(tasks, smtp_server)
    assert set(sent) == {"poster@example.org", "admin@fjellkode.example", "odd@fjellkode.example"}
    assert sent["admin@fjellkode.example"].subject.endswith(
        f"New message to the team: {need.title}"
    )
    assert "Svar her (svarer du på denne e-posten" in sent["poster@example.org"].body

    person = Person.objects.get(user=kari)
    client.post(
        reverse("teams:invite", args=[team.pk]),
        {"member": f"person:{person.pk}", "part": "Nettsida"},
    )
    [invitation] = arrived(tasks, smtp_server).values()
    assert invitation.to == "kari@example.org"
    assert invitation.subject.endswith(f"Du er invitert til et lagsvar: {need.title}")
    assert "Oppgaven de foreslår for dere: Nettsida" in invitation.body
    assert site_url(team.get_absolute_url()) in invitation.body
