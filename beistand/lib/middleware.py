"""Response headers that keep the platform private and out of caches."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Nothing on this platform needs the camera, microphone, location or payment;
# publickey-credentials are allowed for passkeys.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if _is_private(request, response):
            # Staff pages and pages for logged-in people must not stay in a
            # shared device's cache or the back/forward cache.
            response.headers["Cache-Control"] = "no-store"
        elif _is_page(request, response):
            # Public pages too: a shared device's cache shows which pages were visited,
            # and browsers keep no-store pages out of the back/forward cache (quick-exit.js).
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _is_page(request: HttpRequest, response: HttpResponse) -> bool:
    return not request.path.startswith("/static/") and response.get("Content-Type", "").startswith("text/html")


def _is_private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.path.startswith("/static/"):
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated) or "Set-Cookie" in response.headers
