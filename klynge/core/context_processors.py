from django.conf import settings

from klynge.core.region import municipalities


def hub(request):
    """The hub's name, address and links, and the language menu, for the site chrome."""
    return {
        "hub": settings.KLYNGE_HUB,
        "municipalities": municipalities(),
        "site_languages": settings.LANGUAGES,
    }
