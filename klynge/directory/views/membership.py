from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.core.ratelimit import ratelimit
from klynge.directory import services
from klynge.directory.forms import MembershipForm
from klynge.directory.models import CompanyClaim, MembershipApplication
from klynge.directory.roles import companies_administered, person_of


@login_required
@ratelimit("membership", "10/d")
def membership_apply(request):
    companies = companies_administered(request.user)
    form = MembershipForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(user=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Thank you for applying. The hub will answer by email."))
            return redirect("directory:profile_edit")
    person = person_of(request.user)
    context = {"form": form, "person": person}
    return render(request, "directory/membership_apply.html", context)


@staff_required
@require_safe
def staff_queue(request):
    context = {
        "applications": MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING
        ).select_related("user", "company", "user__person"),
        "claims": CompanyClaim.objects.filter(status=CompanyClaim.Status.PENDING).select_related(
            "user", "company"
        ),
    }
    return render(request, "directory/staff_queue.html", context)


def _decide(request, decide, **target):
    """Run a staff decision from the queue and say how it went."""
    approve = "approve" in request.POST
    try:
        decide(by=request.user, approve=approve, **target)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Approved.") if approve else _("Declined."))
    return redirect("directory:staff_queue")


@staff_required
@require_POST
def membership_decide(request, pk: int):
    application = get_object_or_404(MembershipApplication, pk=pk)
    return _decide(request, services.membership_decide, application=application)


@staff_required
@require_POST
def claim_decide(request, pk: int):
    claim = get_object_or_404(CompanyClaim, pk=pk)
    return _decide(request, services.company_claim_decide, claim=claim)
