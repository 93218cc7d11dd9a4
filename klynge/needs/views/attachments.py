"""A need's attachments: served to those who may see the need, added and removed by its poster."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.ratelimit import ratelimit
from klynge.needs import attachments, rules
from klynge.needs.forms import AttachmentForm
from klynge.needs.models import Attachment, Need
from klynge.needs.views.board import visible_need

ATTACH_RATE = "30/h"
MAX_AGE = 600


@require_safe
def attachment_file(request, pk: int, attachment_id: int, name: str):
    """The file, only if the viewer may see the need (needs/rules.py), never sniffed."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, need=need)
    if attachment.stored_name != name:
        raise Http404  # an old address, or a guess
    try:
        file = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    patch_cache_control(response, private=True, max_age=MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if attachment.kind == Attachment.Kind.PDF:
        response["Content-Disposition"] = _disposition("attachment", attachment.name)
    else:
        response["Content-Disposition"] = "inline"
    return response


def _disposition(kind: str, name: str) -> str:
    """The header with the uploaded name, safe for any characters in it."""
    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@login_required
@require_POST
@ratelimit("needs-attach", ATTACH_RATE)
def attachment_add(request, pk: int):
    need = visible_need(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    edit_url = reverse("needs:edit", args=[need.pk]) + "#attachments"
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(edit_url)
    try:
        attachments.attachment_add(need=need, by=request.user, upload=form.cleaned_data["file"])
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The file is attached."))
    return redirect(edit_url)


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_id: int):
    need = visible_need(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, need=need)
    if not rules.can_edit(request.user, need):
        messages.error(request, _("You may not change this need."))
        return redirect(need)
    try:
        attachments.attachment_remove(attachment=attachment, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The file is removed."))
    return redirect(reverse("needs:edit", args=[need.pk]) + "#attachments")
