"""A demo team answer for `manage.py load_demo`: on Hol kommune's open need, a
freelancer has started a team with a company, which has accepted, and the buyer
has written to the team. Written straight to the tables, without emails; safe to
run again: nothing is added once the need has a team."""

from __future__ import annotations

from django.db import transaction

from klynge.directory.models import Company, CompanyRole, Person
from klynge.needs.models import Need
from klynge.teams.models import Member, Team, TeamMessage


def load(stdout) -> None:
    need = Need.objects.filter(external_id="demo-n-04", status__in=Need.ACCEPTING).first()
    if need is None or Team.objects.filter(need=need).exists():
        stdout.write("Teams demo: nothing to add.\n")
        return
    person = (
        Person.objects.listed().filter(user__is_active=True, company_roles__isnull=True)
        .exclude(user=need.poster).order_by("id").first()
    )  # fmt: skip
    company = (
        Company.objects.listed().filter(
            roles__is_admin=True, roles__status=CompanyRole.Status.CONFIRMED,
            roles__person__user__is_active=True,
        ).exclude(roles__person=person).order_by("id").first()
    )  # fmt: skip
    if person is None or company is None:
        stdout.write("Teams demo: no providers to team up.\n")
        return
    with transaction.atomic():
        Company.objects.filter(pk=company.pk).update(
            open_to_team=True, open_to_team_for="Større prosjekt for kommunane"
        )
        team = Team.objects.create(need=need, started_by=person.user)
        first = Member.objects.create(
            team=team, person=person, status=Member.Status.ACCEPTED, part="Prosjektleiing",
            invited_by=person.user,
        )  # fmt: skip
        Member.objects.create(
            team=team, company=company, status=Member.Status.ACCEPTED, part="Integrasjon",
            invited_by=person.user,
        )  # fmt: skip
        TeamMessage.objects.create(
            team=team, author=person.user, member=first,
            body="Vi svarar saman: eg leiar prosjektet, dei tek integrasjonen.",
        )  # fmt: skip
        TeamMessage.objects.create(
            team=team, author=need.poster, from_poster=True,
            body="Takk! Kan de kome på eit møte neste veke?",
        )  # fmt: skip
    stdout.write(f"Teams demo: a team for {need.title}.\n")
