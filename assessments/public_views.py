"""Public OIT disclosure pages (no login), mounted at /oit/.

* ``/oit/`` — organizations with a checklist, and their fiscal years;
* ``/oit/<organization code>/<fiscal year>/`` — the framework's items grouped by indicator and
  sub-indicator with their approved evidence and publication dates;
* ``/oit/<organization code>/<fiscal year>/<item code>/`` — one item: the permanent URL an
  office pastes into the assessing body's system (built from codes only, so it survives
  any edit of titles, evidence or ids);
* ``…/<item code>/files/<evidence id>/`` — an approved uploaded file.

Only evidence with ``approved_at`` appears. Pages are rendered without user-specific parts
and cached under the checklist's ``published_version``, which is itself kept in the cache
(``OITChecklist.cached_public_version``; a publication drops it), so a cache hit makes no
query at all: two cache reads, then the stored bytes. A miss costs a constant number of
queries whatever the number of items or evidence (3 for the year page). Every page carries
an ``ETag`` (SHA-256 of its bytes) and a ``Last-Modified`` (when it was rendered), and a
conditional GET that matches gets ``304 Not Modified`` (RFC 9110 §13, through Django's
``get_conditional_response``). The index is cached for a minute and dropped when a
checklist is created.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from assessments.models import ChecklistEntry, Evidence, OITChecklist
from assessments.scoring import OITScores

CACHE_SECONDS = 600


def _approved_evidence() -> Prefetch:
    return Prefetch("evidence", queryset=Evidence.objects.filter(approved_at__isnull=False).order_by("approved_at", "pk"), to_attr="public_evidence")


def _get_public_checklist(code: str, fiscal_year: int) -> OITChecklist:
    """The checklist of organization ``code`` for fiscal year ``fiscal_year`` (BE); 404 when none."""
    checklist = (
        OITChecklist.objects.select_related("organization", "framework")
        .filter(organization__code=code, framework__fiscal_year=fiscal_year)
        .order_by("framework__assessing_body")
        .first()
    )
    if checklist is None:
        raise Http404("ไม่พบข้อมูลการเปิดเผยของหน่วยงานนี้ในปีงบประมาณที่ระบุ")
    return checklist


INDEX_KEY = OITChecklist.PUBLIC_INDEX_KEY
INDEX_SECONDS = 60


def _page(html: str) -> tuple[bytes, str, int]:
    """A public page as cached: (UTF-8 body, strong ETag = quoted SHA-256 of the body in
    hex, Last-Modified = when it was rendered, in whole seconds since the epoch)."""
    body = html.encode()
    return body, f'"{hashlib.sha256(body).hexdigest()}"', int(time.time())


def _respond(request, page: tuple[bytes, str, int]) -> HttpResponse:
    """``page`` (see ``_page``) as a response that browsers and proxies may keep for a
    minute, or ``304 Not Modified`` when the request's ``If-None-Match`` /
    ``If-Modified-Since`` still match it."""
    body, etag, modified = page
    response = HttpResponse(body)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=60"
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def _cached_page(request, code: str, fiscal_year: int, name: str, build) -> HttpResponse:
    """The public page ``name`` of (``code``, ``fiscal_year``) from the cache, read before
    any query: the published version comes from the cache too (no query on a hit). On a
    miss the checklist is read (404 when none), ``build(checklist)`` renders the HTML (or
    returns ``None``: 404), and both the page and the version pointer are cached."""
    version = OITChecklist.cached_public_version(code, fiscal_year)
    page = None if version is None else cache.get(f"oit:{name}:{code}:{fiscal_year}:{version}")
    if page is None:
        checklist = _get_public_checklist(code, fiscal_year)
        key = f"oit:{name}:{code}:{fiscal_year}:{checklist.published_version}"
        page = cache.get(key)
        if page is None:
            html = build(checklist)
            if html is None:
                raise Http404("ไม่พบข้อมูลนี้ในกรอบการประเมินของปีงบประมาณที่ระบุ")
            page = _page(html)
            cache.set(key, page, CACHE_SECONDS)
        checklist.remember_public_version()
    return _respond(request, page)


@require_safe
def index(request):
    """Organizations that publish OIT checklists, with links to each fiscal year (cached for
    ``INDEX_SECONDS``; ``OITChecklist.save`` drops it when a checklist is created)."""
    page = cache.get(INDEX_KEY)
    if page is None:
        checklists = OITChecklist.objects.select_related("organization", "framework").order_by(
            "organization__name", "-framework__fiscal_year"
        )
        organizations: dict = {}
        for c in checklists:
            organizations.setdefault(c.organization.pk, (c.organization, []))[1].append(c)
        page = _page(render_to_string("oit/index.html", {"organizations": list(organizations.values())}))
        cache.set(INDEX_KEY, page, INDEX_SECONDS)
    return _respond(request, page)


@require_safe
def organization_year(request, code: str, fiscal_year: int):
    """All items of the year, grouped, with approved evidence (see the module docstring)."""

    def build(checklist):
        entries = (
            ChecklistEntry.objects.filter(checklist=checklist)
            .select_related("item__sub_indicator__indicator")
            .prefetch_related(_approved_evidence())
            .order_by("item__order")
        )
        return render_to_string(
            "oit/organization_year.html",
            {"checklist": checklist, "org": checklist.organization, "oit": OITScores.group(entries), "ds": checklist.digit_system},
        )

    return _cached_page(request, code, fiscal_year, "year", build)


@require_safe
def item(request, code: str, fiscal_year: int, item_code: str):
    """One item's permanent page: its required content elements and approved evidence."""

    def build(checklist):
        entry = (
            ChecklistEntry.objects.filter(checklist=checklist, item__code=item_code)
            .select_related("item__sub_indicator__indicator")
            .prefetch_related(_approved_evidence())
            .first()
        )
        if entry is None:
            return None
        return render_to_string(
            "oit/item.html", {"checklist": checklist, "org": checklist.organization, "entry": entry, "ds": checklist.digit_system}
        )

    return _cached_page(request, code, fiscal_year, f"item:{item_code}", build)


@require_safe
def evidence_file(request, code: str, fiscal_year: int, item_code: str, evidence_id: int):
    """An approved uploaded file, served with the type sniffed at upload (never guessed from the name)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__checklist__organization", "entry__checklist__framework", "entry__item"),
        pk=evidence_id,
        approved_at__isnull=False,
        entry__checklist__organization__code=code,
        entry__checklist__framework__fiscal_year=fiscal_year,
        entry__item__code=item_code,
    )
    if not evidence.file:
        raise Http404("หลักฐานนี้ไม่มีไฟล์แนบ")
    # FileResponse writes Content-Disposition per RFC 6266 (filename*=utf-8''… for Thai names).
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type or "application/octet-stream",
        filename=evidence.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
