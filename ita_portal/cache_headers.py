"""Cache headers: nothing that is not public may be kept by a shared cache.

A response is *private* when the request carries a session cookie (a signed-in person's page
may show drafts, their name, their CSRF token), when it sets a cookie, or when its path is one
of the staff, admin or account areas (``PRIVATE_PREFIXES``). A private response gets
``Cache-Control: private, no-store`` — whatever the view set, so a public page seen while
signed in is private too. Every other response (the public pages of anonymous visitors, e.g.
the OIT pages' ``public, max-age=60``) keeps its own headers. Rule: "private, no-store for
anything not public". The session is judged by its cookie, so no database query is made.
"""

from __future__ import annotations

from django.conf import settings

PRIVATE = "private, no-store"
PRIVATE_PREFIXES = ("/staff/", "/admin/", "/accounts/")


class PrivateResponsesMiddleware:
    """Sets ``Cache-Control: private, no-store`` on private responses (module docstring).

    Placed after WhiteNoise (static files keep their year-long caching) and before the
    session middleware, so it sees the cookies the session middleware sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_private(request, response):
            response["Cache-Control"] = PRIVATE
            if "Expires" in response:
                del response["Expires"]
        return response


def _is_private(request, response) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or bool(response.cookies)
        or request.path.startswith(PRIVATE_PREFIXES)
    )
