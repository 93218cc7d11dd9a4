"""Uploaded images: size and pixel limits, real images only, re-encoded, random names,
and replaced files removed once the change is committed."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from klynge.core.uploads import PHOTO_SIDE, ImageUploadField, UploadError, reencode
from klynge.directory.models import Company, Person
from klynge.events import services as event_services
from tests.core.conftest import image_bytes
from tests.directory.test_profile_edit import form_data

PROFILE = reverse("directory:profile_edit")
RANDOM_NAME = re.compile(r"^[A-Za-z0-9_-]{24}\.(jpg|png|webp)$")


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Spycam"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show it rotated
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (60.0, 42.0, 13.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (8.0, 56.0, 2.25),
    }
    return image_bytes("JPEG", size=(40, 20), exif=exif.tobytes())


def error_code(content: bytes, name="photo.png") -> str:
    with pytest.raises(UploadError) as caught:
        reencode(upload(content, name), max_side=PHOTO_SIDE)
    return caught.value.code


class TestValidation:
    def test_it_refuses_a_file_over_the_size_limit(self):
        padded = image_bytes() + b"\0" * (30 * 1024 * 1024)  # 30 MB
        assert error_code(padded, "big.jpg") == "too_large"

    def test_the_size_limit_is_a_setting(self, settings):
        settings.KLYNGE_UPLOADS = {**settings.KLYNGE_UPLOADS, "max_bytes": 10}
        assert error_code(image_bytes("PNG")) == "too_large"

    def test_it_refuses_a_pixel_bomb_before_decoding_it(self):
        output = io.BytesIO()
        Image.new("1", (11_000, 11_000)).save(output, format="PNG")
        assert len(output.getvalue()) < 5 * 1024 * 1024  # small on disk, 121 megapixels
        assert error_code(output.getvalue()) == "too_many_pixels"

    def test_it_refuses_what_pillow_calls_a_decompression_bomb(self, settings):
        # Past twice Pillow's own limit, Image.open raises before we can count.
        settings.KLYNGE_UPLOADS = {**settings.KLYNGE_UPLOADS, "max_pixels": 10**12}
        Image.MAX_IMAGE_PIXELS, before = 1000, Image.MAX_IMAGE_PIXELS
        try:
            assert error_code(image_bytes("PNG", size=(100, 100))) == "too_many_pixels"
        finally:
            Image.MAX_IMAGE_PIXELS = before

    def test_it_refuses_a_text_file_named_png(self):
        assert error_code(b"<html><script>alert(1)</script></html>") == "not_an_image"

    def test_it_refuses_other_image_formats(self):
        assert error_code(image_bytes("GIF"), "anim.gif") == "not_an_image"
        assert error_code(image_bytes("BMP"), "old.bmp") == "not_an_image"

    def test_it_refuses_a_truncated_image(self):
        assert error_code(image_bytes("PNG", size=(200, 200))[:300]) == "not_an_image"


class TestReencoding:
    def test_a_polyglot_loses_its_payload(self):
        payload = b"<script>alert(document.cookie)</script><html><body>hi</body></html>"
        stored = reencode(upload(image_bytes("PNG") + payload, "x.png"), max_side=PHOTO_SIDE)
        content = stored.read()
        assert b"<script" not in content and b"<html" not in content
        assert Image.open(io.BytesIO(content)).format == "PNG"

    def test_metadata_is_stripped_and_orientation_kept(self):
        original = Image.open(io.BytesIO(jpeg_with_gps()))
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test image has GPS

        stored = reencode(upload(jpeg_with_gps()), max_side=PHOTO_SIDE).read()
        image = Image.open(io.BytesIO(stored))
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert len(image.getexif()) == 0
        assert b"Spycam" not in stored and b"Exif" not in stored
        assert image.size == (20, 40)  # turned upright, as the orientation tag said

    def test_large_images_are_scaled_down(self):
        stored = reencode(upload(image_bytes(size=(3000, 1500))), max_side=PHOTO_SIDE)
        assert Image.open(stored).size == (PHOTO_SIDE, PHOTO_SIDE // 2)

    def test_the_name_is_random_and_never_the_uploaded_one(self):
        first = reencode(upload(image_bytes(), "kari-haugen.jpg"), max_side=PHOTO_SIDE)
        second = reencode(upload(image_bytes(), "kari-haugen.jpg"), max_side=PHOTO_SIDE)
        assert RANDOM_NAME.match(first.name) and RANDOM_NAME.match(second.name)
        assert first.name != second.name and "kari" not in first.name

    @pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"),
                                                    ("WEBP", "webp")])  # fmt: skip
    def test_it_keeps_the_format(self, fmt, extension):
        stored = reencode(upload(image_bytes(fmt), f"a.{extension}"), max_side=PHOTO_SIDE)
        assert stored.name.endswith(f".{extension}")
        assert Image.open(stored).format == fmt


class TestForms:
    def test_a_bad_upload_is_a_clear_translated_form_error(self, user_client, user, media):
        user_client.cookies["django_language"] = "nb"
        response = user_client.post(PROFILE, form_data(photo=upload(b"not an image", "x.png")))
        assert response.status_code == 200
        assert "er ikke et JPEG-, PNG- eller WebP-bilde" in response.content.decode()
        assert not Person.objects.filter(user=user).exists()

    def test_a_pixel_bomb_is_a_form_error_not_a_server_error(self, user_client, user, media):
        output = io.BytesIO()
        Image.new("1", (11_000, 11_000)).save(output, format="PNG")
        user_client.cookies["django_language"] = "en"
        response = user_client.post(PROFILE, form_data(photo=upload(output.getvalue(), "b.png")))
        assert response.status_code == 200
        assert "The image has too many pixels" in response.content.decode()

    def test_the_field_says_unchanged_and_cleared_apart(self):
        field = ImageUploadField()
        assert field.clean(None, initial="people/a.jpg") is None
        assert field.clean(False, initial="people/a.jpg") == ""

    def test_a_new_photo_replaces_the_old_file_after_commit(
        self, user_client, user, media, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(photo=upload(image_bytes(), "me.jpg")))
        first = Person.objects.get(user=user).photo.name
        public, private = media
        assert (private / first).is_file() and not (public / first).exists()
        assert RANDOM_NAME.match(first.removeprefix("people/"))

        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(photo=upload(image_bytes(), "me2.jpg")))
        second = Person.objects.get(user=user).photo.name
        assert second != first
        assert (private / second).is_file() and not (private / first).exists()

    def test_saving_without_a_new_photo_keeps_it(
        self, user_client, user, media, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(photo=upload(image_bytes(), "me.jpg")))
            user_client.post(PROFILE, form_data(headline="Changed"))
        person = Person.objects.get(user=user)
        assert person.headline == "Changed" and (media[1] / person.photo.name).is_file()

    def test_clearing_the_photo_removes_the_file(
        self, user_client, user, media, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(photo=upload(image_bytes(), "me.jpg")))
        name = Person.objects.get(user=user).photo.name
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(**{"photo-clear": "on"}))
        assert Person.objects.get(user=user).photo.name == ""
        assert not (media[1] / name).exists()

    def test_a_new_logo_replaces_the_old_file(
        self, user_client, user, media, django_capture_on_commit_callbacks
    ):
        data = {"name": "Fjellkode AS", "municipality": "gol", "skills": "", "services": ""}
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(reverse("directory:company_create"),
                             {**data, "logo": upload(image_bytes("PNG"), "logo.png")})  # fmt: skip
        company = Company.objects.get()
        first = company.logo.name
        assert first.startswith("companies/") and (media[0] / first).is_file()
        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(reverse("directory:company_edit", args=[company.pk]),
                             {**data, "logo": upload(image_bytes("PNG"), "logo.png")})  # fmt: skip
        company.refresh_from_db()
        assert company.logo.name != first
        assert (media[0] / company.logo.name).is_file() and not (media[0] / first).exists()

    def test_a_new_event_image_replaces_the_old_file(
        self, staff, make_event, media, django_capture_on_commit_callbacks
    ):
        event = make_event(image=ContentFile(image_bytes(), name="a.jpg"), image_alt="A")
        first = event.image.name
        assert (media[0] / first).is_file()
        with django_capture_on_commit_callbacks(execute=True):
            event_services.event_update(
                event=event, by=staff, image=ContentFile(image_bytes(), name="b.jpg")
            )
        event.refresh_from_db()
        assert event.image.name != first and not (media[0] / first).exists()

    def test_events_deleted_in_the_admin_take_their_images_along(
        self, admin_client, make_event, media, django_capture_on_commit_callbacks
    ):
        event = make_event(image=ContentFile(image_bytes(), name="a.jpg"), image_alt="A")
        path = media[0] / event.image.name
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
            )
        assert response.status_code == 302 and not path.exists()

    def test_a_deleted_account_takes_its_photo_along(
        self, user_client, user, media, django_capture_on_commit_callbacks
    ):
        from klynge.accounts.services import account_delete

        with django_capture_on_commit_callbacks(execute=True):
            user_client.post(PROFILE, form_data(photo=upload(image_bytes(), "me.jpg")))
        name = Person.objects.get(user=user).photo.name
        with django_capture_on_commit_callbacks(execute=True):
            account_delete(user=user)
        assert not (media[1] / name).exists()


def test_an_event_form_upload_is_reencoded(staff_client, staff, media):
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "Frokost", "description": "Kom", "format": "in_person", "venue": "Gol",
        "address": "", "online_url": "", "capacity": "", "audience": "everyone",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "registration_opens_at": "", "registration_closes_at": "", "tags": "",
        "image": upload(jpeg_with_gps(), "frokost.jpg"), "image_alt": "Bord med kaffi",
    }  # fmt: skip
    response = staff_client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from klynge.events.models import Event

    stored = Event.objects.get().image
    assert stored.name.startswith("events/") and "frokost" not in stored.name
    assert b"Exif" not in (media[0] / stored.name).read_bytes()
