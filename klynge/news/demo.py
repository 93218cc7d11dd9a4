"""Demo news for `manage.py load_demo`: three posts, one with an English version.

Safe to run again: posts are found by their web address.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.news import services
from klynge.news.models import Post

POSTS = [
    # slug, days ago, language, title, lead, body, tags, version of
    (
        "opent-hus-pa-huben",
        2,
        "nn",
        "Ope hus på huben kvar onsdag",
        "No kan du ta med laptopen og jobbe frå huben i Gol kvar onsdag, gratis.",
        "Kaffien er på frå klokka 08. **Alle** er velkomne, medlem eller ikkje.",
        ["huben"],
        None,
    ),
    (
        "open-house-at-the-hub",
        2,
        "en",
        "Open house at the hub every Wednesday",
        "Bring your laptop and work from the hub in Gol every Wednesday, free of charge.",
        "The coffee is on from 8 am. **Everyone** is welcome, member or not.",
        ["huben"],
        "opent-hus-pa-huben",
    ),
    (
        "ti-nye-bedrifter-i-katalogen",
        9,
        "nb",
        "Ti nye bedrifter i katalogen",
        "Katalogen vokser: ti nye IT-bedrifter fra Hallingdal har laget profil denne måneden.",
        "Se hvem de er under **Katalog**, og ta kontakt om du trenger hjelp.",
        ["katalogen"],
        None,
    ),
    (
        "sikkerheit-for-sma-bedrifter",
        20,
        "nn",
        "Tryggleik for små bedrifter: fem råd",
        "Frå frukostmøtet: fem enkle ting som gjer små bedrifter tryggare på nett.",
        "1. Slå på tofaktor.\n2. Ta kopi.\n3. Oppdater.\n4. Bruk passordkvelv.\n5. Øv.",
        ["tryggleik", "frukostmøte"],
        None,
    ),
]


def load(stdout) -> None:
    author = User.objects.filter(is_staff=True).order_by("id").first()
    if author is None:
        stdout.write("News: no demo staff, so no demo news.")
        return
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for slug, days, language, title, lead, body, tags, version_of in POSTS:
            if Post.objects.filter(slug=slug).exists():
                continue
            first = Post.objects.get(slug=version_of) if version_of else None
            post = services.post_create(
                by=author,
                tags=tags,
                translation_of=first,
                title=title,
                lead=lead,
                body=body,
                language=language,
                published_at=now - timedelta(days=days),
            )
            Post.objects.filter(pk=post.pk).update(slug=slug)
            created += 1
    stdout.write(f"News: {created} demo posts created.")
