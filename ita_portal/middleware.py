"""A database that cannot be reached gives a Thai 503 page, not a traceback.

``DatabaseUnavailableMiddleware`` turns ``django.db.OperationalError`` and
``InterfaceError`` raised by a view (the database stopped, restarting, or refusing
connections) into ``503 Service Unavailable`` with ``Retry-After``. The page is rendered
without the request context, so showing it never touches the database. A transaction the
view had open is rolled back by Django as usual, so nothing is half-written.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("ita_portal.database")

RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable on %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response()
        return None
