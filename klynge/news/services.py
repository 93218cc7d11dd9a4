"""Every write the news app does."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.core.errors import Invalid, NotAllowed
from klynge.core.uploads import delete_replaced
from klynge.lib.text import is_one_line
from klynge.news import about as about_targets
from klynge.news import rules
from klynge.news.models import Post, Tag

FIELDS = ["title", "lead", "body", "image", "image_alt", "language", "published_at"]
UNCHANGED = object()


def _set_about(post: Post, about) -> None:
    """Link the post to the event, need or company it is about (or to nothing)."""
    if about is not None and about._meta.label_lower not in about_targets.PLACES:
        raise ValueError(f"a post cannot be about a {about._meta.label_lower}")
    post.about = about


def _slug_for(title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:200] or "nytt"
    slug, n = base, 2
    while Post.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(*, fields: dict, translation_of: Post | None, post: Post | None = None) -> None:
    if not is_one_line(fields.get("title", "")):
        raise Invalid(_("Write the title on one line."))
    if fields.get("image") and not fields.get("image_alt"):
        raise Invalid(_("Describe the image for those who cannot see it."))
    if translation_of is not None:
        if translation_of.translation_of_id is not None:
            raise Invalid(_("Choose the first version of the post, not another version."))
        if translation_of.language == fields.get("language"):
            raise Invalid(_("A version must be in another language than the first post."))
        taken = translation_of.versions.filter(language=fields.get("language"))
        if post is not None:
            taken = taken.exclude(pk=post.pk)
        if taken.exists():
            raise Invalid(_("The post already has a version in that language."))


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:50]})
        tags.append(tag)
    return tags


@transaction.atomic
def post_create(
    *, by, tags: list[str] = (), translation_of: Post | None = None, about=None, **fields
) -> Post:
    if not rules.can_write(by):
        raise NotAllowed(_("Only the hub's staff and news authors can write news."))
    _check(fields=fields, translation_of=translation_of)
    post = Post(author=by, translation_of=translation_of, slug=_slug_for(fields["title"]))
    _set_about(post, about)
    for name in FIELDS:
        if name in fields and not (name == "image" and fields[name] is None):
            setattr(post, name, fields[name])
    post.save()
    post.tags.set(_tags(list(tags)))
    return post


@transaction.atomic
def post_update(
    *, post: Post, by, tags: list[str] | None = None, about=UNCHANGED, **fields
) -> Post:
    if not rules.can_edit(by, post):
        raise NotAllowed(_("You cannot change this post."))
    merged = {name: getattr(post, name) for name in FIELDS} | fields
    _check(fields=merged, translation_of=post.translation_of, post=post)
    old_image = post.image.name
    for name, value in fields.items():
        if name in FIELDS and not (name == "image" and value is None):
            setattr(post, name, value)
    if about is not UNCHANGED:
        _set_about(post, about)
    post.save()
    delete_replaced(post.image, old_image)
    if tags is not None:
        post.tags.set(_tags(tags))
    return post
