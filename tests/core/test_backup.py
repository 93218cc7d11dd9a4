"""manage.py backup and restore: a populated site round-trips, table by table and file by file."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from klynge.accounts.models import User
from klynge.core.uploads import reencode
from klynge.directory import services as directory
from klynge.directory.models import Company, Person
from tests.core.conftest import image_bytes
from tests.core.test_uploads import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db(transaction=True)


def table_names() -> list[str]:
    """Every table, also those no model knows (SQLite's FTS5 search tables)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        return sorted(row[0] for row in cursor.fetchall())


def all_rows() -> dict[str, list[str]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
    return rows


def media_files(media) -> dict[str, bytes]:
    return {
        f"{root.name}/{path.relative_to(root)}": path.read_bytes()
        for root in media
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def site(media):
    """The demo site, with a photo and a logo uploaded as people upload them."""
    call_command("load_demo", stdout=StringIO())
    kari = User.objects.get(email="kari@example.org")
    person = directory.person_get_or_create_for(user=kari)
    photo = reencode(upload(jpeg_with_gps()), max_side=400)
    directory.person_update(person=person, by=kari, photo=photo)
    company = Company.objects.order_by("pk").first()
    company.logo.save("x.png", ContentFile(image_bytes("PNG")))
    return media


def backup(path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, *args) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_populated_site_round_trips(site, tmp_path):
    rows, files = all_rows(), media_files(site)
    assert Person.objects.exclude(photo="").exists() and len(files) == 2
    assert sum(len(r) for r in rows.values()) > 500  # the demo data is really there
    if connection.vendor == "sqlite":
        assert any(name.endswith("_fts") or "fts" in name for name in rows)
    archive = tmp_path / "site.tar.gz"
    assert "and 2 files" in backup(archive)

    # Everything changes: rows go, a file goes, a stranger file comes.
    Person.objects.filter(photo="").delete()
    Company.objects.update(description="changed")
    (site[1] / Person.objects.exclude(photo="").get().photo.name).unlink()
    (site[0] / "companies" / "stranger.png").write_bytes(b"x")
    assert all_rows() != rows and media_files(site) != files

    with pytest.raises(CommandError, match="not empty"):
        restore(archive)
    assert Company.objects.filter(description="changed").exists()  # refused, nothing changed

    assert "and 2 files" in restore(archive, "--force")
    assert all_rows() == rows
    assert media_files(site) == files


def test_it_restores_into_an_empty_database_without_force(site, tmp_path):
    rows, files = all_rows(), media_files(site)
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    call_command("flush", "--noinput")
    for path in site[0].rglob("*.png"):
        path.unlink()
    restore(archive)
    assert all_rows() == rows
    assert media_files(site) == files


def test_the_archive_has_a_manifest_with_checksums(site, tmp_path):
    target = tmp_path / "backups"
    target.mkdir()
    backup(target)
    (archive,) = target.glob("klynge-*.tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert "directory.0006_person_photo_private_storage" in manifest["migrations"]
    assert set(manifest["files"]) | {"manifest.json"} == names
    assert any(name.startswith("private-media/people/") for name in names)


def test_a_damaged_or_foreign_archive_is_refused(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}

    def write(path, manifest, members):
        with tarfile.open(path, "w:gz") as tar:
            for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

    damaged = tmp_path / "damaged.tar.gz"
    photo = next(name for name in members if name.startswith("private-media/"))
    write(damaged, manifest, {**members, photo: b"not the photo"})
    with pytest.raises(CommandError, match="damaged"):
        restore(damaged, "--force")

    foreign = tmp_path / "foreign.tar.gz"
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    write(foreign, {**manifest, "engine": other}, members)
    with pytest.raises(CommandError, match=f"restores only into\\s+{other}"):
        restore(foreign, "--force")

    escaping = tmp_path / "escaping.tar.gz"
    write(escaping, manifest, {**members, "../outside.txt": b"x"})
    with pytest.raises(CommandError, match="unsafe member"):
        restore(escaping, "--force")
    assert not (tmp_path.parent / "outside.txt").exists()

    assert Person.objects.exclude(photo="").exists()  # nothing was touched
