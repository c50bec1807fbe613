"""PDFs rendered once per content: the rendered HTML's SHA-256 keys a stored PDF.

A document's PDF is a pure function of the HTML its PDF template renders (and of the
renderer: WeasyPrint, ``ita_portal/pdf*.py``, the stylesheets and fonts under ``static/``).
So ``pdf_for`` renders the template (milliseconds), hashes the HTML and looks for
``pdf-cache/<renderer>/<sha[:2]>/<sha>.pdf`` in Django's default storage; only when it is not
there does WeasyPrint run (0.2–3 s) and the PDF is stored for the next request. Through the
storage API every server and worker shares the same files (a local folder, or S3 with
``FILE_STORAGE_BACKEND``: settings "Uploaded files"). An unchanged draft comes back at the
cost of one template render and one file read; any edit changes the HTML, hence the key,
and renders anew. Approved documents do not come here: they are served from their stored,
signed PDF (``document_views.pdf``).

``<renderer>`` is a fingerprint of everything besides the HTML that shapes the PDF (computed
once a process), so upgrading WeasyPrint or changing the renderer, a stylesheet or a font
starts a fresh folder instead of serving PDFs of the old renderer. Old folders and PDFs of
superseded drafts are never read again; deleting ``pdf-cache/`` at any time is safe.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.template.loader import render_to_string

from ita_portal import pdf as pdf_module

FOLDER = "pdf-cache"
# Raise when the cached files must be dropped for a reason the fingerprint cannot see.
FORMAT = 1


@functools.cache
def renderer_fingerprint() -> str:
    """16 hex digits of SHA-256 over the cache format, the WeasyPrint and pydyf versions, the
    source of ``ita_portal/pdf.py`` and its extensions (``ita_portal/pdf_*.py``, e.g. the
    text layer) and every stylesheet and font under ``STATICFILES_DIRS``
    (name and bytes). Computed once a process (a deploy restarts the processes)."""
    import pydyf
    import weasyprint

    digest = hashlib.sha256(f"{FORMAT}|{weasyprint.__version__}|{pydyf.__version__}|".encode())
    for source in sorted(Path(pdf_module.__file__).parent.glob("pdf*.py")):  # pdf.py and its extensions
        if source.name != "pdf_cache.py":
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for folder in map(Path, settings.STATICFILES_DIRS):
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in {".css", ".ttf", ".otf", ".woff", ".woff2"}:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def storage_name(html_sha256: str) -> str:
    """The storage name of the PDF of HTML whose SHA-256 (64 hex digits) is ``html_sha256``."""
    return f"{FOLDER}/{renderer_fingerprint()}/{html_sha256[:2]}/{html_sha256}.pdf"


def html_for(template_name: str, context: dict) -> tuple[str, str]:
    """``(HTML, SHA-256 of the HTML in hex)`` of ``template_name`` rendered for a PDF
    (``context`` with ``pdf=True``, as ``ita_portal.pdf.render_pdf`` does)."""
    html = render_to_string(template_name, {**context, "pdf": True})
    return html, hashlib.sha256(html.encode()).hexdigest()


def stored_pdf(html_sha256: str, storage=None) -> bytes | None:
    """The PDF stored for HTML whose SHA-256 is ``html_sha256``, or ``None``."""
    storage = storage or default_storage
    name = storage_name(html_sha256)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as f:
        return f.read()


def pdf_for(template_name: str, context: dict, storage=None) -> tuple[bytes, str]:
    """``(PDF bytes, SHA-256 of the HTML in hex)`` of ``template_name`` rendered with
    ``context`` (``pdf=True`` added, as ``ita_portal.pdf.render_pdf`` does): the stored PDF
    when the same HTML was rendered before, otherwise rendered now by
    ``ita_portal.pdf.html_to_pdf`` and stored. Media files: those of the caller's
    ``ita_portal.pdf.embedding`` block, else those of the workflow documents ``context``
    holds. Raises ``PDFRenderError`` when rendering fails (nothing is stored then)."""
    html, sha = html_for(template_name, context)
    data = stored_pdf(sha, storage)
    if data is None:
        data = render_and_store(html, sha, context, storage)
    return data, sha


def render_and_store(html: str, html_sha256: str, context: dict, storage=None) -> bytes:
    """Render ``html`` (made from ``context`` by ``html_for``) with WeasyPrint, store the
    PDF under ``html_sha256`` and return its bytes. Raises ``PDFRenderError``."""
    storage = storage or default_storage
    name = storage_name(html_sha256)
    with pdf_module.embedding_context_documents(context):
        data = pdf_module.html_to_pdf(html)
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # another request stored the same content meanwhile: keep one copy
        storage.delete(saved)
    return data


# --- long drafts: rendered by the task worker, never inside a request ----------------------
# Rule "long renders run in the background": a draft whose PDF HTML is longer than this many
# characters (about 35 A4 pages; the seed documents' PDFs have 6,600–27,000 characters for
# 3–11 pages, 0.2–2 s of WeasyPrint) is rendered by the task worker (``manage.py db_worker``)
# while the person's browser shows a page that reloads itself until the PDF is stored.
INLINE_HTML_CHARS = 100_000
QUEUED_SECONDS = 10 * 60  # one render queued per content for this long (a stuck worker retries then)


def render_later(slug: str, pk: int, html_sha256: str) -> bool:
    """Queue ``render_draft_pdf`` for document ``pk`` of kind ``slug`` unless one was queued
    for the same content (``html_sha256``) in the last ``QUEUED_SECONDS``; return whether it
    was queued now. Several browsers waiting for one long PDF queue one render."""
    from django.core.cache import cache

    if not cache.add(f"{FOLDER}:queued:{html_sha256}", True, QUEUED_SECONDS):
        return False
    render_draft_pdf.enqueue(slug=slug, pk=pk)
    return True


@task()
def render_draft_pdf(*, slug: str, pk: int) -> str:
    """The worker's render of a long draft: store the PDF of document ``pk`` of kind ``slug``
    as it is now (its HTML's SHA-256 keys it, as for a request) and return that SHA-256;
    ``""`` when the document was approved meanwhile (its signed PDF is served instead)."""
    from ita_portal import kinds

    kind = kinds.get(slug)
    document = kind.fetch(pk)
    if document.is_approved:
        return ""
    with pdf_module.embedding(document):
        _data, sha = pdf_for(kind.pdf_template, kind.document_context(document))
    return sha


# --- pruning: PDFs of superseded drafts and of older renderers -----------------------------
# Rule "the cache is bounded": a stored PDF is only ever looked up by the HTML of a draft as
# it is now, so the PDFs of every earlier state of a draft (each edit makes a new key) and
# every folder of an older renderer are never read again. ``prune`` deletes the older
# renderers' folders whole and, in the current renderer's folder, the PDFs last written more
# than ``PRUNE_DAYS`` days ago; a draft still unchanged after that long is rendered once
# more on its next request. Run by ``manage.py prune_pdf_cache`` (daily, from cron).
PRUNE_DAYS = 30


def prune(days: int = PRUNE_DAYS, storage=None, now=None) -> tuple[int, int]:
    """Delete the stored PDFs that no draft will ask for again (see the rule above): every
    file under ``pdf-cache/<older renderer>/`` and the files of the current renderer's folder
    written more than ``days`` days before ``now`` (an aware datetime, default now).
    Returns ``(files deleted, bytes freed)``. Storage errors propagate."""
    import datetime

    from django.utils import timezone

    storage = storage or default_storage
    if not storage.exists(FOLDER):
        return 0, 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    current = renderer_fingerprint()
    deleted = freed = 0

    def files(folder):
        subfolders, names = storage.listdir(folder)
        for name in names:
            yield f"{folder}/{name}"
        for sub in subfolders:
            yield from files(f"{folder}/{sub}")

    renderers, _ = storage.listdir(FOLDER)
    for renderer in renderers:
        for name in list(files(f"{FOLDER}/{renderer}")):
            if renderer == current and storage.get_modified_time(name) >= cutoff:
                continue
            freed += storage.size(name)
            storage.delete(name)
            deleted += 1
    return deleted, freed
