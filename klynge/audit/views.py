"""Staff: the audit log, filtered and paged."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from klynge.audit.forms import AuditFilterForm
from klynge.audit.models import AuditEntry
from klynge.core.decorators import staff_required

PER_PAGE = 50


@staff_required
@require_safe
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(AuditEntry.objects.select_related("actor").newest_first())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("side"))
    days = settings.KLYNGE_RETENTION["audit_entries"]
    context = {"form": form, "page": page, "retention_days": days}
    return render(request, "audit/audit_log.html", context)
