"""Uploaded images: checked, re-encoded with Pillow and stored under random names.

Nothing a person uploads is stored as it came. Every photo, logo and event
image is decoded and written again by Pillow, so metadata (EXIF with GPS
positions, comments) and anything appended to the image (a polyglot with
HTML or JavaScript after the pixels) is gone, and the stored name is a random
token, so nobody can guess the address of a file or learn the uploaded name.

Person photos live in a storage of their own outside ``MEDIA_ROOT`` and are
served only through a view that checks who may see them; logos and event
images are public files under ``MEDIA_ROOT``. See docs/operations.md.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Pillow format name -> (extension, how to save it).
FORMATS = {
    "JPEG": ("jpg", {"quality": 85}),
    "PNG": ("png", {}),
    "WEBP": ("webp", {"quality": 85}),
}
ACCEPT = "image/jpeg,image/png,image/webp"
PHOTO_SIDE = 1200  # people and logos: enough for a sharp picture on any screen
EVENT_SIDE = 2000  # event images are shown wide


class UploadError(forms.ValidationError):
    """An upload was refused; the message is for the person who sent it."""


class PrivateMediaStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``, which no web server serves and which has no URL.

    The folder is read from the settings on each use (as the default storage does
    with ``MEDIA_ROOT``), so a changed setting takes effect at once.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private media has no public URL; use the model's own view.")


def private_storage() -> Storage:
    """Where person photos go. A callable, so that migrations name it rather than
    recording one machine's folder."""
    return storages["private"]


def random_name(extension: str) -> str:
    return f"{secrets.token_urlsafe(18)}.{extension}"


def _open(data: UploadedFile) -> Image.Image:
    """Open and fully decode an image, refusing anything but a modest JPEG, PNG or WebP."""
    limits = settings.KLYNGE_UPLOADS
    if data.size is not None and data.size > limits["max_bytes"]:
        raise UploadError(
            _("The file is too large. The largest allowed is %(size)s."),
            code="too_large",
            params={"size": filesizeformat(limits["max_bytes"])},
        )
    data.seek(0)
    try:
        # Opening reads only the header, so the pixels are counted before any are
        # decoded. Past twice its own limit Pillow refuses to open the file at all.
        image = Image.open(data)
        too_many = image.width * image.height > limits["max_pixels"]
        if not too_many and image.format in FORMATS:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        too_many = True  # the warning is raised only where warnings are made errors
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise UploadError(
            _("The file is not a JPEG, PNG or WebP image, or it is damaged."),
            code="not_an_image",
        ) from error
    if too_many:
        raise UploadError(
            _("The image has too many pixels. The largest allowed is %(megapixels)s megapixels."),
            code="too_many_pixels",
            params={"megapixels": limits["max_pixels"] // 1_000_000},
        )
    if image.format not in FORMATS:
        raise UploadError(
            _("The file is not a JPEG, PNG or WebP image, or it is damaged."),
            code="not_an_image",
        )
    return image


def reencode(data: UploadedFile, *, max_side: int) -> ContentFile:
    """The uploaded image drawn again: upright, at most ``max_side`` pixels a side,
    without metadata, under a random name, in the format it came in."""
    image = _open(data)
    extension, options = FORMATS[image.format]
    image_format = image.format
    # Turn the pixels the way the camera's EXIF orientation says, then drop it.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    # Keep only what drawing needs; EXIF, XMP, comments and text chunks are not written.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=random_name(extension))


def _upload_help_text() -> str:
    size = filesizeformat(settings.KLYNGE_UPLOADS["max_bytes"])
    return gettext("JPEG, PNG or WebP, at most %(size)s.") % {"size": size}


# Lazy, so the help text speaks the language of the request that shows the form.
_upload_help = lazy(_upload_help_text, str)


@dataclass
class _Current:
    url: str
    name: str

    def __str__(self) -> str:
        return self.name


class ImageInput(forms.ClearableFileInput):
    """A file input whose "currently" link goes where the file is really served:
    a model may say so with ``get_<field>_url`` (a person's photo goes through a view)."""

    def is_initial(self, value) -> bool:
        return bool(value and getattr(value, "name", None) and hasattr(value, "instance"))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            own_url = getattr(value.instance, f"get_{value.field.name}_url", None)
            url = own_url() if own_url else value.url
            context["widget"]["value"] = _Current(url, value.name.rpartition("/")[2])
        return context


class ImageUploadField(forms.FileField):
    """A form field for photos, logos and event images.

    ``clean`` gives a re-encoded ``ContentFile`` for a new upload, ``""`` when the
    person ticked "clear", and ``None`` when nothing changed.
    """

    widget = ImageInput(attrs={"accept": ACCEPT})
    max_side = PHOTO_SIDE

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs["help_text"] = kwargs.get("help_text") or _upload_help()
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is False:
            return ""
        if not isinstance(value, UploadedFile):
            return None
        return reencode(value, max_side=self.max_side)


def old_file_name(model, pk: int | None, field: str) -> str:
    """The file a row points to in the database now (not what a form put on the instance)."""
    if pk is None:
        return ""
    return model.objects.filter(pk=pk).values_list(field, flat=True).first() or ""


def delete_on_commit(storage: Storage, name: str) -> None:
    """Delete a replaced or orphaned file once the transaction that let go of it commits.

    If the transaction rolls back, the row still points to the file, so it stays.
    """
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_replaced(field_file, old_name: str) -> None:
    """After saving: if the row now points to another file than ``old_name``, drop the old one."""
    if old_name and field_file.name != old_name:
        delete_on_commit(field_file.storage, old_name)


class EventImageField(ImageUploadField):
    max_side = EVENT_SIDE
