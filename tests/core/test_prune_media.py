import os
import time
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command

from klynge.directory.models import Company, Person
from tests.core.conftest import image_bytes


def age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def prune(*args) -> str:
    out = StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_only_old_files_no_row_points_to(db, media):
    public, private = media
    person = Person.objects.create(name="Pia")
    person.photo.save("kept.jpg", ContentFile(image_bytes()))
    company = Company.objects.create(name="Fjellkode AS")
    company.logo.save("kept.png", ContentFile(image_bytes("PNG")))
    orphan_photo = private / "people" / "left-behind.jpg"
    orphan_logo = public / "companies" / "left-behind.png"
    fresh = public / "events" / "uploading-now.jpg"
    for path in (orphan_photo, orphan_logo, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_bytes())
    for path in (orphan_photo, orphan_logo, private / person.photo.name,
                 public / company.logo.name):  # fmt: skip
        age(path, 2)
    outside = public / "README.txt"  # not in an upload folder: not ours to judge
    outside.write_text("x")
    age(outside, 2)

    assert "Would delete 2" in prune("--dry-run")
    assert orphan_photo.exists() and orphan_logo.exists()

    assert "Deleted 2" in prune()
    assert not orphan_photo.exists() and not orphan_logo.exists()
    assert fresh.exists() and outside.exists()
    assert (private / person.photo.name).exists() and (public / company.logo.name).exists()


def test_min_age_can_be_zero(db, media):
    stray = media[0] / "events" / "stray.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    assert "Deleted 1" in prune("--min-age-hours", "0")
    assert not stray.exists()
