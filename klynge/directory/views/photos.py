"""Person photos, served by Django so that each one is shown only to whom its owner chose."""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from klynge.directory.models import Person, Visibility
from klynge.directory.visibility import can_see, viewer_for

PUBLIC_MAX_AGE = 3600  # an owner who hides a public photo waits at most this long
PRIVATE_MAX_AGE = 600


@require_safe
def person_photo(request, pk: int, name: str):
    person = get_object_or_404(Person, pk=pk)
    viewer = viewer_for(request.user)
    own = viewer.person_id == person.pk
    shown = person.is_listed or own or request.user.is_staff
    if not (shown and person.photo and can_see(person.photo_visibility, viewer, owner_id=pk)):
        raise Http404
    if person.photo.name.rpartition("/")[2] != name:
        raise Http404  # an old address, or a guess
    try:
        file = person.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    everyone = person.is_listed and person.photo_visibility == Visibility.PUBLIC
    if everyone:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=PRIVATE_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
