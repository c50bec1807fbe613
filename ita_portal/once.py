"""One-time form tokens: a create form sent twice (a double click, a resent page) creates one row.

A create form carries a hidden ``once_token`` input with a random value, written by the
``{% once_token %}`` tag (``ita_portal.templatetags.once``) each time the page is rendered.
A view decorated with ``@once`` claims the token of a POST before it runs:

- the first POST with a token runs the view. When the view answers with a redirect (the
  row was created and the browser is sent to it), that address is recorded as the token's
  result; any other answer (the form re-rendered with errors, an error) releases the token,
  so the corrected form can be sent again;
- a POST whose token was already used does not run the view: it is redirected to the first
  POST's result with the message "ส่งแบบฟอร์มนี้ไปแล้ว …". A repeat that arrives while the
  first POST is still running waits for it (up to ``WAIT_SECONDS``);
- a POST without a token (a script, a form without the tag) runs the view as before; the
  natural-key constraints of the models still hold.

Tokens are claimed with ``cache.add`` (atomic): one process with the default memory cache,
every worker and server with ``REDIS_URL``. A token is kept for ``KEEP_SECONDS`` and belongs
to the signed-in user who sends it.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import time

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

FIELD = "once_token"
KEEP_SECONDS = 24 * 60 * 60  # a page resent from the browser's history the next morning still counts
WAIT_SECONDS = 15.0  # a repeat waits this long for the first post to finish
POLL_SECONDS = 0.05
PENDING = "…"  # the cached value while the first post runs; then the address it redirected to
REPEATED = "ส่งแบบฟอร์มนี้ไปแล้ว ระบบบันทึกไว้เพียงครั้งเดียว"


def hidden_input():
    """``<input type="hidden" name="once_token" value="<random>">``: a fresh token."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(24))


def once(view):
    """Decorate a create view (innermost, under ``login_required`` and the method check):
    a POST carrying a token already used is answered with a redirect to what the first one
    created, and the view does not run again (a double submit creates one row)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        key = _key(request, token)
        first = _claim(key)
        if first is not None:
            messages.info(request, REPEATED)
            return redirect(first if first != PENDING else _back(request))
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(key)
            raise
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            cache.set(key, response["Location"], KEEP_SECONDS)
        else:
            cache.delete(key)
        return response

    return wrapper


def _key(request, token: str) -> str:
    digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:40]
    return f"once:{request.user.pk}:{digest}"


def _claim(key: str) -> str | None:
    """``None`` when this request now owns ``key``; else the first post's result (an address,
    or ``PENDING`` when it is still running after ``WAIT_SECONDS``)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(key, PENDING, KEEP_SECONDS):
            return None
        first = cache.get(key)
        if first is not None and (first != PENDING or time.monotonic() > deadline):
            return first
        time.sleep(POLL_SECONDS)


def _back(request) -> str:
    """The page the form was sent from (this site only), else the home page."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return "/"
