"""Every write of team answers. Views, the privacy module and the demo call these.

Each state change is a conditional UPDATE on the row's current status, inside
one transaction that first locks the team row, so two requests (two members
leaving at once, an accept and a withdrawal) are applied one after the other
and the loser gets a Conflict. Each invitation email is sent in the
transaction that creates the member row, unique per team and provider, so a
provider is never invited (or emailed) twice.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, Invalid, NotAllowed, NotFound
from klynge.directory import rules as directory_rules
from klynge.directory.models import Company, Person
from klynge.directory.roles import companies_administered, is_staff, person_of, provider_users
from klynge.lib.text import is_one_line
from klynge.needs import rules as need_rules
from klynge.needs import services as need_services
from klynge.needs.models import Need
from klynge.teams import emails, rules
from klynge.teams.models import Member, Team, TeamMessage

Provider = Person | Company
PART_LENGTH = 200
MOST_MEMBERS = 8
BIGGEST_ID = 2**63  # the databases' integer keys fit in 64 bits; `__in` refuses a bigger one


def provider_from_key(key: str, *, viewer) -> Provider:
    """``person:12`` or ``company:3`` as a provider ``viewer`` may see; NotFound otherwise,
    so a hidden profile answers the same as one that does not exist."""
    kind, _sep, pk = (key or "").partition(":")
    if kind not in ("person", "company") or not pk.isdigit():
        raise Invalid(_("Choose a provider from the list."))
    model = Person if kind == "person" else Company
    provider = model.objects.filter(pk=int(pk)).first()
    if provider is None or not _visible(viewer, provider):
        raise NotFound(_("We could not find that provider."))
    return provider


def providers_from_keys(keys: list[str], *, viewer) -> list[Provider]:
    """The providers behind ``keys`` (as ``provider_from_key``) that ``viewer`` may see, in
    the keys' order, each once; the rest are left out without a word. One query for the
    people and one for the companies, however many keys a proposal sends."""
    wanted = {"person": [], "company": []}
    for key in keys:
        kind, _sep, pk = (key or "").partition(":")
        if kind in wanted and pk.isdigit() and int(pk) < BIGGEST_ID:  # a bigger one is nobody
            wanted[kind].append(int(pk))
    found = {}
    for kind, model in (("person", Person), ("company", Company)):
        if wanted[kind]:
            for provider in model.objects.filter(pk__in=wanted[kind]):
                found[f"{kind}:{provider.pk}"] = provider
    chosen = dict.fromkeys(
        key for key in keys if key in found and _visible(viewer, found[key])
    )  # fmt: skip
    return [found[key] for key in chosen]


def _visible(viewer, provider: Provider) -> bool:
    if isinstance(provider, Company):
        return provider.is_listed or is_staff(viewer)
    return directory_rules.can_view_person(viewer, provider)


def _check_part(part: str) -> str:
    part = (part or "").strip()
    if len(part) > PART_LENGTH or not is_one_line(part):
        raise Invalid(_("Write the part on one line, in at most 200 characters."))
    return part


def _member_of(provider: Provider) -> dict:
    return {"company": provider} if isinstance(provider, Company) else {"person": provider}


def _users_of(member: Member) -> list[User]:
    return (
        provider_users(person=member.person)
        if member.person_id
        else provider_users(company=member.company)
    )


def _team_side_users(team: Team) -> list[User]:
    users: list[User] = []
    for member in team.members.accepted().select_related("person__user", "company"):
        users += [u for u in _users_of(member) if u not in users]
    return users


def _lock(team: Team) -> Team:
    """Lock the team row for the rest of the transaction and read its current state."""
    fresh = Team.objects.select_for_update().select_related("need").get(pk=team.pk)
    team.status, team.need = fresh.status, fresh.need
    return fresh


# Starting and inviting


def team_start(
    *, need: Need, by: User, message: str, part: str = "", company: Company | None = None,
    invite: list[tuple[Provider, str]] = (),
) -> Team:  # fmt: skip
    """``by`` starts a team answer to ``need`` as themselves (or as a company they are an
    admin of), with ``message`` to the poster, and invites ``invite`` (provider, part)."""
    refusal = rules.start_refusal(by, need)
    if refusal:
        raise NotAllowed(need_services.REFUSALS[refusal]())
    if company is not None and company not in companies_administered(by):
        raise NotAllowed(_("You can answer only for a company you are an admin of."))
    if not message.strip():
        raise Invalid(_("Write a message to the person who posted the need."))
    part = _check_part(part)
    if len(invite) + 1 > MOST_MEMBERS:
        raise Invalid(_("A team can have at most 8 members."))
    starter = company or person_of(by)
    with transaction.atomic():
        Need.objects.select_for_update().filter(pk=need.pk).first()
        if _in_a_team(need, starter):
            raise Conflict(_("You are already in a team answering this need."))
        now = timezone.now()
        team = Team.objects.create(need=need, started_by=by, last_message_at=now)
        Member.objects.create(
            team=team, status=Member.Status.ACCEPTED, part=part, invited_by=by,
            answered_at=now, **_member_of(starter),
        )  # fmt: skip
        TeamMessage.objects.create(
            team=team, author=by, body=message,
            member=team.members.get(),
        )  # fmt: skip
        for provider, invitee_part in invite:
            if provider == starter:
                continue
            _invite(team, by, provider, invitee_part)
        Need.objects.filter(pk=need.pk, status=Need.Status.OPEN).update(
            status=Need.Status.DIALOGUE, updated_at=now
        )
        emails.send("team_new", [need.poster], {"need": need, "team": team, "message": message})
    return team


def _in_a_team(need: Need, provider: Provider) -> bool:
    """Whether ``provider`` is an accepted member of an active team answering ``need``;
    asked with the need row locked, so two teams never both take the same provider."""
    return Member.objects.filter(
        team__need=need, team__status=Team.Status.ACTIVE, status=Member.Status.ACCEPTED,
        **_member_of(provider),
    ).exists()  # fmt: skip


def _invite(team: Team, by: User, provider: Provider, part: str) -> Member:
    part = _check_part(part)
    if not _visible(by, provider):
        raise NotFound(_("We could not find that provider."))
    if (
        isinstance(provider, Person)
        and provider.user_id
        and provider.user_id == team.need.poster_id
    ):
        raise Invalid(_("The person who posted the need cannot be in a team answering it."))
    users = provider_users(**_member_of(provider))
    if not users:
        raise Conflict(
            _("%(name)s cannot be reached through the platform yet.") % {"name": provider.name}
        )
    if team.members.exclude(status=Member.Status.DECLINED).count() >= MOST_MEMBERS:
        raise Invalid(_("A team can have at most 8 members."))
    try:
        with transaction.atomic():
            member = Member.objects.create(
                team=team, part=part, invited_by=by, **_member_of(provider)
            )
    except IntegrityError:
        raise Conflict(
            _("%(name)s is already invited to this team.") % {"name": provider.name}
        ) from None
    emails.send(
        "invited", users, {"need": team.need, "team": team, "provider": provider, "part": part}
    )
    return member


def member_invite(*, team: Team, by: User, provider: Provider, part: str = "") -> Member:
    """An accepted member invites another provider while the team answers an open need."""
    with transaction.atomic():
        _lock(team)
        if not rules.can_invite(by, team):
            raise NotAllowed(_("Only the team's members can invite, while the need is open."))
        return _invite(team, by, provider, part)


# Answering an invitation, leaving


def member_answer(*, member: Member, by: User, accept: bool, part: str | None = None) -> Member:
    """The invited provider accepts (optionally saying their part in their own words)
    or declines."""
    if not rules.acts_for(by, member):
        raise NotAllowed(_("Only the invited provider can answer the invitation."))
    changes = {"answered_at": timezone.now()}
    if accept:
        refusal = rules.start_refusal(by, member.team.need)
        if refusal:
            raise NotAllowed(need_services.REFUSALS[refusal]())
        changes["status"] = Member.Status.ACCEPTED
        if part is not None:
            changes["part"] = _check_part(part)
    else:
        changes["status"] = Member.Status.DECLINED
    with transaction.atomic():
        team = _lock(member.team)
        if accept and not (team.is_active and team.need.is_accepting):
            raise Conflict(_("This team no longer answers the need."))
        # The team row is locked with its need (select_related joins it into the lock),
        # so this check and team_start's cannot both pass for one provider.
        if accept and _in_a_team(team.need, member.provider):
            raise Conflict(_("You are already in a team answering this need."))
        moved = Member.objects.filter(pk=member.pk, status=Member.Status.INVITED).update(**changes)
        if not moved:
            raise Conflict(_("The invitation is already answered."))
        for field, value in changes.items():
            setattr(member, field, value)
        inviter = [member.invited_by] if member.invited_by_id else []
        emails.send("answered", inviter, {"need": team.need, "team": team, "accepted": accept})
    return member


def member_leave(*, member: Member, by: User) -> Member:
    """An accepted member leaves; when the last one leaves, the team answer is withdrawn."""
    if not (rules.acts_for(by, member) or is_staff(by)):
        raise NotAllowed(_("Only the member can leave the team."))
    with transaction.atomic():
        _leave(member, by)
    return member


def leave_for_deletion(member: Member) -> None:
    """The account behind ``member`` is being deleted (``privacy.forget``)."""
    with transaction.atomic():
        _leave(member, None)


def _leave(member: Member, by: User | None) -> None:
    """Inside a transaction: ``member`` leaves, and the team is withdrawn if it was the last."""
    team = _lock(member.team)
    moved = Member.objects.filter(pk=member.pk, status=Member.Status.ACCEPTED).update(
        status=Member.Status.LEFT, answered_at=timezone.now()
    )
    if not moved:
        raise Conflict(_("You are no longer in this team."))
    member.status = Member.Status.LEFT
    if team.status == Team.Status.ACTIVE and not team.members.accepted().exists():
        _withdraw(team)


def _withdraw(team: Team) -> None:
    now = timezone.now()
    if Team.objects.filter(pk=team.pk, status=Team.Status.ACTIVE).update(
        status=Team.Status.WITHDRAWN, withdrawn_at=now
    ):
        team.status, team.withdrawn_at = Team.Status.WITHDRAWN, now
        # Open invitations go with it, so nobody joins a team that is gone.
        team.members.invited().update(status=Member.Status.DECLINED, answered_at=now)
        emails.send("withdrawn", [team.need.poster], {"need": team.need, "team": team})


# The thread and the outcome


def message_post(*, team: Team, by: User, body: str) -> TeamMessage:
    if not rules.can_write_in_thread(by, team):
        raise NotAllowed(_("You cannot write in this conversation."))
    if not body.strip():
        raise Invalid(_("The message is empty."))
    from_poster = need_rules.is_poster(by, team.need)
    mine = [] if from_poster else rules.members_of(by, team, [Member.Status.ACCEPTED])
    with transaction.atomic():
        message = TeamMessage.objects.create(
            team=team, author=by, body=body, from_poster=from_poster,
            member=mine[0] if mine else None,
        )  # fmt: skip
        Team.objects.filter(pk=team.pk).update(last_message_at=message.created_at)
        readers = [team.need.poster, *_team_side_users(team)]
        others = [u for u in readers if u is not None and u.pk != by.pk]
        emails.send(
            "message_new", others,
            {"need": team.need, "team": team, "message": body, "from_poster": from_poster},
        )  # fmt: skip
    return message


def team_fill(*, team: Team, by: User) -> Team:
    """The poster (or staff) marks the need filled by this team: the needs board's own
    fill (with no single answer named), and the team marked as having got the work."""
    if not rules.can_fill(by, team):
        raise NotAllowed(_("Only the person who posted the need can mark it filled."))
    with transaction.atomic():
        locked = _lock(team)
        if locked.status != Team.Status.ACTIVE:
            raise Conflict(_("This team no longer answers the need."))
        need_services.need_fill(need=team.need, by=by)
        now = timezone.now()
        Team.objects.filter(pk=team.pk).update(status=Team.Status.WON, won_at=now)
        team.status, team.won_at = Team.Status.WON, now
        if not need_rules.is_poster(by, team.need):
            audit_record(actor=by, action=Action.TEAM_FILL, target=team.need, summary=str(team))
        emails.send("won", _team_side_users(team), {"need": team.need, "team": team})
    return team
