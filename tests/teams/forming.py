"""Fixtures for forming team answers: a buyer's open need, a freelancer, a company
with its admin, and a hidden (unlisted) freelancer, on the needs board's own
fixtures. A module rather than the conftest (which holds the proposals' own
``need`` and ``poster``): each test module of forming takes them with ``FIXTURES``."""

from __future__ import annotations

import pytest

from klynge.directory.models import Company
from klynge.needs import services as need_services
from klynge.teams import services
from tests.needs import conftest as needs

# The needs board's poster and providers, as fixtures here too.
poster, provider, company_admin = needs.poster, needs.provider, needs.company_admin
SHOP_NEED, make_person, make_user = needs.SHOP_NEED, needs.make_person, needs.make_user


@pytest.fixture
def need(poster, provider, company_admin, staff):
    """Petra's need, open (her first need waits for staff, who approve it)."""
    need = need_services.need_create(poster=poster, **SHOP_NEED)
    if need.status == need.Status.PENDING:
        need_services.need_approve(need=need, by=staff)
    return need


@pytest.fixture
def company(company_admin):
    return Company.objects.get(name="Fjellkode AS")


@pytest.fixture
def hidden(taxonomy):
    """A freelancer whose profile is not listed in the directory."""
    user = make_user("hidden@example.org", name="Hilde Hidden")
    make_person(user, skills=["nettbutikk"], is_listed=False)
    return user


@pytest.fixture
def team(need, provider, company):
    """Per Provider has started a team answer and invited Fjellkode AS."""
    return services.team_start(
        need=need, by=provider, message="Vi kan gjere dette saman.", part="Nettbutikk",
        invite=[(company, "Betaling")],
    )  # fmt: skip
