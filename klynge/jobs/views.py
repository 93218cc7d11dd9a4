"""Jobs: the list, a posting, and posting, changing, withdrawing and taking down."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.htmx import render_page_or_cached_part
from klynge.core.markdown import render_markdown
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import ratelimit
from klynge.directory.models import Company
from klynge.directory.roles import is_staff
from klynge.jobs import rules, services
from klynge.jobs.forms import CompanyChoiceForm, FilterForm, JobForm, TakeDownForm
from klynge.jobs.models import JobPosting
from klynge.jobs.seo import structured_data

PAGE_SIZE = 20
POST_RATE = "10/h"
EDIT_RATE = "30/h"


@require_safe
@anonymous_cache
def job_list(request):
    form = FilterForm(request.GET)

    def cards() -> dict:
        jobs = JobPosting.objects.listing(form.filters())
        page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("side"))
        return {"page": page, "jobs": page.object_list}

    return render_page_or_cached_part(
        request,
        "jobs/list.html",
        "jobs/_results.html",
        {"form": form, "can_post": rules.can_post(request.user)},
        name="jobs",
        vary=(),  # open postings are the same for everyone
        part_context=cards,
        filters="jobs/_filters.html",
    )


@require_safe
@anonymous_cache
def job_detail(request, pk: int):
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    user = request.user
    if not rules.can_see(user, job):
        raise Http404
    context = {
        "job": job,
        "description": render_markdown(job.description),
        "jsonld": structured_data(job, request) if job.is_open else None,
        "can_edit": rules.can_edit(user, job),
        "can_withdraw": rules.can_withdraw(user, job),
        "can_take_down": rules.can_take_down(user, job),
        "take_down_form": TakeDownForm() if rules.can_take_down(user, job) else None,
    }
    return render(request, "jobs/detail.html", context)


def _company_for_posting(request) -> tuple[Company | None, list[Company]]:
    """The company asked for (``?bedrift=``), and the ones the user may choose from."""
    choices = rules.companies_for(request.user)
    wanted = request.GET.get("bedrift") or request.POST.get("company")
    if wanted and wanted.isdigit():
        company = Company.objects.filter(pk=wanted).first()
        if company is not None and rules.can_post_for(request.user, company):
            if company not in choices:
                choices = [company, *choices]
            return company, choices
    if not choices and is_staff(request.user):  # staff may post for every member company
        choices = list(Company.objects.members().order_by("name", "id"))
    return (choices[0] if choices else None), choices


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("jobs.post", POST_RATE)
def job_create(request):
    company, companies = _company_for_posting(request)
    if company is None and is_staff(request.user):
        return render(request, "jobs/no_company.html")
    if company is None:
        raise PermissionDenied
    form = JobForm(request.POST or None)
    choice = CompanyChoiceForm(
        request.POST or None, companies=companies, initial={"company": company}
    )
    if request.method == "POST" and form.is_valid() and choice.is_valid():
        try:
            job = services.job_create(
                by=request.user,
                company=choice.cleaned_data["company"],
                competences=form.competences(),
                **form.model_fields(),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The job is posted."))
            return redirect(job)
    context = {"form": form, "choice": choice, "company": company, "several": len(companies) > 1}
    return render(request, "jobs/form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("jobs.edit", EDIT_RATE)
def job_edit(request, pk: int):
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    if not rules.can_edit(request.user, job):
        raise PermissionDenied
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(
                job=JobPosting.objects.get(pk=pk),
                by=request.user,
                competences=form.competences(),
                **form.model_fields(),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The posting is saved."))
            return redirect(job)
    return render(request, "jobs/form.html", {"form": form, "job": job, "company": job.company})


@login_required
@require_POST
def job_withdraw(request, pk: int):
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    try:
        services.job_withdraw(job=job, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The posting is withdrawn."))
    return redirect(job)


@login_required
@require_POST
def job_take_down(request, pk: int):
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    form = TakeDownForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.job_take_down(job=job, by=request.user, reason=reason)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The posting is taken down."))
    return redirect(job)
