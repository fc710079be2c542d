"""Template context every page needs: the language switcher and emergency numbers."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, ResolverMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

# BCP 47 tags for <html lang> where the Django code is not one: Leichte Sprache
# is German marked with a private-use subtag, so screen readers still speak German.
HTML_LANG = {"de-ls": "de-x-ls"}


def shell(request: HttpRequest) -> dict:
    current = get_language()
    return {
        "language_links": [_language_link(request, code, current) for code, _ in settings.LANGUAGES],
        "current_language_info": get_language_info(current),
        "html_lang": HTML_LANG.get(current, current),
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }


def _language_link(request: HttpRequest, code: str, current: str) -> dict:
    info = get_language_info(code)
    return {
        "code": code,
        "name_local": info["name_local"],
        "bidi": info["bidi"],
        "url": _in_language(request, code),
        "is_current": code == current,
    }


def _in_language(request: HttpRequest, code: str) -> str:
    """This page's address in another language: Django's translate_url, from the match the request already has.

    translate_url resolves the path again for every language; the switcher asks for
    thirteen, on every page.
    """
    full_path = request.get_full_path()
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:  # error pages: no match to reuse
        return translate_url(full_path, code)
    with override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return full_path
    parsed = urlsplit(full_path)
    return urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment))
