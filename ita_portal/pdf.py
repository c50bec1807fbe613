"""The one helper that renders every PDF of the portal.

A PDF is the same template as its HTML page, rendered with ``render_to_string`` and handed
to WeasyPrint; static files (the vendored TH Sarabun New fonts, the print stylesheet) are read
straight from the static-file finders, never over HTTP. The font configuration is built
once per process so a warm process does not re-scan fonts for each document.

Importing this module installs ``ita_portal.pdf_actualtext`` (once a process): WeasyPrint then
writes ``/ActualText`` spans (ISO 32000-1 §14.9.4) around the Thai clusters whose glyphs do not
map one-to-one to characters (ำ, a tone mark before ำ), so copying, searching and screen
readers get the text that is printed. It is pinned to one WeasyPrint version and stays out
(with a warning) on any other.

Media files: a PDF embeds only the uploaded files of the document being rendered (rule "a
document prints only its own files": the approver's signature, the emblem of its
organization's memo settings), never another file under ``MEDIA_ROOT`` (another office's
evidence or signature), whatever its HTML asks for. The allowed files come from the
document's own fields, not from the HTML: a caller renders inside ``with embedding(document):``;
``render_pdf`` and ``ita_portal.pdf_cache.pdf_for`` called outside such a block allow the files
of the workflow documents their context holds (``{"memo": memo, …}``). Any other media URL is
logged and refused.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import mimetypes
from pathlib import Path
from typing import Callable, Iterator
from urllib import request
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import models
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from weasyprint.text.fonts import FontConfiguration

from ita_portal import pdf_actualtext

pdf_actualtext.install()

logger = logging.getLogger(__name__)


class PDFRenderError(RuntimeError):
    """Raised when WeasyPrint cannot render a document; the message says which template."""


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


def document_files(document) -> frozenset[str]:
    """Storage names (relative to ``MEDIA_ROOT``, e.g. ``"signatures/2025/report3-signature.png"``)
    of the uploaded files ``document`` may print (rule "a document prints only its own files"):
    every non-empty file field of the document itself (the approver's ``signature``, …) and
    of the rows one-to-one with its organization (its settings rows: the memo emblem of
    ``MemoSettings``). One query per such one-to-one relation of ``Organization``."""
    names = _file_names(document)
    organization = getattr(document, "organization", None)
    if organization is not None:
        for relation in type(organization)._meta.get_fields():
            if relation.one_to_one and relation.auto_created:
                try:
                    names |= _file_names(getattr(organization, relation.get_accessor_name()))
                except relation.related_model.DoesNotExist:
                    pass
    return frozenset(names)


def _file_names(instance) -> set[str]:
    return {
        getattr(instance, field.attname).name
        for field in instance._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(instance, field.attname)
    }


# The files the PDF being rendered may embed: a callable computing them (called at the first
# media URL, so a document without images costs no query), or None outside any ``embedding``.
_ALLOWED_MEDIA: contextvars.ContextVar[Callable[[], frozenset[str]] | None] = contextvars.ContextVar(
    "pdf_allowed_media", default=None
)


@contextlib.contextmanager
def embedding(*documents) -> Iterator[None]:
    """Within the block, ``html_to_pdf`` fetches only the media files of ``documents``
    (workflow document instances; ``document_files`` of each, computed at the first media URL
    the HTML asks for) — rule "a document prints only its own files". Static files are not
    affected. Nested blocks replace the outer allow-list until they end."""
    token = _ALLOWED_MEDIA.set(functools.cache(lambda: frozenset().union(*map(document_files, documents))))
    try:
        yield
    finally:
        _ALLOWED_MEDIA.reset(token)


def embedding_context_documents(context: dict) -> contextlib.AbstractContextManager:
    """``embedding`` of the workflow documents among the values of a template ``context``
    (``{"report": report, …}``), unless an ``embedding`` block is active already (then it
    is kept). Used by ``render_pdf`` and ``pdf_cache.pdf_for`` for callers that render a
    kind's context without naming the document."""
    if _ALLOWED_MEDIA.get() is not None:
        return contextlib.nullcontext()
    from ita_portal.workflow import WorkflowDocument

    return embedding(*(value for value in context.values() if isinstance(value, WorkflowDocument)))


class PortalURLFetcher(URLFetcher):
    """Serve ``/static/…`` and ``/media/…`` to WeasyPrint from disk, never over the network.

    Static files come from the static-file finders (so the vendored fonts need no
    ``collectstatic``); media files from ``MEDIA_ROOT``, only those ``allowed_media`` names
    (storage names; the current ``embedding`` block's files by default, none outside one),
    and never a path that escapes the root; ``data:`` URLs are decoded; any other URL raises
    ``ValueError`` (WeasyPrint then leaves the image out), so a document can neither make the
    PDF renderer reach the network nor print a file that is not its own.
    """

    def __init__(self, allowed_media: Callable[[], frozenset[str]] | None = None):
        self._allowed_media = allowed_media or _ALLOWED_MEDIA.get() or frozenset
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
        path = self._local_path(unquote(url.split("?")[0].removeprefix("file://")))
        if path is None:
            raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")
        mime_type, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime_type or "application/octet-stream"}
        )

    def _local_path(self, url_path: str) -> Path | None:
        if url_path.startswith(settings.STATIC_URL):
            name = url_path.removeprefix(settings.STATIC_URL)
            found = finders.find(name)
            if found is None and staticfiles_storage.exists(name):  # a hashed name (collectstatic)
                found = staticfiles_storage.path(name)
            return Path(found) if found else None
        if url_path.startswith(settings.MEDIA_URL):
            root = Path(settings.MEDIA_ROOT).resolve()
            path = (root / url_path.removeprefix(settings.MEDIA_URL)).resolve()
            if not (path.is_relative_to(root) and path.is_file()):
                return None
            if path not in {(root / name).resolve() for name in self._allowed_media()}:
                logger.warning("PDF: refused media file %s: not a file of the document being rendered", url_path)
                return None
            return path
        return None


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` (``pdf=True`` is added) and return PDF bytes.

    The template chooses page size, margins and page numbers through its ``@page`` CSS.
    Media files: those of the active ``embedding`` block, else those of the workflow
    documents ``context`` holds (``embedding_context_documents``).
    Raises ``PDFRenderError`` when WeasyPrint fails.
    """
    html = render_to_string(template_name, {**context, "pdf": True})
    with embedding_context_documents(context):
        return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Turn an already rendered HTML string into PDF bytes with the portal's fonts and fetcher.

    Media files are fetched only when the active ``embedding`` block allows them (none
    outside one); the HTML itself never widens that list."""
    try:
        document = HTML(string=html, base_url="file://" + settings.STATIC_URL, url_fetcher=PortalURLFetcher())
        return document.write_pdf(font_config=_font_config())
    except Exception as exc:  # WeasyPrint raises many types; callers need one.
        raise PDFRenderError(f"PDF rendering failed: {exc}") from exc
