"""Every write of the market dialogue: holding a meeting for a need, and inviting
providers to it. Views call these; each runs in one transaction."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.links import site_url
from klynge.core.mail import email_queue, render_email
from klynge.dialogue import rules
from klynge.dialogue.models import Meeting, MeetingInvitation
from klynge.dialogue.providers import candidates, providers_of
from klynge.directory.models import Company, Person
from klynge.directory.roles import provider_users
from klynge.events.models import Event
from klynge.events.services import event_create
from klynge.lib.text import is_one_line
from klynge.needs import rules as need_rules
from klynge.needs.models import Need

LINK = URLValidator(schemes=["http", "https"])
FORMATS = {choice for choice, _label in Event.Format.choices}


def _check_may_hold(by: User, need: Need) -> None:
    if not need_rules.can_manage(by, need):
        raise NotAllowed(_("Only the person who posted the need can hold a meeting about it."))
    if not rules.can_hold(by, need):
        raise Conflict(_("A filled or closed need cannot get a new meeting."))


@transaction.atomic
def meeting_create(
    *,
    need: Need,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    format: str = Event.Format.IN_PERSON,  # noqa: A002 - the event's own field name
    venue: str = "",
    address: str = "",
    online_url: str = "",
    description: str = "",
    capacity: int | None = None,
) -> Meeting:
    """Publish an event for ``need`` through the events app, and link the two.

    A members-only need makes a members-only event.
    """
    need = Need.objects.select_for_update().get(pk=need.pk)  # not closed meanwhile
    _check_may_hold(by, need)
    title = title.strip()
    if not title or not is_one_line(title):
        raise Invalid(_("Give the meeting a title on one line."))
    if format not in FORMATS:
        raise Invalid(_("Choose whether the meeting is in person, online or both."))
    if starts_at <= timezone.now():
        raise Invalid(_("The meeting must start in the future."))
    if ends_at <= starts_at:
        raise Invalid(_("The meeting must end after it starts."))
    if format != Event.Format.IN_PERSON and not online_url:
        raise Invalid(_("An online or hybrid meeting needs a link."))
    if online_url:
        try:
            LINK(online_url)
        except ValidationError:
            raise Invalid(_("The link must be a web address (https://…).")) from None
    members_only = need.audience == Need.Audience.MEMBERS
    event = event_create(
        by=by,
        host_checked=True,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        publish=True,
        description=description.strip(),
        format=format,
        venue=venue.strip(),
        address=address.strip(),
        online_url=online_url,
        capacity=capacity,
        audience=Event.Audience.MEMBERS if members_only else Event.Audience.EVERYONE,
    )
    if by.pk != need.poster_id:  # staff, for the poster
        audit_record(
            actor=by, action=Action.EVENT_PUBLISH, target=event,
            summary=f"market dialogue for need {need.pk}",
        )  # fmt: skip
    return Meeting.objects.create(need=need, event=event, created_by=by)


@transaction.atomic
def meeting_invite(
    *,
    meeting: Meeting,
    by: User,
    people: list[Person] | tuple = (),
    companies: list[Company] | tuple = (),
) -> list[Person | Company]:
    """Invite providers to ``meeting``: each gets one email (to each account that reads
    the provider's mail), in their language, with a link to sign up. A provider
    invited before is left out. Returns the providers invited now."""
    need, event = meeting.need, meeting.event
    if not need_rules.can_manage(by, need):
        raise NotAllowed(_("Only the person who posted the need can invite to its meeting."))
    if not rules.can_invite(by, need, event):
        raise Conflict(_("Invitations can be sent only while sign-up for the meeting is open."))
    chosen = [("person", p.pk) for p in people] + [("company", c.pk) for c in companies]
    if not chosen:
        raise Invalid(_("Choose at least one provider."))
    allowed = {(c.kind, c.id): c for c in candidates(need, by)}
    if any(key not in allowed for key in chosen):
        raise Invalid(_("You can invite only providers who match the need or have answered it."))
    invited = []
    # One order for every caller, so that two invitations at once never wait on each
    # other's rows the other way round (a deadlock on PostgreSQL).
    for provider in providers_of([allowed[key] for key in sorted(set(chosen))]):
        if _claim(meeting, provider):
            _send(meeting, provider)
            invited.append(provider)
    return invited


def _claim(meeting: Meeting, provider: Person | Company) -> bool:
    """Write the provider's invitation row; False if they were invited already."""
    field = "company" if isinstance(provider, Company) else "person"
    try:
        with transaction.atomic():
            MeetingInvitation.objects.create(meeting=meeting, **{field: provider})
    except IntegrityError:
        return False
    return True


def _send(meeting: Meeting, provider: Person | Company) -> None:
    event = meeting.event
    context = {
        "meeting": meeting,
        "need": meeting.need,
        "event": event,
        "provider": provider,
        "need_url": site_url(meeting.need.get_absolute_url()),
        "event_url": site_url(reverse("events:register", args=[event.slug])),
    }
    if isinstance(provider, Company):
        users = provider_users(company=provider)
    else:
        users = provider_users(person=provider)
    for user in users:
        if not user.email:
            continue
        email_queue(
            render_email(
                "dialogue/email/invited",
                {**context, "recipient": user},
                to=[user.email],
                language=user.language or settings.LANGUAGE_CODE,
            )
        )
