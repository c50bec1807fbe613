"""Request bodies the portal will not read (rule "request size limits", "timeouts that answer a
clear 400/413, never a 500").

``RequestBodyLimitMiddleware`` comes first in ``MIDDLEWARE``, before anything reads the body:

* **Too large, refused unread**: a request whose ``Content-Length`` is over
  ``REQUEST_MAX_BODY_BYTES`` (25 MiB: the largest upload, OIT evidence of 20 MB, plus its
  form) is answered ``413`` with a Thai page at once, without reading a byte of the body; a
  body that is not ``multipart/form-data`` (no files) may be at most
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` plus 64 KiB. Django alone reads a body up to its field limit
  before refusing it (a 40 MiB post to the sign-in page: 14 MB read, then 400).
* **Stalled, answered 400**: under gunicorn, the client's socket gets a read timeout of
  ``REQUEST_BODY_TIMEOUT`` seconds (default 10, below gunicorn's 30 s worker timeout) while
  the request is handled, and the form data is read in ``process_view`` before the CSRF check;
  a body shorter than its ``Content-Length`` (a client that stops sending) then ends in a Thai
  ``400`` page instead of holding the worker until gunicorn kills it (measured before: 31 s,
  then 500). The socket's previous timeout is restored after the response.

The same outer limits belong in the proxy in front (README "Production": nginx
``client_max_body_size 25m; client_body_timeout 30s;``); these hold without it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, UnreadablePostError
from django.template.loader import render_to_string

logger = logging.getLogger("ita_portal.request_limits")

REQUEST_MAX_BODY_BYTES = 25 * 1024 * 1024
FORM_MARGIN_BYTES = 64 * 1024
METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_limit(content_type: str) -> int:
    """The most bytes (int) a request body of ``content_type`` may declare: 25 MiB for
    ``multipart/form-data`` (files), else ``DATA_UPLOAD_MAX_MEMORY_SIZE`` + 64 KiB."""
    if content_type.split(";", 1)[0].strip().lower() == "multipart/form-data":
        return REQUEST_MAX_BODY_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + FORM_MARGIN_BYTES


def refusal(status: int, title: str, text: str) -> HttpResponse:
    """A Thai error page (templates/request_refused.html) with ``status`` (400 or 413),
    ``Connection: close`` and no caching. Rendered without the request context (no query)."""
    html = render_to_string("request_refused.html", {"status": status, "title": title, "text": text})
    response = HttpResponse(html, status=status)
    response["Connection"] = "close"
    response["Cache-Control"] = "no-store"
    return response


def too_large_response(limit: int) -> HttpResponse:
    """413 for a body declared larger than ``limit`` bytes."""
    return refusal(
        413, "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด",
        f"ระบบรับข้อมูลได้ครั้งละไม่เกิน {limit / 1024 / 1024:.0f} MB "
        "กรุณาลดขนาดไฟล์หรือแยกส่งทีละไฟล์ แล้วส่งอีกครั้ง",
    )


def unreadable_response() -> HttpResponse:
    """400 for a body that stopped arriving or was cut off."""
    return refusal(
        400, "ได้รับข้อมูลไม่ครบ",
        "การส่งข้อมูลขาดหายระหว่างทาง ข้อมูลนี้ยังไม่ได้บันทึก กรุณากดย้อนกลับ ตรวจสอบข้อความที่กรอกไว้ แล้วส่งอีกครั้ง",
    )


class RequestBodyLimitMiddleware:
    """Refuse an oversized body unread (413) and a stalled one within ``REQUEST_BODY_TIMEOUT``
    seconds (400); see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in METHODS_WITH_BODY:
            return self.get_response(request)
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(400, "คำขอไม่ถูกต้อง", "ความยาวของข้อมูลที่แจ้งมาไม่ถูกต้อง")
        if declared > limit:
            logger.warning("refused unread: %s %s declares %d bytes (limit %d)", request.method, request.path, declared, limit)
            return too_large_response(limit)
        sock = request.META.get("gunicorn.socket")
        if sock is None:
            return self.get_response(request)
        previous = sock.gettimeout()
        sock.settimeout(settings.REQUEST_BODY_TIMEOUT)
        try:
            return self.get_response(request)
        finally:
            try:
                sock.settimeout(previous)
            except OSError:  # the client has gone
                pass

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Read the form data now, before the CSRF check would read it and answer a body that
        never arrived with a misleading 403: a cut-off or stalled body gets the 400 page."""
        if request.method != "POST":
            return None
        try:
            request.POST  # noqa: B018 -- parsing is the point
        except UnreadablePostError as error:
            logger.warning("unreadable body: %s %s: %s", request.method, request.path, error)
            return unreadable_response()
        return None
