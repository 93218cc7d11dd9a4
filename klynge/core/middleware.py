import re

# Many Norwegian browsers say "no" (Norwegian) rather than "nb" (bokmål);
# Django knows no "no", and would fall through to English further down the list.
_NORWEGIAN = re.compile(r"(?<![A-Za-z])no(?=$|[-_;,\s])", re.IGNORECASE)


class NorwegianAcceptLanguageMiddleware:
    """Read "no" in Accept-Language as bokmål. Must come before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = _NORWEGIAN.sub("nb", header)
        return self.get_response(request)
