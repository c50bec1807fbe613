"""Public OIT disclosure pages (no login), mounted at /oit/.

* ``/oit/`` — organizations with a checklist, and their fiscal years;
* ``/oit/<organization code>/<fiscal year>/`` — the framework's items grouped by indicator and
  sub-indicator with their approved evidence and publication dates;
* ``/oit/<organization code>/<fiscal year>/<item code>/`` — one item: the permanent URL an
  office pastes into the assessing body's system (built from codes only, so it survives
  any edit of titles, evidence or ids);
* ``…/<item code>/files/<evidence id>/`` — an approved uploaded file.

Only evidence with ``approved_at`` appears. Pages are rendered without user-specific parts,
cached under the checklist's ``published_version`` and cost a constant number of queries:
2 on a cache hit, 3 (year page) on a miss, whatever the number of items or evidence.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
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


def _cached(key: str, build) -> HttpResponse:
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age=60"
    return response


@require_safe
def index(request):
    """Organizations that publish OIT checklists, with links to each fiscal year."""
    checklists = OITChecklist.objects.select_related("organization", "framework").order_by(
        "organization__name", "-framework__fiscal_year"
    )
    organizations: dict = {}
    for c in checklists:
        organizations.setdefault(c.organization.pk, (c.organization, []))[1].append(c)
    return render(request, "oit/index.html", {"organizations": list(organizations.values())})


@require_safe
def organization_year(request, code: str, fiscal_year: int):
    """All items of the year, grouped, with approved evidence (see the module docstring)."""
    checklist = _get_public_checklist(code, fiscal_year)

    def build():
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

    return _cached(f"oit:year:{checklist.pk}:{checklist.published_version}", build)


@require_safe
def item(request, code: str, fiscal_year: int, item_code: str):
    """One item's permanent page: its required content elements and approved evidence."""
    checklist = _get_public_checklist(code, fiscal_year)

    def build():
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

    key = f"oit:item:{checklist.pk}:{checklist.published_version}:{item_code}"
    html = cache.get(key)
    if html is None:
        html = build()
        if html is None:
            raise Http404("ไม่พบข้อมูลนี้ในกรอบการประเมินของปีงบประมาณที่ระบุ")
        cache.set(key, html, CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "public, max-age=60"
    return response


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
