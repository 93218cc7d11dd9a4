"""The one rule a template of the proposals asks itself: may this user start a team
answer to this need? (``{% load team_rules %}{% if user|may_start_team:need %}``)"""

from django import template

from klynge.teams import rules

register = template.Library()


@register.filter
def may_start_team(user, need) -> bool:
    """Asked once per need and request, however many proposals the page shows."""
    answers = user.__dict__.setdefault("_may_start_team", {})
    if need.pk not in answers:
        answers[need.pk] = rules.can_start(user, need)
    return answers[need.pk]
