"""The find-help page: a need in plain words, the providers who can help with it."""

from django.views.decorators.http import require_safe

from klynge.core.htmx import render_page_or_part
from klynge.core.pagecache import anonymous_cache
from klynge.directory.forms import NeedForm
from klynge.directory.providers import match, worth_showing
from klynge.directory.visibility import viewer_for


@require_safe
@anonymous_cache
def find_help(request):
    """Type a need, see who can help: live with htmx, a plain GET form without it."""
    form = NeedForm(request.GET or None)
    matches = None
    if form.is_valid() and form.cleaned_data["beskriving"].strip():
        found = match(
            title=form.cleaned_data["beskriving"],
            municipality=form.cleaned_data["kommune"] or None,
            viewer=viewer_for(request.user),
            limit=10,
        )
        matches = worth_showing(found)
    context = {"form": form, "matches": matches}
    return render_page_or_part(
        request, "directory/find_help.html", "directory/_matches.html", context
    )
