"""Template context every page needs: the language switcher and emergency numbers."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

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
        "url": translate_url(request.get_full_path(), code),
        "is_current": code == current,
    }
