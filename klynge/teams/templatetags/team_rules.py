"""The one rule a template of the proposals asks itself: may this user start a team
answer to this need? (``{% load team_rules %}{% if user|may_start_team:need %}``)"""

from django import template

from klynge.teams import rules

register = template.Library()


@register.filter
def may_start_team(user, need) -> bool:
    return rules.can_start(user, need)
