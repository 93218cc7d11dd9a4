from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.htmx import render_page_or_part
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import ratelimit
from klynge.directory import listing, rules, services
from klynge.directory.forms import ClaimForm, CompanyForm, ContactForm, FilterForm, format_skills
from klynge.directory.models import Company, CompanyRole
from klynge.directory.roles import person_of
from klynge.directory.schema import company_jsonld
from klynge.directory.views.people import _message
from klynge.directory.visibility import can_see, viewer_for


@require_safe
@anonymous_cache
def company_list(request):
    form = FilterForm(request.GET)
    found = listing.companies(form.provider_filters(), viewer_for(request.user))
    page = listing.paginate(found.queryset, request.GET.get("side"))
    # Each company with why the search found it (nothing when there was no search).
    results = [(company, found.reasons.get(company.pk, [])) for company in page.object_list]
    return render_page_or_part(
        request,
        "directory/company_list.html",
        "directory/_company_results.html",
        {"form": form, "page": page, "results": results, "search": found},
    )


def _people_at(company: Company, viewer) -> list:
    """Confirmed people, each shown only if their employer is visible to this viewer."""
    roles = company.roles.filter(status=CompanyRole.Status.CONFIRMED).select_related("person")
    return [
        role.person
        for role in roles
        if role.person.is_listed
        and can_see(role.person.employer_visibility, viewer, owner_id=role.person.pk)
    ]


@require_safe
@anonymous_cache
def company_detail(request, pk: int):
    company = get_object_or_404(Company.objects.prefetch_related("skills"), pk=pk)
    admin = rules.can_manage_company(request.user, company)
    person = person_of(request.user)
    context = {
        "company": company,
        "people": _people_at(company, viewer_for(request.user)),
        "is_admin": admin,
        "pending_roles": company.roles.filter(status=CompanyRole.Status.PENDING).select_related(
            "person"
        )
        if admin
        else [],
        "my_role": company.roles.filter(person=person).first() if person else None,
        "jsonld": company_jsonld(company, request),
    }
    return render(request, "directory/company_detail.html", context)


def _save_company(request, form, company=None):
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    fields["services"] = form.cleaned_data["services"]
    if fields["logo"] is None:
        fields.pop("logo")  # unchanged; "" removes it
    skills = form.cleaned_data["skills"]
    if company is None:
        return services.company_create(by=request.user, skills=skills, **fields)
    return services.company_update(company=company, by=request.user, skills=skills, **fields)


@login_required
@ratelimit("company_create", "10/d")
def company_create(request):
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = _save_company(request, form)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The company has been added."))
            return redirect(company)
    return render(request, "directory/company_form.html", {"form": form})


@login_required
def company_edit(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    if not rules.can_manage_company(request.user, company):
        raise PermissionDenied
    initial = {
        "skills": format_skills(company.skills.all()),
        "services": "\n".join(company.services),
    }
    form = CompanyForm(
        request.POST or None, request.FILES or None, instance=company, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_company(request, form, company)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The company has been saved."))
            return redirect(company)
    return render(request, "directory/company_form.html", {"form": form, "company": company})


@login_required
@require_POST
def company_join(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    services.company_join_request(company=company, user=request.user)
    messages.success(request, _("The company's admins have been asked to confirm."))
    return redirect(company)


@login_required
@require_POST
def company_role_decide(request, pk: int, role_pk: int):
    role = get_object_or_404(CompanyRole, pk=role_pk, company_id=pk)
    services.company_join_decide(role=role, by=request.user, approve="approve" in request.POST)
    return redirect(role.company)


@login_required
@ratelimit("claim", "10/d")
def company_claim(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.company_claim(
                company=company, user=request.user, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            if claim.status == claim.Status.APPROVED:
                messages.success(request, _("Your email address matches the company's website."
                                            " You can now edit the company."))  # fmt: skip
            else:
                messages.success(request, _("Thank you. The hub will check your claim soon."))
            return redirect(company)
    return render(request, "directory/claim_form.html", {"form": form, "company": company})


@login_required
@ratelimit("contact", "5/h")
def company_contact(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(sender=request.user, company=company, **_message(form))
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(company)
    return render(request, "directory/contact_form.html", {"form": form, "recipient": company})
