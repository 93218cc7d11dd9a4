"""The board: open needs, one need, posting and the poster's own actions."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.htmx import render_page_or_cached_part
from klynge.core.markdown import render_markdown
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import client_key, hit, ratelimit
from klynge.core.region import by_slug
from klynge.directory.models import Company, Person
from klynge.directory.providers import worth_showing
from klynge.directory.reading import known, understood
from klynge.directory.roles import person_of, reachable
from klynge.directory.visibility import viewer_for
from klynge.needs import alerts, rules, services
from klynge.needs.attachments import MAX_ATTACHMENTS
from klynge.needs.forms import (
    AnswerForm,
    AttachmentForm,
    CloseForm,
    FillForm,
    FilterForm,
    NeedForm,
)  # fmt: skip
from klynge.needs.jobs import REMIND_BEFORE
from klynge.needs.models import Answer, Need, Notice

PAGE_SIZE = 20
POST_RATE = "10/h"
EDIT_RATE = "30/h"


def visible_need(request, pk: int) -> Need:
    needs = Need.objects.visible_to(request.user).select_related("poster", "public_body")
    return get_object_or_404(needs, pk=pk)


@require_safe
@anonymous_cache
def need_list(request):
    form = functools.cache(lambda: FilterForm(request.GET))  # only when a part is drawn

    def cards() -> dict:
        needs = Need.objects.visible_to(request.user).board(form().filters())
        page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("side"))
        return {"page": page, "needs": page.object_list}

    return render_page_or_cached_part(
        request,
        "needs/need_list.html",
        "needs/_need_results.html",
        {},
        name="needs",
        # Who sees which need depends on the account: its own and answered needs,
        # and membership (a change to it is a write: a new content version).
        vary=(request.user.pk, request.user.is_staff),
        part_context=cards,
        filters="needs/_filters.html",
        parts_context=lambda: {"form": form()},
        keep_page=True,  # the page around the cards shows nothing of the reader
    )


@require_safe
@anonymous_cache
def need_detail(request, pk: int):
    need = visible_need(request, pk)
    user = request.user
    context = {
        "need": need,
        "description": render_markdown(need.description),
        "attachments": list(need.attachments.all()),
        "is_poster": rules.is_poster(user, need),
        "can_edit": rules.can_edit(user, need),
        "can_settle": rules.can_settle(user, need),
        "can_manage": rules.can_manage(user, need),
        "can_approve": rules.can_approve(user),
    }
    if rules.can_see_matches(user, need):
        context.update(_poster_context(request, need))
    if user.is_authenticated and not context["is_poster"]:
        own = Answer.objects.filter(need=need, author=user).first()
        context["own_answer"] = own
        refusal = rules.answer_refusal(user, need)
        context["refusal"] = services.REFUSALS[refusal]() if refusal else None
        context["refusal_code"] = refusal
        if not own and not refusal:
            context["answer_form"] = AnswerForm(
                companies=rules.answerable_as(user), person_name=person_of(user).name
            )
    if rules.can_see_notices(user):
        context["notices"] = Notice.objects.filter(need=need).select_related(
            "recipient", "person", "company"
        )
    return render(request, "needs/need_detail.html", context)


def _poster_context(request, need: Need) -> dict:
    answers = need.answers.select_related("person", "company").prefetch_related("messages")
    invited = {
        ("company" if inv.company_id else "person", inv.company_id or inv.person_id)
        for inv in need.invitations.all()
    }
    answered = {
        ("company", a.company_id) if a.company_id else ("person", a.person_id) for a in answers
    }
    matches = worth_showing(
        alerts.need_matches(need, viewer=viewer_for(request.user)) if need.is_accepting else []
    )
    reach = reachable(
        people=[m.id for m in matches if m.kind == "person"],
        companies=[m.id for m in matches if m.kind == "company"],
    )
    for found in matches:
        found.invited = (found.kind, found.id) in invited
        found.answered = (found.kind, found.id) in answered
        found.reachable = (found.kind, found.id) in reach
    # Said once above the list; each such card only carries a short line.
    unreachable = sum(not (m.reachable or m.answered or m.invited) for m in matches)
    soon = need.expires_at is not None and need.expires_at - timezone.now() <= REMIND_BEFORE
    return {
        "answers": answers,
        "expires_soon": need.is_accepting and soon,
        "matches": matches,
        "unreachable": unreachable,
        "fill_form": FillForm(need=need),
        "close_form": CloseForm(),
    }


@login_required
def need_create(request):
    if not rules.can_post(request.user):
        messages.error(request, _("Confirm your email address before you post a need."))
        return redirect("account_email")
    carried = _carried(request.GET)
    form = NeedForm(request.POST or None, request.FILES or None, initial=carried)
    posting = request.method == "POST" and "preview" not in request.POST
    if posting and form.is_valid():
        if not hit("needs-post", client_key(request), POST_RATE):
            return render(request, "429.html", status=429)
        publish = "draft" not in request.POST
        try:
            need = services.need_create(
                poster=request.user,
                publish=publish,
                chosen=form.cleaned_data["chosen"],
                **form.model_fields(),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _submitted_message(need))
            return redirect(need)
    # The form again, to preview (what "Forhåndsvis" does without JavaScript) or to
    # mend: beside it, the matches for what was written and ticked so far. A preview
    # is not a post: it does not count against the limit. Come from the find-help
    # page, she sees at once who can help with what she typed and ticked there.
    live = _live(_typed(request.POST) if request.method == "POST" else carried, request.user)
    return render(request, "needs/need_form.html", {"form": form, "matches": None, **live})


def _typed(query) -> dict:
    """What the poster has written and ticked so far, as the form or the live matches
    send it (``_live``); unknown competences are left out."""
    data = {key: query.get(key, "")[:5000] for key in ("title", "description", "municipality")}
    data["chosen"] = known(query.getlist("chosen"))
    return data


def _carried(query) -> dict:
    """What a person typed and ticked on the find-help page (its own URL words), so
    she need not do it again: the first line as the title, all of it as the
    description."""
    text = query.get("beskriving", "").strip()[:5000]
    initial = {"description": text, "title": text.splitlines()[0][:120]} if text else {}
    if by_slug(query.get("kommune", "")):
        initial["municipality"] = query["kommune"]
    if chosen := known(query.getlist("kompetanse")):
        initial["chosen"] = chosen
    return initial


def _submitted_message(need: Need) -> str:
    if need.status == Need.Status.PENDING:
        return _(
            "Thank you! The hub looks at a first need before it is published, usually "
            "within a working day. You get an email when it is out."
        )
    if need.status == Need.Status.DRAFT:
        return _("Saved as a draft. Only you can see it until you publish it.")
    return _("Your need is published. Providers who match it are told now.")


def _live(data: dict, user) -> dict:
    """What the live matches show for what the poster wrote and ticked so far
    (``_typed``): ``directory.reading.understood``."""
    return understood(
        title=data.get("title") or "",
        description=data.get("description") or "",
        municipality=data.get("municipality") or None,
        chosen=data.get("chosen") or [],
        viewer=viewer_for(user),
        limit=5,
    )


@require_safe
def live_matches(request):
    """The matches beside the form while the poster types (htmx)."""
    return render(request, "needs/_live_matches.html", _live(_typed(request.GET), request.user))


@login_required
@ratelimit("needs-edit", EDIT_RATE)
def need_edit(request, pk: int):
    need = visible_need(request, pk)
    if not rules.can_edit(request.user, need):
        messages.error(request, _("You may not change this need."))
        return redirect(need)
    form = NeedForm(request.POST or None, request.FILES or None, instance=need)
    if request.method == "POST" and form.is_valid():
        need.refresh_from_db()
        try:
            services.need_update(need=need, by=request.user, **form.model_fields())
        except DomainError as error:
            show_error(request, error, form)
        else:
            if need.status == need.Status.PENDING:
                messages.success(
                    request,
                    _("Your changes are saved. The hub looks at them before they are shown."),
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(need)
    context = {
        "form": form, "need": need, "attachments": list(need.attachments.all()),
        "attachment_form": AttachmentForm(), "max_attachments": MAX_ATTACHMENTS,
    }  # fmt: skip
    return render(request, "needs/need_form.html", context)


@login_required
@require_POST
def need_action(request, pk: int):
    """The poster's buttons: publish a draft, keep open longer, mark filled, close."""
    need = visible_need(request, pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.need_submit(need=need, by=request.user)
            messages.success(request, _submitted_message(need))
        elif action == "extend":
            services.need_extend(need=need, by=request.user)
            messages.success(request, _("The need stays open for 60 more days."))
        elif action == "fill":
            form = FillForm(request.POST, need=need)
            answer = form.cleaned_data["answer"] if form.is_valid() else None
            services.need_fill(need=need, by=request.user, answer=answer)
            messages.success(request, _("Marked as filled. Congratulations!"))
        elif action == "close":
            form = CloseForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.need_close(need=need, by=request.user, reason=reason)
            messages.success(request, _("The need is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        show_error(request, error)
    return redirect(need)


@login_required
@require_POST
@ratelimit("needs-invite", "60/h")
def need_invite(request, pk: int):
    need = visible_need(request, pk)
    kind, provider_id = request.POST.get("kind"), request.POST.get("id", "")
    model = {"person": Person, "company": Company}.get(kind)
    if model is None or not provider_id.isdigit():
        messages.error(request, _("Unknown provider."))
        return redirect(need)
    provider = get_object_or_404(model.objects.listed(), pk=int(provider_id))
    try:
        services.invite(need=need, by=request.user, **{kind: provider})
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("%(name)s is invited to answer.") % {"name": provider.name})
    return redirect(f"{need.get_absolute_url()}#matches")


@login_required
@require_safe
def my_needs(request):
    needs = (
        Need.objects.filter(poster=request.user)
        .annotate(answer_count=Count("answers", filter=Q(answers__withdrawn_at__isnull=True)))
        .order_by("-created_at")
    )
    answers = list(
        Answer.objects.filter(author=request.user)
        .select_related("need", "person", "company")
        .order_by("-last_message_at")
    )
    # A customer (no profile, nothing answered) is not asked about answering.
    answering = bool(answers) or person_of(request.user) is not None
    context = {"needs": needs, "answers": answers, "answering": answering}
    return render(request, "needs/my_needs.html", context)
