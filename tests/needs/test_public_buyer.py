"""A public buyer's need: budgets in the millions, and a deadline months ahead."""

from datetime import timedelta

from django.utils import timezone

from klynge.needs import services
from klynge.needs.forms import NeedForm
from klynge.needs.models import LONGEST_OPEN, OPEN_FOR, Need
from tests.needs.conftest import SHOP_NEED


def test_the_form_offers_budgets_in_millions_and_a_tender():
    offered = [value for value, _label in NeedForm().fields["budget"].choices]
    assert {"500k-2m", "2m-10m", "over-10m", "tender"} <= set(offered)
    assert "over-200k" not in offered  # kept only for needs posted before the larger ranges


def test_an_older_need_keeps_its_budget_when_edited(poster):
    need = Need(poster=poster, budget=Need.Budget.OVER_200K)
    offered = [value for value, _label in NeedForm(instance=need).fields["budget"].choices]
    assert "over-200k" in offered


def test_a_need_with_a_deadline_months_ahead_stays_open_until_then(make_need, poster):
    deadline = timezone.localdate() + timedelta(days=150)
    need = make_need(poster, deadline=deadline, budget=Need.Budget.TENDER)
    assert timezone.localtime(need.expires_at).date() == deadline
    assert need.get_budget_display() == "To be announced as a tender"


def test_no_need_stays_open_past_180_days(make_need, poster):
    need = make_need(poster, deadline=timezone.localdate() + timedelta(days=300))
    assert abs(need.expires_at - (need.published_at + LONGEST_OPEN)) < timedelta(seconds=1)


def test_without_a_deadline_it_is_60_days_as_before(poster, staff):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    services.need_approve(need=need, by=staff)
    need.refresh_from_db()
    assert abs(need.expires_at - (need.published_at + OPEN_FOR)) < timedelta(seconds=1)
