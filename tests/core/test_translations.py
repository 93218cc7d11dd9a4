"""Every string the UI shows has a translation in bokmål, nynorsk and English."""

import re
import tempfile
from pathlib import Path

import polib
import pytest
from allauth import __file__ as allauth_file
from django.conf import settings

from klynge.core import catalogues

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(scope="module")
def messages():
    return catalogues.all_messages()


def test_the_sources_mark_strings_for_translation(messages):
    ids = {m.msgid for m in messages}
    assert "Skip to main content" in ids  # a {% translate %} in base.html
    assert "Digital competence in %(region)s, easy to find" in ids  # a {% blocktranslate %}
    assert "Outside the region" in ids  # a gettext_lazy() in Python


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language, messages):
    missing = catalogues.missing_translations(language, messages)
    assert missing == [], (
        f"{len(missing)} strings lack a {language} translation; run make catalogues"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    for entry in catalogues.load(language).translated_entries():
        if entry.msgid_plural:
            # The singular may say "one" in words instead of using the count.
            singular = set(placeholders(entry.msgstr_plural[0]))
            assert singular <= set(placeholders(entry.msgid)), entry.msgid
            plural = sorted(placeholders(entry.msgstr_plural[1]))
            assert plural == sorted(placeholders(entry.msgid_plural)), entry.msgid_plural
        else:
            assert sorted(placeholders(entry.msgstr)) == sorted(placeholders(entry.msgid)), (
                entry.msgid
            )


def placeholders(text: str) -> list[str]:
    return re.findall(r"%\(\w+\)s|%s|%d", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    po_path = catalogues.po_path(language)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "django.mo"
        catalogues.compile_to(polib.pofile(str(po_path)), fresh)
        assert fresh.read_bytes() == po_path.with_suffix(".mo").read_bytes(), (
            f"{language}: django.mo is stale; run make catalogues"
        )


def test_the_check_catches_a_missing_translation(tmp_path, monkeypatch):
    po = catalogues.load("nb")
    po.append(polib.POEntry(msgid="A string nobody translated", msgstr=""))
    path = tmp_path / "nb" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    missing = catalogues.missing_translations(
        "nb", {catalogues.Message("A string nobody translated")}
    )
    assert [m.msgid for m in missing] == ["A string nobody translated"]


ALLAUTH_SOURCES = (
    "account/",
    "socialaccount/",
    "templates/account/",
    "templates/allauth/",
    "templates/socialaccount/",
)


def test_allauth_strings_we_show_have_nynorsk(messages):
    """allauth ships bokmål but no nynorsk; locale_vendor/nn fills the gap."""
    allauth_nb = polib.pofile(str(Path(allauth_file).parent / "locale/nb/LC_MESSAGES/django.po"))
    ours = polib.pofile(
        str(Path(settings.BASE_DIR) / "klynge/locale_vendor/nn/LC_MESSAGES/django.po")
    )
    translated = {(e.msgctxt or "", e.msgid) for e in ours.translated_entries()}
    shown = [
        e
        for e in allauth_nb
        if not e.obsolete
        and any(
            path.startswith(ALLAUTH_SOURCES) and "providers/" not in path
            for path, _line in e.occurrences
        )
    ]
    assert len(shown) > 200
    missing = [e.msgid for e in shown if (e.msgctxt or "", e.msgid) not in translated]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "word", "wrong"), [("nb", "ennå", "enda"), ("nn", "enno", "enda")]
)
def test_the_sign_in_page_says_yet_correctly(client, language, word, wrong):
    """allauth's own bokmål says "enda" for "yet"; locale_vendor/nb corrects it."""
    page = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "registrere deg" in page
    assert word in page
    assert f" {wrong}," not in page and f" {wrong} " not in page
