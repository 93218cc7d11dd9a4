import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.htmx import render_page_or_cached_part
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import ratelimit
from klynge.directory import listing, rules, services
from klynge.directory.forms import ContactForm, FilterForm, PersonForm, format_skills
from klynge.directory.models import Person, PersonSkill
from klynge.directory.roles import person_of
from klynge.directory.schema import person_jsonld
from klynge.directory.visibility import person_view, person_views, viewer_for


@require_safe
@anonymous_cache
def people_list(request):
    form = functools.cache(lambda: FilterForm(request.GET))  # only when a part is drawn
    viewer = viewer_for(request.user)

    def cards() -> dict:
        found = listing.people(viewer, form().provider_filters())
        page = listing.paginate(found.queryset, request.GET.get("side"))
        views = person_views(page.object_list, viewer)
        for view in views:
            view.reasons = found.reasons.get(view.id, [])
        return {"page": page, "people": views, "search": found}

    return render_page_or_cached_part(
        request,
        "directory/people_list.html",
        "directory/_people_results.html",
        {"action": reverse("directory:people"), "show_person_filters": True},
        name="people",
        # What a card shows depends on the audience, and on whether it is the viewer's own.
        vary=(viewer.audience.value, viewer.person_id),
        part_context=cards,
        filters="directory/_filters.html",
        parts_context=lambda: {"form": form()},
        keep_page=True,  # the page around the cards shows nothing of the reader
    )


def _visible_person(request, pk: int) -> Person:
    people = Person.objects.select_related("employer", "user").prefetch_related(
        Prefetch(
            "skills",
            queryset=PersonSkill.objects.order_by(F("level").desc(nulls_last=True), "name"),
        )
    )
    person = get_object_or_404(people, pk=pk)
    if not rules.can_view_person(request.user, person):
        raise Http404
    return person


@require_safe
@anonymous_cache
def person_detail(request, pk: int):
    person = _visible_person(request, pk)
    view = person_view(person, viewer_for(request.user))
    context = {"person": view, "jsonld": person_jsonld(view, request)}
    return render(request, "directory/person_detail.html", context)


@login_required
@ratelimit("contact", "5/h")
def person_contact(request, pk: int):
    person = _visible_person(request, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(sender=request.user, person=person, **_message(form))
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(person)
    return render(request, "directory/contact_form.html", {"form": form, "recipient": person})


def _message(form) -> dict:
    return {"subject": form.cleaned_data["subject"], "message": form.cleaned_data["message"]}


@login_required
def profile_edit(request):
    person = person_of(request.user) or Person(
        name=request.user.name or "", contact_email=request.user.email
    )
    initial = {"skills": format_skills(person.skills.all()) if person.pk else ""}
    form = PersonForm(request.POST or None, request.FILES or None, instance=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if fields["photo"] is None:
            fields.pop("photo")  # unchanged; "" removes it
        own = services.person_get_or_create_for(user=request.user)
        services.person_update(
            person=own, by=request.user, skills=form.cleaned_data["skills"], **fields
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect(own)
    claimable = services.person_claimable_for(user=request.user) if not person.pk else None
    context = {"form": form, "person": person, "claimable": claimable}
    return render(request, "directory/person_form.html", context)


@login_required
@require_POST
def profile_claim(request):
    try:
        services.person_claim(user=request.user)
    except DomainError as error:
        show_error(request, error)
        return redirect("directory:profile_edit")
    messages.success(request, _("The profile is yours now. Check that it is up to date."))
    return redirect("directory:profile_edit")
