"""Template context of every page (``TEMPLATES[...]["OPTIONS"]["context_processors"]``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from ita_portal import work


def navigation(request) -> dict:
    """``nav_menu``: the menu by section (``work.menu``, no query) and ``nav_waiting``: how many
    lines the signed-in user's landing page lists (``work.waiting_count`` of today: one query
    for the documents plus the work sources' own, made only when a page prints it)."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_menu": SimpleLazyObject(lambda: work.menu(user)),
        "nav_waiting": SimpleLazyObject(lambda: work.waiting_count(user, timezone.localdate())) if user.is_authenticated else 0,
    }
