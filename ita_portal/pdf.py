"""The one helper that renders every PDF of the portal.

A PDF is the same template as its HTML page, rendered with ``render_to_string`` and handed
to WeasyPrint; static files (the vendored Sarabun fonts, the print stylesheet) are read
straight from the static-file finders, never over HTTP. The font configuration is built
once per process so a warm process does not re-scan fonts for each document.

Importing this module installs ``ita_portal.pdf_actualtext`` (once a process): WeasyPrint then
writes ``/ActualText`` spans (ISO 32000-1 §14.9.4) around the Thai clusters whose glyphs do not
map one-to-one to characters (ำ, a tone mark before ำ), so copying, searching and screen
readers get the text that is printed. It is pinned to one WeasyPrint version and stays out
(with a warning) on any other.
"""

from __future__ import annotations

import functools
import mimetypes
from urllib import request
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from weasyprint.text.fonts import FontConfiguration

from ita_portal import pdf_actualtext

pdf_actualtext.install()


class PDFRenderError(RuntimeError):
    """Raised when WeasyPrint cannot render a document; the message says which template."""


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


class PortalURLFetcher(URLFetcher):
    """Serve ``/static/…`` and ``/media/…`` to WeasyPrint from disk, never over the network.

    Static files come from the static-file finders (so the vendored fonts need no
    ``collectstatic``), media files from ``MEDIA_ROOT`` (paths that escape it are refused),
    ``data:`` URLs are decoded; any other URL raises ``ValueError``, so a document can never
    make the PDF renderer reach the network.
    """

    def __init__(self):
        # URLFetcher.__init__ builds an HTTPS handler with a fresh SSL context (about 25 ms,
        # a tenth of a render); this fetcher never opens a network URL, so only urllib's
        # data: handler is installed.
        request.OpenerDirector.__init__(self)
        self.add_handler(request.DataHandler())
        self._timeout = 10
        self._http_headers = {}
        self._allowed_protocols = {"file", "data"}
        self._fail_on_errors = False
        self._request = None

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._local_path(url.split("?")[0].removeprefix("file://"))
        if path is None:
            raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")
        mime_type, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime_type or "application/octet-stream"}
        )

    @staticmethod
    def _local_path(url_path: str) -> Path | None:
        if url_path.startswith(settings.STATIC_URL):
            name = url_path.removeprefix(settings.STATIC_URL)
            found = finders.find(name)
            if found is None and staticfiles_storage.exists(name):  # a hashed name (collectstatic)
                found = staticfiles_storage.path(name)
            return Path(found) if found else None
        if url_path.startswith(settings.MEDIA_URL):
            root = Path(settings.MEDIA_ROOT).resolve()
            path = (root / url_path.removeprefix(settings.MEDIA_URL)).resolve()
            return path if path.is_relative_to(root) and path.is_file() else None
        return None


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` (``pdf=True`` is added) and return PDF bytes.

    The template chooses page size, margins and page numbers through its ``@page`` CSS.
    Raises ``PDFRenderError`` when WeasyPrint fails.
    """
    html = render_to_string(template_name, {**context, "pdf": True})
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Turn an already rendered HTML string into PDF bytes with the portal's fonts and fetcher."""
    try:
        document = HTML(string=html, base_url="file://" + settings.STATIC_URL, url_fetcher=PortalURLFetcher())
        return document.write_pdf(font_config=_font_config())
    except Exception as exc:  # WeasyPrint raises many types; callers need one.
        raise PDFRenderError(f"PDF rendering failed: {exc}") from exc
