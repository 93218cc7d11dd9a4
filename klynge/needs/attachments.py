"""Attachments on a need: checks, adding, removing, and files gone with their rows.

A PDF is kept as it came, but only if it really is one (it starts with
``%PDF-``) and is at most ``PDF_MAX_BYTES``; an image is drawn again by
``core.uploads.reencode`` like every other upload. Both are stored in
private storage under a random name; ``views/attachments.py`` serves them to
those who may see the need.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.uploads import UploadError, delete_on_commit, random_name, reencode
from klynge.needs import rules
from klynge.needs.models import Attachment, Need

MAX_ATTACHMENTS = 5
PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
IMAGE_SIDE = 2000
MAX_NAME = 120


def clean_name(name: str) -> str:
    """The uploaded file's own name, for showing: no folders, no control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[-MAX_NAME:] or "file"


def _pdf(upload: UploadedFile) -> ContentFile:
    if upload.size is not None and upload.size > PDF_MAX_BYTES:
        raise Invalid(
            _("The file is too large. The largest allowed is %(size)s.")
            % {"size": filesizeformat(PDF_MAX_BYTES)}
        )
    upload.seek(0)
    data = upload.read(PDF_MAX_BYTES + 1)
    if len(data) > PDF_MAX_BYTES:
        raise Invalid(
            _("The file is too large. The largest allowed is %(size)s.")
            % {"size": filesizeformat(PDF_MAX_BYTES)}
        )
    if not data.startswith(PDF_MAGIC):
        raise Invalid(_("Attach a PDF file or a JPEG, PNG or WebP image."))
    return ContentFile(data, name=random_name("pdf"))


def prepare(upload: UploadedFile) -> tuple[ContentFile, str]:
    """The file to store and its kind; refuses anything but a real PDF or a sound image."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    if head == PDF_MAGIC:
        return _pdf(upload), Attachment.Kind.PDF
    try:
        return reencode(upload, max_side=IMAGE_SIDE), Attachment.Kind.IMAGE
    except UploadError as error:
        if error.code == "not_an_image":
            raise Invalid(_("Attach a PDF file or a JPEG, PNG or WebP image.")) from error
        raise Invalid(" ".join(error.messages)) from error


def attachment_add(*, need: Need, by, upload: UploadedFile) -> Attachment:
    """Store one file with a need; the poster (and staff) while they may edit it."""
    if not rules.can_edit(by, need):
        raise NotAllowed(_("You may not change this need."))
    content, kind = prepare(upload)
    with transaction.atomic():
        # Lock the need so that two uploads at once cannot both be the fifth.
        Need.objects.select_for_update().filter(pk=need.pk).first()
        if Attachment.objects.filter(need=need).count() >= MAX_ATTACHMENTS:
            raise Conflict(
                _("A need can have at most %(count)s attachments. Remove one first.")
                % {"count": MAX_ATTACHMENTS}
            )
        return Attachment.objects.create(
            need=need, file=content, name=clean_name(upload.name or ""), size=content.size,
            kind=kind,
        )  # fmt: skip


def attachment_remove(*, attachment: Attachment, by) -> None:
    """Remove a file from a need; the file itself goes when the transaction commits."""
    if not rules.can_edit(by, attachment.need):
        raise NotAllowed(_("You may not change this need."))
    with transaction.atomic():
        attachment.delete()


def _file_gone(sender, instance, **kwargs) -> None:
    """However a row goes (removed, its need deleted, an account deleted), its file
    goes too, once that transaction commits."""
    if isinstance(instance, Attachment):
        delete_on_commit(instance.file.storage, instance.file.name)
    elif isinstance(instance, Need) and instance.image:
        delete_on_commit(instance.image.storage, instance.image.name)


def connect() -> None:
    post_delete.connect(_file_gone, sender=Attachment, dispatch_uid="needs-attachment-file")
    post_delete.connect(_file_gone, sender=Need, dispatch_uid="needs-image-file")
