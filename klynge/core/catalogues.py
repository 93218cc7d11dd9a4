"""Our translation catalogues, kept without system gettext.

``sync_catalogues`` (the management command) and the translation tests both use
this module: it finds every translatable string in our templates and Python
code, and compares it with the .po files of each language in settings.LANGUAGES.
Django's own ``makemessages`` would need xgettext; this needs nothing but polib.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.template import Engine, Variable
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
SOURCE_LANGUAGE = "en"

GETTEXT_FUNCTIONS = {
    # name: (index of context arg or None, index of msgid, index of plural or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


@dataclass(frozen=True, order=True)
class Message:
    msgid: str
    context: str = ""
    plural: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def _literal(value) -> str | None:
    if value is None:
        return None
    var = value if isinstance(value, Variable) else getattr(value, "var", value)
    if isinstance(var, str):
        return var
    if isinstance(var, Variable):
        return var.literal if isinstance(var.literal, str) else None
    return None


def template_messages(path: Path) -> set[Message]:
    """Every string a Django template marks for translation."""
    engine = Engine.get_default()
    template = engine.from_string(path.read_text(encoding="utf-8"))
    found: set[Message] = set()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        msgid = _literal(node.filter_expression.var)
        if msgid is not None:
            context = _literal(node.message_context) or ""
            found.add(Message(msgid.replace("%", "%%"), context))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _vars = node.render_token_list(node.singular)
        plural = node.render_token_list(node.plural)[0] if node.plural else ""
        found.add(Message(singular, _literal(node.message_context) or "", plural))
    return found


def python_messages(path: Path) -> set[Message]:
    """Every literal string passed to a gettext function in a Python module."""
    found: set[Message] = set()
    for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        if name not in GETTEXT_FUNCTIONS:
            continue
        ctx_i, id_i, plural_i = GETTEXT_FUNCTIONS[name]

        def arg(i, call=call):
            if i is None or i >= len(call.args):
                return ""
            node = call.args[i]
            return (
                node.value
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                else None
            )

        msgid, context, plural = arg(id_i), arg(ctx_i), arg(plural_i)
        if msgid and context is not None and plural is not None:
            found.add(Message(msgid, context, plural))
    return found


def source_files() -> tuple[list[Path], list[Path]]:
    templates = sorted(
        p for p in PACKAGE_DIR.rglob("templates/**/*") if p.suffix in {".html", ".txt"}
    )
    modules = sorted(
        p
        for p in PACKAGE_DIR.rglob("*.py")
        if "migrations" not in p.parts and p.name != "settings.py"
    )
    return templates, modules


def all_messages() -> set[Message]:
    templates, modules = source_files()
    found: set[Message] = set()
    for path in templates:
        found |= template_messages(path)
    for path in modules:
        found |= python_messages(path)
    return found


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def load(language: str) -> polib.POFile:
    path = po_path(language)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "klynge",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    return po


def is_translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def missing_translations(language: str, messages: set[Message]) -> list[Message]:
    """The messages that have no finished translation in ``language``."""
    po = load(language)
    entries = {(e.msgctxt or "", e.msgid): e for e in po if not e.obsolete}
    return sorted(m for m in messages if m.key not in entries or not is_translated(entries[m.key]))


def sync(language: str, messages: set[Message]) -> polib.POFile:
    """Add new messages to a catalogue and drop those no source uses any more.

    In the source language (English) a new message is its own translation.
    """
    po = load(language)
    wanted = {m.key: m for m in messages}
    for entry in list(po):
        if (entry.msgctxt or "", entry.msgid) not in wanted:
            po.remove(entry)
    present = {(e.msgctxt or "", e.msgid) for e in po}
    for key, message in sorted(wanted.items()):
        if key in present:
            continue
        entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context or None)
        if message.plural:
            entry.msgid_plural = message.plural
            same = language == SOURCE_LANGUAGE
            entry.msgstr_plural = {
                0: message.msgid if same else "",
                1: message.plural if same else "",
            }
        else:
            entry.msgstr = message.msgid if language == SOURCE_LANGUAGE else ""
        if "%(" in message.msgid or "%s" in message.msgid:
            entry.flags.append("python-format")
        po.append(entry)
    po.sort(key=lambda e: ((e.msgctxt or ""), e.msgid))
    return po


def compile_to(po: polib.POFile, path: Path) -> None:
    """Write the .mo file Django reads, with only finished translations in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save_as_mofile(str(path))


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
