"""The competence taxonomy and the search index over people and companies."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Labelled(models.Model):
    label_nb = models.CharField(_("name (bokmål)"), max_length=120)
    label_nn = models.CharField(_("name (nynorsk)"), max_length=120)
    label_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return getattr(self, f"label_{get_language() or 'nb'}", None) or self.label_nb


class Category(Labelled):
    slug = models.SlugField(unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("competence category")
        verbose_name_plural = _("competence categories")
        ordering = ["label_nb"]


class Competence(Labelled):
    slug = models.SlugField(unique=True, max_length=80, verbose_name=_("slug"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="competences", verbose_name=_("category")
    )
    synonyms = models.JSONField(
        _("synonyms"),
        default=dict,
        blank=True,
        help_text=_('Other words for it, by language: {"nb": [...], "nn": [...], "en": [...]}'),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related competences"))

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["label_nb"]

    def names(self) -> list[str]:
        """Every way of writing it: its labels and synonyms in all languages."""
        names = [self.label_nb, self.label_nn, self.label_en]
        for words in (self.synonyms or {}).values():
            names.extend(words)
        return [name for name in dict.fromkeys(names) if name]


class SearchDocument(models.Model):
    """What search sees of one person or company, for one audience.

    A person has two documents: what everyone may see, and what members may
    see; a field group the audience may not see is not in its text at all, so
    it can never make the person match. A company has one, for everyone.
    The terms are the analyzer's output, separated by spaces; the database's
    full-text index (FTS5 on SQLite, a GIN index on ``terms::tsvector`` on
    PostgreSQL) is kept in step by the database itself (triggers or the
    index, see the migrations).

    Only documents with ``indexed`` set are in the full-text index. When
    members may see no more of a person than everyone may (most people),
    the public document carries both audience tags, as a company's does,
    and the members document is stored but left out: the index and the work
    of keeping it are half the size.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("members")

    kind = models.CharField(max_length=8, choices=Kind.choices, verbose_name=_("kind"))
    object_id = models.BigIntegerField(verbose_name=_("object ID"))
    audience = models.CharField(max_length=8, choices=Audience.choices, verbose_name=_("audience"))
    terms = models.TextField(verbose_name=_("terms"))
    length = models.PositiveIntegerField(default=0, verbose_name=_("length"))
    concepts = models.JSONField(default=list, verbose_name=_("concepts"))
    indexed = models.BooleanField(default=True, verbose_name=_("in the search index"))
    # Which version of the analysis wrote the terms (index.ANALYSIS): documents of an
    # older one are rewritten after ``migrate`` (directory.documents.refresh_stale).
    analysis = models.PositiveSmallIntegerField(default=0, verbose_name=_("analysis version"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                "kind", "object_id", "audience", name="searchdocument_one_per_audience"
            )
        ]  # its index also serves lookups by kind and object_id

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.audience})"
