"""The server-error handler: a database that cannot be reached gives a Thai 503 page.

``server_error`` is the project's ``handler500``. Django calls it for every uncaught
exception, whether raised by a view or by a middleware (loading the session, the signed-in
user, the axes lockout check), while the exception is still being handled, so
``sys.exc_info()`` names it. ``django.db.OperationalError`` and ``InterfaceError`` (the
database stopped, restarting, refusing connections, or a connection that died) give
``503 Service Unavailable`` with ``Retry-After``; anything else gives Django's standard
500 page (templates/500.html). Both pages are rendered without the request context, so
showing them never touches the database. A transaction the view had open is rolled back by
Django as usual, so nothing is half-written. With ``DEBUG`` on, Django shows its traceback
page instead, as for any other error.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("ita_portal.database")

RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """The Thai 503 page (templates/503.html) with ``Retry-After: 30`` (seconds), not cached."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request) -> HttpResponse:
    """``handler500``: 503 when the exception being handled is a database connection error,
    else Django's 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        logger.error("database unavailable on %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response()
    return defaults.server_error(request)
