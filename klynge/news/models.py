"""News posts: written by staff and by members staff make authors.

A post is a draft until it has ``published_at``; a time in the future makes it
scheduled, and it appears by itself when that time comes (no job needed). A
post is written in one language; a version in another language points to the
first with ``translation_of``, and readers see the version in their language
where there is one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = [("nb", _("Bokmål")), ("nn", _("Nynorsk")), ("en", _("English"))]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_at__lte=now or timezone.now())

    def for_language(self, language: str | None = None):
        """One version of each story: the reader's language where it exists, else the first."""
        language = (language or get_language() or "nb")[:2]
        own_version = Post.objects.published().filter(
            translation_of=OuterRef("pk"), language=language
        )
        return self.filter(
            Q(translation_of__isnull=True, language=language)
            | Q(translation_of__isnull=True) & ~Exists(own_version)
            | Q(translation_of__isnull=False, language=language)
        )

    def newest(self):
        return self.order_by("-published_at", "-id")


class Post(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=220, unique=True)
    lead = models.CharField(_("lead"), max_length=400, help_text=_("One or two sentences."))
    body = models.TextField(_("text"), help_text=_("Simple formatting (Markdown) is allowed."))
    image = models.ImageField(_("image"), upload_to="news/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="nb")
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("version of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="versions",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Empty: a draft. A time in the future: published by itself then."),
    )
    # What the post is about: an event, a need or a company (news/about.py), by
    # content type so that news imports none of the apps on its own floor.
    about_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (kind)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    about_id = models.PositiveBigIntegerField(_("about (number)"), null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    about.verbose_name = _("what it is about")  # GenericForeignKey takes no verbose_name
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="one_version_per_language"
            ),
        ]
        indexes = [
            models.Index(fields=["published_at"], name="news_post_published"),
            models.Index(fields=["about_type", "about_id"], name="news_post_about"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.published_at is not None and self.published_at > timezone.now()
