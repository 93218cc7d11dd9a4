"""What a post is about: an event, a need or a company, named by pasting the
address of its page.

News stands on the same floor as events and needs and imports neither. A target
is found by its page's URL name (``django.urls.resolve``) and its model's label
(``apps.get_model``), and stored as a content type and an id. Whether a viewer
may see it is asked of the model's own ``visible_to(user)`` queryset, which events
and needs both have, so their rules are never written twice; a model without one
(companies: their page shows every company) is seen by all.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from klynge.core.errors import Invalid

# The pages a post may be about: URL name -> (model label, the URL's argument, field).
TARGETS = {
    "events:detail": ("events.event", "slug", "slug"),
    "needs:detail": ("needs.need", "pk", "pk"),
    "directory:company": ("directory.company", "pk", "pk"),
}
PLACES = {label for label, _arg, _field in TARGETS.values()}


def visible(model: type[models.Model], user) -> models.QuerySet:
    """``model``'s rows that ``user`` may see, by the model's own rule."""
    rows = model._default_manager.all()
    return rows.visible_to(user) if hasattr(rows, "visible_to") else rows


def may_see(user, obj: models.Model | None) -> bool:
    return obj is not None and visible(type(obj), user).filter(pk=obj.pk).exists()


def _our_host(host: str) -> bool:
    site = urlsplit(settings.SITE_URL).netloc
    return host == site or validate_host(host, settings.ALLOWED_HOSTS)


def target_for_url(url: str, *, viewer) -> models.Model:
    """The event, need or company whose page ``url`` is, if ``viewer`` may see it."""
    refused = Invalid(_("Paste the address of an event, a need or a company page on this site."))
    text = (url or "").strip()
    if not text or len(text) > 500 or any(c.isspace() for c in text):
        raise refused
    parts = urlsplit(text)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and not _our_host(parts.netloc)):
        raise refused
    if not parts.path.startswith("/"):
        raise refused
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise refused from None
    target = TARGETS.get(match.view_name)
    if target is None:
        raise refused
    label, argument, field = target
    model = apps.get_model(label)
    found = visible(model, viewer).filter(**{field: match.kwargs[argument]}).first()
    if found is None:
        raise Invalid(_("We found nothing at that address that you may link to."))
    return found
