"""News: the list, a post, and writing and changing posts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import ratelimit
from klynge.directory.models import Person
from klynge.news import about, rules, services
from klynge.news.forms import PostForm
from klynge.news.models import Post, Tag
from klynge.news.seo import structured_data

PAGE_SIZE = 10
WRITE_RATE = "30/h"


@require_safe
@anonymous_cache
def news_list(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.published().for_language().newest().prefetch_related("tags")
    tag = None
    if request.GET.get("tag"):
        tag = Tag.objects.filter(slug=request.GET["tag"]).first()
        posts = posts.filter(tags=tag) if tag else posts.none()
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("side"))
    drafts = []
    can_write = rules.can_write(request.user)
    if can_write:
        mine = Post.objects.exclude(published_at__lte=timezone.now())
        if not request.user.is_staff:
            mine = mine.filter(author=request.user)
        drafts = mine.order_by("-updated_at")[:20]
    context = {
        "page": page,
        "tag": tag,
        "tags": Tag.objects.filter(posts__published_at__lte=timezone.now()).distinct(),
        "can_write": can_write,
        "drafts": drafts,
    }
    return render(request, "news/list.html", context)


@require_safe
@anonymous_cache
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("author", "translation_of"), slug=slug)
    if not rules.can_see(request.user, post):
        raise Http404
    author_profile = (
        Person.objects.listed().filter(user_id=post.author_id).first() if post.author_id else None
    )
    first = post.translation_of_id or post.pk
    versions = list(Post.objects.published().filter(translation_of_id=first).exclude(pk=post.pk))
    if post.translation_of_id and post.translation_of.is_published:
        versions.append(post.translation_of)
    target = post.about if post.about_type_id else None
    context = {
        "post": post,
        "about": target if about.may_see(request.user, target) else None,
        "author_profile": author_profile,
        "versions": versions,
        "can_edit": rules.can_edit(request.user, post),
        "jsonld": structured_data(post, request),
    }
    return render(request, "news/detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("news.write", WRITE_RATE)
def post_write(request: HttpRequest) -> HttpResponse:
    if not rules.can_write(request.user):
        raise PermissionDenied
    form = PostForm(request.POST or None, request.FILES or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                by=request.user,
                tags=form.tags(),
                translation_of=form.cleaned_data["translation_of"],
                about=form.about(),
                **form.model_fields(),
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            return redirect(post)
    return render(request, "news/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("news.write", WRITE_RATE)
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post, slug=slug)
    if not rules.can_edit(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, request.FILES or None, instance=post, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.model_fields()
        try:
            services.post_update(
                post=post, by=request.user, tags=form.tags(), about=form.about(), **fields
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            return redirect(post)
    return render(request, "news/form.html", {"form": form, "post": post})
