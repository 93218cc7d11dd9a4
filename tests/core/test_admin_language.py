"""The admin speaks bokmål and nynorsk: every model and field has a translated name,
every admin page renders in both, and no heading or filter choice says the same twice."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from functools import cache
from html import unescape

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.text import capfirst

from klynge.accounts.models import User

LANGUAGES = ["nb", "nn"]
OUR_MODELS = [model for model in apps.get_models() if model.__module__.startswith("klynge.")]


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> msgstr of every translated entry in our catalogue and the vendor one."""
    entries = {}
    for folder in reversed(settings.LOCALE_PATHS):  # the first path wins, as in Django
        path = folder / language / "LC_MESSAGES" / "django.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.msgstr and "fuzzy" not in entry.flags:
                    entries[entry.msgid] = entry.msgstr
    return entries


def msgid(name) -> str | None:
    """The English source of a lazy translation; None for a plain string."""
    if not isinstance(name, Promise):
        return None
    with translation.override(None):  # gettext without a language gives the msgid back
        return str(name)


def own_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if not field.auto_created and hasattr(field, "verbose_name")
    ]


def named_things():
    """Every name the admin shows that is ours: models, fields, and the app headings our
    AppConfigs give (our apps, and allauth's and django-tasks-db's under our own names)."""
    for model in OUR_MODELS:
        meta = model._meta
        yield f"{meta.label} (model)", meta.verbose_name
        yield f"{meta.label} (plural)", meta.verbose_name_plural
        for field in own_fields(model):
            yield f"{meta.label}.{field.name}", field.verbose_name
    for config in apps.get_app_configs():
        if type(config).__module__.startswith("klynge."):
            yield f"app {config.label}", config.verbose_name


def translated_elsewhere(name, source: str, language: str) -> bool:
    """Django's own names (the user's password, groups ...) come from Django's catalogue."""
    with translation.override(language):
        return str(name) != source


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_model_field_and_app_name_is_translated(language):
    entries = catalogue(language)
    missing = []
    for where, name in named_things():
        source = msgid(name)
        if source is None:
            missing.append(f"{where}: {name!r} is not a lazy translation")
        elif source not in entries and not translated_elsewhere(name, source, language):
            missing.append(f"{where}: {source!r} has no {language} translation")
    assert not missing, "\n".join(missing)


def test_the_check_sees_a_field_without_a_translation():
    field = models.CharField("colour of the sky")
    field.set_attributes_from_name("sky")
    assert msgid(field.verbose_name) is None
    assert msgid(models.CharField(translation.gettext_lazy("nope")).verbose_name) == "nope"
    assert "nope" not in catalogue("nb")


# Every admin page, as a superuser, in both languages.


LATER = itertools.count(7)


def _value(field: models.Field, n: int):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"admin-{n}@example.org"
    if isinstance(field, models.SlugField):
        return f"slug-{n}"
    if isinstance(field, models.CharField | models.TextField):
        return f"Tekst {n}"[: field.max_length or 100]
    if isinstance(field, models.DateTimeField):  # later fields later: an end after its start
        return timezone.now() + timedelta(days=next(LATER))
    if isinstance(field, models.DateField):
        return date.today() + timedelta(days=next(LATER))
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    raise AssertionError(f"no value for {field}")


ALSO = {  # a check constraint asks for one of two
    "needs.Invitation": ["person"],
    "dialogue.MeetingInvitation": ["person"],
}


def one_of(model):
    """A row of the model: the first one there, or a new one with every required field set."""
    if (row := model.objects.first()) is not None:
        return row
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default():
            continue
        if field.null and field.name not in ALSO.get(model._meta.label, []):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            values[field.name] = one_of(field.related_model)
        elif not field.blank or isinstance(field, models.EmailField | models.JSONField):
            values[field.name] = _value(field, model.objects.count() + 1)
    return model.objects.create(**values)


@pytest.fixture
def superuser_client(client, db):
    boss = User.objects.create_superuser(email="boss@example.org", password="x-" * 12)
    client.force_login(boss)
    return client


def text(response) -> str:
    return unescape(response.content.decode())


def filter_choices(page: str) -> dict[str, list[str]]:
    """Each list filter's title and the texts of its links."""
    found = {}
    for title, body in re.findall(
        r'<details data-filter-title="([^"]*)"[^>]*>(.*?)</details>', page, re.S
    ):
        found[title] = [
            re.sub(r"\s+", " ", link).strip()
            for link in re.findall(r"<a [^>]*>(.*?)</a>", body, re.S)
        ]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_page_renders_in_norwegian(superuser_client, language):
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    checked = 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        row = one_of(model)
        with translation.override(language):
            plural = capfirst(str(meta.verbose_name_plural))
            singular = str(meta.verbose_name)
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        page = text(response)
        assert f'<html lang="{language}"' in page, url
        assert plural in page, (url, plural)
        for title, choices in filter_choices(page).items():
            assert len(choices) == len(set(choices)), (url, title, choices)

        change = superuser_client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
        )
        assert change.status_code == 200, meta.label
        assert singular in text(change), (meta.label, singular)

        if model_admin.has_add_permission(change.wsgi_request):
            add = superuser_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
            assert add.status_code == 200, meta.label
            page = text(add)
            assert singular in page, (meta.label, singular)
            form_fields = add.context["adminform"].form.fields
            for field in own_fields(model) if model in OUR_MODELS else []:
                if field.name in form_fields:
                    with translation.override(language):
                        label = capfirst(str(field.verbose_name))
                    assert escape(label) in add.content.decode(), (meta.label, label)
        checked += 1
    assert checked == len(admin.site._registry) > 20


@pytest.mark.parametrize(
    ("language", "headings", "alerts"),
    [
        (
            "nb",
            ["Brukere", "Innlogging", "Utgående e-post", "Bakgrunnsjobber"],
            "Varselinnstillinger",
        ),
        (
            "nn",
            ["Brukarar", "Innlogging", "Utgåande e-post", "Bakgrunnsjobbar"],
            "Varselinnstillingar",
        ),
    ],
)
def test_admin_index_has_each_heading_once(superuser_client, language, headings, alerts):
    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = text(superuser_client.get(reverse("admin:index")))
    found = [
        name.strip()
        for name in re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>(.*?)</a>', page, re.S)
    ]
    assert len(found) == len(set(found)) > 10, found
    assert set(headings) <= set(found), found
    assert "Tasks Database Backend" not in page and "Task Results" not in page
    assert "Alert settingss" not in page and alerts in page
