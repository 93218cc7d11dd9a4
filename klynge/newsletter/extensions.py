"""What the newsletter adds to lower apps' pages: the box on the account page."""

from __future__ import annotations

from django.template.loader import render_to_string

from klynge.newsletter.forms import AccountForm
from klynge.newsletter.subscriptions import is_subscribed


def account_box(request, user) -> str:
    form = AccountForm(initial={"subscribed": is_subscribed(user)})
    return render_to_string("newsletter/_account.html", {"form": form}, request=request)


PLACES = {"accounts.account": account_box}
