"""Attachments on a need: what is taken, who may download it, and files gone with their rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klynge.accounts.services import account_delete
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.needs import attachments, services
from klynge.needs.models import Attachment, Need
from tests.core.conftest import image_bytes
from tests.needs.conftest import SHOP_NEED, make_user

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="Kravspesifikasjon.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored(media) -> list[str]:
    _public, private = media
    folder = private / "needs" / "attachments"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def open_need(make_need, poster):
    return make_need(poster)


def test_a_pdf_is_stored_privately_under_a_random_name(media, open_need, poster):
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    assert attachment.kind == "pdf"
    assert attachment.name == "Kravspesifikasjon.pdf"
    assert attachment.size == len(PDF)
    assert stored(media) == [attachment.stored_name]
    assert "Kravspesifikasjon" not in attachment.stored_name
    assert attachment.stored_name.endswith(".pdf")
    public, _private = media
    assert not (public / "needs" / "attachments").exists()


def test_an_image_is_drawn_again_without_its_metadata(media, open_need, poster):
    upload = SimpleUploadedFile("kart.jpg", image_bytes("JPEG", comment=b"GPS 60.6 N"))
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=upload)
    assert attachment.kind == "image"
    data = attachment.file.open("rb").read()
    assert data.startswith(b"\xff\xd8") and b"GPS 60.6 N" not in data


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("fake.pdf", b"<html><script>alert(1)</script></html>"), "Attach a PDF file"),
        (SimpleUploadedFile("notes.txt", b"just text"), "Attach a PDF file"),
        (pdf("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "The file is too large"),
    ],
)
def test_a_wrong_or_too_large_file_is_refused_and_nothing_is_stored(
    media, open_need, poster, upload, message
):
    with pytest.raises(Invalid, match=message):
        attachments.attachment_add(need=open_need, by=poster, upload=upload)
    assert not Attachment.objects.exists()
    assert stored(media) == []


def test_at_most_five_files(media, open_need, poster):
    for n in range(attachments.MAX_ATTACHMENTS):
        attachments.attachment_add(need=open_need, by=poster, upload=pdf(f"{n}.pdf"))
    with pytest.raises(Conflict, match="at most 5 attachments"):
        attachments.attachment_add(need=open_need, by=poster, upload=pdf("6.pdf"))
    assert open_need.attachments.count() == 5


def test_only_the_poster_or_staff_may_attach(media, open_need, provider, staff):
    with pytest.raises(NotAllowed):
        attachments.attachment_add(need=open_need, by=provider, upload=pdf())
    attachments.attachment_add(need=open_need, by=staff, upload=pdf())
    assert open_need.attachments.count() == 1


def test_the_name_shown_has_no_folders_or_control_characters():
    assert attachments.clean_name("C:\\Users\\kari\\Tilbod\r\n.pdf") == "Tilbod.pdf"
    assert attachments.clean_name("../../etc/passwd") == "passwd"


# Who may download: the need's visibility rules, on the file too.


def _url(attachment):
    return attachment.get_absolute_url()


def _get(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def members_need(make_need, poster):
    return make_need(poster, audience=Need.Audience.MEMBERS)


def test_a_public_need_s_file_is_downloaded_by_anyone(media, open_need, poster):
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    response = _get(None, _url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Kravspesifikasjon.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_a_members_only_need_s_file(media, members_need, poster, member, user, staff):
    attachment = attachments.attachment_add(need=members_need, by=poster, upload=pdf())
    url = _url(attachment)
    answers = {who: _get(u, url).status_code for who, u in [
        ("visitor", None), ("user", user), ("member", member), ("poster", poster), ("staff", staff)
    ]}  # fmt: skip
    assert answers == {"visitor": 404, "user": 404, "member": 200, "poster": 200, "staff": 200}


def test_a_pending_need_s_file_only_for_poster_and_staff(media, poster, member, staff):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    assert need.status == Need.Status.PENDING
    attachment = attachments.attachment_add(need=need, by=poster, upload=pdf())
    url = _url(attachment)
    answers = {who: _get(u, url).status_code for who, u in [
        ("visitor", None), ("member", member), ("poster", poster), ("staff", staff)
    ]}  # fmt: skip
    assert answers == {"visitor": 404, "member": 404, "poster": 200, "staff": 200}


def test_a_guessed_name_or_another_need_finds_nothing(media, open_need, make_need, poster):
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    other = make_need(poster, title="Anna behov")
    wrong_name = reverse("needs:attachment", args=[open_need.pk, attachment.pk, "x.pdf"])
    wrong_need = reverse("needs:attachment", args=[other.pk, attachment.pk, attachment.stored_name])
    assert _get(poster, wrong_name).status_code == 404
    assert _get(poster, wrong_need).status_code == 404


# The pages


def test_the_poster_attaches_on_the_edit_page_and_the_need_page_lists_it(
    media, client, open_need, poster
):
    client.force_login(poster)
    client.cookies["django_language"] = "en"
    add = reverse("needs:attachment_add", args=[open_need.pk])
    response = client.post(add, {"file": pdf()}, follow=True)
    assert "The file is attached." in response.content.decode()
    page = client.get(open_need.get_absolute_url()).content.decode()
    attachment = open_need.attachments.get()
    assert "Kravspesifikasjon.pdf" in page
    assert attachment.get_absolute_url() in page
    assert "PDF," in page  # with its size


def test_a_refused_file_says_why_on_the_page(media, client, open_need, poster):
    client.force_login(poster)
    client.cookies["django_language"] = "nn"
    add = reverse("needs:attachment_add", args=[open_need.pk])
    response = client.post(add, {"file": pdf("x.pdf", b"MZ\x90\x00")}, follow=True)
    assert (
        "Legg ved ei PDF-fil eller eit bilete i JPEG, PNG eller WebP." in response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_someone_else_cannot_attach_or_remove(media, client, open_need, poster, provider):
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    client.force_login(provider)
    client.post(reverse("needs:attachment_add", args=[open_need.pk]), {"file": pdf("b.pdf")})
    client.post(reverse("needs:attachment_remove", args=[open_need.pk, attachment.pk]))
    assert list(open_need.attachments.all()) == [attachment]


def test_attaching_is_rate_limited(media, client, open_need, poster, settings):
    client.force_login(poster)
    add = reverse("needs:attachment_add", args=[open_need.pk])
    answers = [client.post(add, {"file": pdf(f"{n}.pdf")}).status_code for n in range(31)]
    assert answers[-1] == 429


# Deletion: the file goes when the row goes, however it goes.


def test_removing_deletes_the_file_on_commit(
    media, client, open_need, poster, django_capture_on_commit_callbacks
):
    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    client.force_login(poster)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:attachment_remove", args=[open_need.pk, attachment.pk]))
    assert not Attachment.objects.exists()
    assert stored(media) == []


def test_deleting_the_need_deletes_its_files(
    media, open_need, poster, django_capture_on_commit_callbacks
):
    attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        open_need.delete()
    assert stored(media) == []


def test_deleting_the_account_deletes_the_files_of_open_and_settled_needs(
    media, make_need, poster, django_capture_on_commit_callbacks
):
    open_one = make_need(poster)
    settled = make_need(poster, title="Ferdig behov")
    attachments.attachment_add(need=open_one, by=poster, upload=pdf("a.pdf"))
    attachments.attachment_add(need=settled, by=poster, upload=pdf("b.pdf"))
    services.need_close(need=settled, by=poster)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=poster)
    assert stored(media) == []
    assert not Attachment.objects.exists()
    assert Need.objects.filter(pk=settled.pk, poster=None).exists()  # kept, anonymous


def test_prune_media_keeps_attachments_and_removes_orphans(media, open_need, poster):
    from klynge.core.management.commands.prune_media import orphans

    attachment = attachments.attachment_add(need=open_need, by=poster, upload=pdf())
    _public, private = media
    orphan = private / "needs" / "attachments" / "orphan.pdf"
    orphan.write_bytes(PDF)
    found = orphans(min_age_seconds=-60)
    assert orphan in found
    assert private / attachment.file.name not in found


def test_a_second_account_cannot_see_another_s_pending_file_via_the_poster_page(media, poster):
    other = make_user("other@example.org")
    need = services.need_create(poster=poster, publish=False, **SHOP_NEED)
    attachment = attachments.attachment_add(need=need, by=poster, upload=pdf())
    assert _get(other, _url(attachment)).status_code == 404


def test_the_poster_is_shown_where_to_attach_documents(open_need, poster, user):
    link = f'href="/behov/{open_need.pk}/endre/#attachments"'
    own = Client()
    own.force_login(poster)
    page = own.get(open_need.get_absolute_url(), headers={"accept-language": "nn"})
    assert link in page.content.decode() and "Legg ved dokument" in page.content.decode()
    other = Client()
    other.force_login(user)
    assert link not in other.get(open_need.get_absolute_url()).content.decode()
