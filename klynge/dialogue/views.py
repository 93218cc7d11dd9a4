"""The market dialogue's pages: holding a meeting for a need, and inviting to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from klynge.core.errors import DomainError, show_error
from klynge.core.ratelimit import ratelimit
from klynge.dialogue import rules, services
from klynge.dialogue.forms import InviteForm, MeetingForm, meeting_initial
from klynge.dialogue.models import Meeting
from klynge.dialogue.providers import candidates
from klynge.directory.models import Company, Person
from klynge.needs import rules as need_rules
from klynge.needs.models import Need

CREATE_RATE = "10/h"
INVITE_RATE = "30/h"


def managed_need(request, pk: int) -> Need:
    """The need, if the user may see it (else 404) and manage it (else 403)."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    if not need_rules.can_manage(request.user, need):
        raise PermissionDenied
    return need


@login_required
@ratelimit("dialogue-create", CREATE_RATE)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request, pk: int):
    need = managed_need(request, pk)
    if not rules.can_hold(request.user, need):
        messages.error(request, _("A filled or closed need cannot get a new meeting."))
        return redirect(need)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, initial=meeting_initial(need))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(need=need, by=request.user, **form.details())
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The meeting is published. Now choose whom to invite."))
            return redirect("dialogue:invite", pk=meeting.pk)
    return render(request, "dialogue/create.html", {"need": need, "form": form})


@login_required
@ratelimit("dialogue-invite", INVITE_RATE)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_invite(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=pk)
    need = managed_need(request, meeting.need_id)
    meeting.need = need
    invitations = meeting.invitations.select_related("person", "company")
    invited = {invitation.key for invitation in invitations}
    open_to_invite = rules.can_invite(request.user, need, meeting.event)
    found = candidates(need, request.user) if open_to_invite else []
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        candidates=[c for c in found if (c.kind, c.id) not in invited],
    )
    if request.method == "POST" and open_to_invite and form.is_valid():
        chosen = form.chosen()
        try:
            sent = services.meeting_invite(
                meeting=meeting,
                by=request.user,
                people=list(Person.objects.filter(pk__in=chosen["people"])),
                companies=list(Company.objects.filter(pk__in=chosen["companies"])),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s provider is invited.", "%(count)s providers are invited.", len(sent)
                )
                % {"count": len(sent)},
            )
            return redirect("dialogue:invite", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "need": need,
        "event": meeting.event,
        "form": form,
        "open_to_invite": open_to_invite,
        "invitations": invitations,
        # The poster holds the meeting, so they see who comes, as an organiser does.
        "signed_up": meeting.event.registrations.confirmed().order_by("name"),
    }
    return render(request, "dialogue/invite.html", context)
