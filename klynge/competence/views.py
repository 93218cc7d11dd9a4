from django.views.decorators.http import require_safe

from klynge.competence.forms import NeedForm
from klynge.competence.matching import match
from klynge.core.htmx import render_page_or_part
from klynge.directory.visibility import viewer_for


@require_safe
def find_help(request):
    """Type a need, see who can help: live with htmx, a plain GET form without it."""
    form = NeedForm(request.GET or None)
    matches = None
    if form.is_valid() and form.cleaned_data["beskriving"].strip():
        matches = match(
            title=form.cleaned_data["beskriving"],
            municipality=form.cleaned_data["kommune"] or None,
            viewer=viewer_for(request.user),
            limit=10,
        )
    context = {"form": form, "matches": matches}
    return render_page_or_part(
        request, "competence/find_help.html", "competence/_matches.html", context
    )
