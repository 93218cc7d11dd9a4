"""The team answer pages: starting one, its page with the one thread, inviting,
answering an invitation, leaving, and the poster marking the need filled."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.markdown import render_markdown
from klynge.core.ratelimit import ratelimit
from klynge.directory.filters import ProviderFilters
from klynge.directory.models import Person
from klynge.directory.providers import search_providers
from klynge.directory.roles import person_of
from klynge.directory.visibility import viewer_for
from klynge.needs import services as need_services
from klynge.needs.models import Need
from klynge.teams import presenting, rules, services
from klynge.teams.forms import InviteForm, MessageForm, RespondForm, SearchForm, StartForm
from klynge.teams.models import Member, Team

START_RATE = "10/h"
WRITE_RATE = "30/h"


def _proposed(request) -> list:
    """The providers a proposal's button sent (``member`` = ``kind:id``), as the viewer
    may see them; the rest are left out without a word."""
    keys = request.POST.getlist("member")[: services.MOST_MEMBERS]
    return services.providers_from_keys(keys, viewer=request.user)


@login_required
@ratelimit("teams-start", START_RATE)
@require_http_methods(["GET", "HEAD", "POST"])
def start(request, pk: int):
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    refusal = rules.start_refusal(request.user, need)
    if refusal:
        messages.error(request, need_services.REFUSALS[refusal]())
        return redirect(need)
    me = person_of(request.user)
    companies = rules.providers_of(request.user)[1]
    invitees = [p for p in _proposed(request) if p not in (me, *companies)]
    confirmed = request.method == "POST" and "confirm" in request.POST
    form = StartForm(request.POST if confirmed else None, person_name=me.name, companies=companies)
    parts = {_key(p): request.POST.get(f"part-{_key(p)}", "") for p in invitees}
    if confirmed and form.is_valid():
        try:
            team = services.team_start(
                need=need, by=request.user, message=form.cleaned_data["message"],
                part=form.cleaned_data["part"], company=form.company(),
                invite=[(p, parts[_key(p)]) for p in invitees],
            )  # fmt: skip
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request, _("Your team answer is sent. The invited providers get an email.")
            )
            return redirect(team)
    context = {
        "need": need,
        "form": form,
        "invitees": [(p, _key(p), parts[_key(p)]) for p in invitees],
    }
    return render(request, "teams/start.html", context, status=400 if form.errors else 200)


def _key(provider) -> str:
    kind = "person" if isinstance(provider, Person) else "company"
    return f"{kind}:{provider.pk}"


def _team(request, pk: int, *, members: bool = False) -> Team:
    """The team ``request.user`` may see. ``members``: with every member (and their person
    and company) at hand, so the rules and the page ask for them once; only for the
    team's page, as a write asks the rules again under the team's lock."""
    teams = Team.objects.select_related("need__poster")
    if members:
        teams = teams.prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("person", "company"))
        )
    team = get_object_or_404(teams, pk=pk)
    if not rules.can_see_team(request.user, team):
        raise PermissionDenied
    return team


@login_required
@ratelimit("teams-message", WRITE_RATE)
@require_http_methods(["GET", "HEAD", "POST"])
def team_page(request, pk: int):
    team = _team(request, pk, members=True)
    user = request.user
    can_write = rules.can_write_in_thread(user, team)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.message_post(team=team, by=user, body=form.cleaned_data["body"])
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect(team)
    reads = rules.can_read_thread(user, team)
    members = presenting.team_members(team, user)
    names = {view.member.pk: view.name for view in members}
    thread = []
    if reads:
        for message in team.messages.all():
            who = names.get(message.member_id, _("A member of the team"))
            thread.append((message, who, render_markdown(message.body)))
    search = SearchForm(request.GET or None)
    can_invite = rules.can_invite(user, team)
    found = []
    if can_invite and search.is_valid() and search.cleaned_data["q"]:
        taken = {m.key for m in team.members.all() if m.status != Member.Status.DECLINED}
        result = search_providers(
            filters=ProviderFilters(text=search.cleaned_data["q"]), viewer=viewer_for(user),
            limit=10,
        )  # fmt: skip
        found = [m for m in result.matches if f"{m.kind}:{m.id}" not in taken]
    context = {
        "team": team,
        "need": team.need,
        "members": members,
        "thread": thread,
        "reads_thread": reads,
        "form": form if can_write else None,
        "can_invite": can_invite,
        "search": search,
        "found": found,
        "mine": [v for v in members if v.is_mine],
        "can_fill": rules.can_fill(user, team),
    }
    return render(request, "teams/team.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@ratelimit("teams-invite", WRITE_RATE)
def invite(request, pk: int):
    team = _team(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the part on one line, in at most 200 characters."))
        return redirect(team)
    try:
        provider = services.provider_from_key(form.cleaned_data["member"], viewer=request.user)
        services.member_invite(
            team=team, by=request.user, provider=provider, part=form.cleaned_data["part"]
        )
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("%(name)s is invited.") % {"name": provider.name})
    return redirect(team)


def _member(request, pk: int) -> Member:
    member = get_object_or_404(
        Member.objects.select_related("team__need", "person", "company"), pk=pk
    )
    if not rules.acts_for(request.user, member):
        raise PermissionDenied
    return member


@login_required
@require_POST
def respond(request, pk: int):
    member = _member(request, pk)
    accept = "accept" in request.POST
    form = RespondForm(request.POST)
    part = form.cleaned_data["part"] if form.is_valid() and form.cleaned_data["part"] else None
    if not form.is_valid():
        messages.error(request, _("Write the part on one line, in at most 200 characters."))
        return redirect(member.team)
    try:
        services.member_answer(member=member, by=request.user, accept=accept, part=part)
    except DomainError as error:
        show_error(request, error)
        return redirect(member.team)
    if accept:
        messages.success(request, _("You are in the team."))
        return redirect(member.team)
    messages.success(request, _("You have declined the invitation."))
    return redirect("teams:invitations")


@login_required
@require_POST
def leave(request, pk: int):
    member = _member(request, pk)
    try:
        services.member_leave(member=member, by=request.user)
    except DomainError as error:
        show_error(request, error)
        return redirect(member.team)
    messages.success(request, _("You have left the team."))
    return redirect("teams:invitations")


@login_required
@require_POST
def fill(request, pk: int):
    team = _team(request, pk)
    try:
        services.team_fill(team=team, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The need is marked as filled by this team."))
    return redirect(team)


@login_required
@require_safe
def invitations(request):
    """The teams the user is invited to or is in, through themselves or their companies."""
    person, companies = rules.providers_of(request.user)
    members = Member.objects.filter(
        status__in=[Member.Status.INVITED, Member.Status.ACCEPTED]
    ).select_related("team__need", "person", "company")
    mine = Q(company__in=companies)
    if person is not None:
        mine |= Q(person=person)
    if person is None and not companies:
        members = members.none()
    members = members.filter(mine).order_by("-team__created_at", "id")
    views = presenting.member_views(members, request.user)
    return render(
        request,
        "teams/invitations.html",
        {
            "invited": [v for v in views if v.status == Member.Status.INVITED],
            "joined": [v for v in views if v.status == Member.Status.ACCEPTED],
        },
    )
