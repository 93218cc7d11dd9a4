"""Staff: the needs waiting for approval, and the decision on each."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.core.markdown import render_markdown
from klynge.needs import services
from klynge.needs.models import Need


@staff_required
@require_safe
def approval_queue(request):
    pending = Need.objects.filter(status=Need.Status.PENDING).select_related("poster")
    needs = [(need, render_markdown(need.description)) for need in pending.order_by("created_at")]
    return render(request, "needs/approval_queue.html", {"needs": needs})


@staff_required
@require_POST
def approval_decide(request, pk: int):
    need = get_object_or_404(Need, pk=pk)
    try:
        if "approve" in request.POST:
            services.need_approve(need=need, by=request.user)
            messages.success(request, _("Approved. The need is published."))
        else:
            services.need_decline(
                need=need, by=request.user, reason=request.POST.get("reason", "")[:1000]
            )
            messages.success(request, _("Declined. The poster is told by email."))
    except DomainError as error:
        show_error(request, error)
    return redirect("needs:approval_queue")
