"""The find-help page: a need in plain words, the providers who can help with it."""

from urllib.parse import urlencode

from django.views.decorators.http import require_safe

from klynge.core.htmx import render_page_or_part
from klynge.core.pagecache import anonymous_cache
from klynge.directory.forms import NeedForm
from klynge.directory.reading import known, understood
from klynge.directory.visibility import viewer_for


@require_safe
@anonymous_cache
def find_help(request):
    """Type a need, see who can help and what we read, tick what the words missed:
    live with htmx, a plain GET form without it. "Post the need" carries all of it
    into the need form."""
    form = NeedForm(request.GET or None)
    text, municipality = "", ""
    if form.is_valid():
        text = form.cleaned_data["beskriving"].strip()
        municipality = form.cleaned_data["kommune"]
    ticked = known(request.GET.getlist("kompetanse"))
    context = understood(
        title=text,
        municipality=municipality or None,
        chosen=ticked,
        viewer=viewer_for(request.user),
        limit=10,
    )
    carried = {"beskriving": text, "kommune": municipality, "kompetanse": ticked}
    context.update(form=form, post_query=urlencode(carried, doseq=True))
    return render_page_or_part(
        request, "directory/find_help.html", "directory/_matches.html", context
    )
