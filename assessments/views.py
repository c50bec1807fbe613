"""Staff pages: ITA results (seed 002 document), OIT checklists (seed 004 document), the
checklist workspace with evidence and approval, and the readiness dashboard.

Every object is fetched through a ``_get_*_for_user`` helper that calls
``ita_portal.access.check``: outsiders get 404, members without the right get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.forms import EntryForm, EvidenceForm
from assessments.models import ChecklistEntry, Evidence, ITAResult, Limitation, OITChecklist
from assessments.readiness import Readiness
from ita_portal import access
from ita_portal.pdf import render_pdf

FRAMEWORK_PREFETCH = (
    "framework__tools",
    "framework__indicators__sub_indicators",
    "framework__rating_bands",
)


def _get_result_for_user(user, result_id: int, action: str = access.READ) -> ITAResult:
    """The result with everything its document shows (fixed query count); 404/403 by ``check``."""
    queryset = ITAResult.objects.select_related("organization", "framework").prefetch_related(
        *FRAMEWORK_PREFETCH,
        "indicator_scores",
        "sub_indicator_scores",
        "limitations",
        Prefetch("focuses__measures"),
        "focuses__activities",
        "focuses__indicator",
        "focuses__sub_indicator",
    )
    result = get_object_or_404(queryset, pk=result_id)
    access.check(user, result.organization, action)
    return result


def _get_checklist_for_user(user, checklist_id: int, action: str = access.READ) -> OITChecklist:
    checklist = get_object_or_404(OITChecklist.objects.select_related("organization", "framework"), pk=checklist_id)
    access.check(user, checklist.organization, action)
    return checklist


def _get_entry_for_user(user, checklist_id: int, entry_id: int, action: str = access.READ) -> ChecklistEntry:
    entry = get_object_or_404(
        ChecklistEntry.objects.select_related(
            "checklist__organization", "checklist__framework", "item__sub_indicator__indicator", "approved_by"
        ),
        pk=entry_id,
        checklist_id=checklist_id,
    )
    access.check(user, entry.checklist.organization, action)
    return entry


def result_context(result: ITAResult) -> dict:
    """Template context of the seed-002 document (shared by the page and the PDF)."""
    card = result.scorecard()
    focuses = list(result.focuses.all())
    for focus in focuses:
        focus.score = card.score_of(focus.indicator_id, focus.sub_indicator_id)
    order = Limitation.AREA_ORDER
    return {
        "result": result,
        "org": result.organization,
        "card": card,
        "proposal": card.proposed_focuses(),
        "urgent": [f for f in focuses if f.kind == "urgent"],
        "develop": [f for f in focuses if f.kind == "develop"],
        "limitations": sorted(result.limitations.all(), key=lambda lim: order[lim.area]),
        "ds": result.digit_system,
        "next_fiscal_year": result.framework.fiscal_year + 1,
    }


@require_safe
@login_required
def index(request):
    """The ITA results and OIT checklists of the user's organizations."""
    organizations = access.organizations_for(request.user)
    results = ITAResult.objects.filter(organization__in=organizations).select_related("organization", "framework")
    checklists = OITChecklist.objects.filter(organization__in=organizations).select_related("organization", "framework")
    return render(request, "assessments/index.html", {"results": results, "checklists": checklists})


@require_safe
@login_required
def result(request, result_id: int):
    """The seed-002 document (ITA result, analysis, measures) as an HTML page."""
    result = _get_result_for_user(request.user, result_id)
    return render(request, "assessments/result_page.html", result_context(result))


@require_safe
@login_required
def result_pdf(request, result_id: int):
    """The same document as an A4 PDF."""
    result = _get_result_for_user(request.user, result_id)
    pdf = render_pdf("assessments/result_pdf.html", result_context(result))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ita-{result.organization.code}-{result.fiscal_year}.pdf"'
    return response


def checklist_context(checklist: OITChecklist) -> dict:
    """Template context of the seed-004 document (the OIT table, result, analysis, measures)."""
    return {"checklist": checklist, "org": checklist.organization, "oit": checklist.oit_scores(), "ds": checklist.digit_system}


@require_safe
@login_required
def checklist_report(request, checklist_id: int):
    checklist = _get_checklist_for_user(request.user, checklist_id)
    return render(request, "assessments/checklist_report_page.html", checklist_context(checklist))


@require_safe
@login_required
def checklist_report_pdf(request, checklist_id: int):
    checklist = _get_checklist_for_user(request.user, checklist_id)
    pdf = render_pdf("assessments/checklist_report_pdf.html", checklist_context(checklist))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="oit-{checklist.organization.code}-{checklist.fiscal_year}.pdf"'
    return response


@require_safe
@login_required
def checklist(request, checklist_id: int):
    """The checklist workspace and readiness dashboard: every item with its status,
    evidence and approval; counts; days left; what each responsible group owes."""
    checklist = _get_checklist_for_user(request.user, checklist_id)
    entries = list(
        checklist.entries.select_related("item__sub_indicator__indicator").prefetch_related("evidence").order_by("item__order")
    )
    readiness = Readiness(checklist, entries, today=timezone.localdate())
    return render(
        request,
        "assessments/checklist.html",
        {
            "checklist": checklist,
            "oit": checklist.oit_scores_from(entries),
            "readiness": readiness,
            "ds": checklist.digit_system,
            "can_edit": access.can(request.user, checklist.organization, access.EDIT),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def entry(request, checklist_id: int, entry_id: int):
    """One item: edit responsible group, status and score (supervisors), add evidence."""
    entry = _get_entry_for_user(request.user, checklist_id, entry_id)
    org = entry.checklist.organization
    can_edit = access.can(request.user, org, access.EDIT)
    form = EntryForm(instance=entry, prefix="entry")
    evidence_form = EvidenceForm(prefix="evidence")
    if request.method == "POST":
        access.check(request.user, org, access.EDIT)
        if "save_entry" in request.POST:
            form = EntryForm(request.POST, instance=entry, prefix="entry")
            if form.is_valid():
                form.save()
                messages.success(request, "บันทึกแล้ว")
                return redirect(request.path)
        else:
            evidence_form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
            if evidence_form.is_valid():
                evidence = evidence_form.save(commit=False)
                evidence.entry = entry
                evidence.save()
                messages.success(request, "เพิ่มหลักฐานแล้ว รอผู้อำนวยการอนุมัติก่อนเผยแพร่")
                return redirect(request.path)
    return render(
        request,
        "assessments/entry.html",
        {
            "entry": entry,
            "checklist": entry.checklist,
            "evidence": list(entry.evidence.all()),
            "form": form,
            "evidence_form": evidence_form,
            "can_edit": can_edit,
            "can_review": access.can(request.user, org, access.REVIEW),
            "ds": entry.checklist.digit_system,
        },
    )


@require_POST
@login_required
def approve_entry(request, checklist_id: int, entry_id: int):
    """The director approves an item's evidence for the public pages."""
    entry = _get_entry_for_user(request.user, checklist_id, entry_id, access.REVIEW)
    try:
        count = entry.approve(by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"อนุมัติให้เผยแพร่แล้ว (หลักฐานใหม่ {count} รายการ)")
    return redirect("assessments:entry", checklist_id, entry_id)


@require_POST
@login_required
def delete_evidence(request, checklist_id: int, entry_id: int, evidence_id: int):
    """Remove one evidence row (supervisors); the public pages stop showing it at once."""
    entry = _get_entry_for_user(request.user, checklist_id, entry_id, access.EDIT)
    evidence = get_object_or_404(Evidence, pk=evidence_id, entry=entry)
    was_public = evidence.approved_at is not None
    evidence.delete()
    if was_public:
        entry.checklist.bump_published_version()
    messages.success(request, "ลบหลักฐานแล้ว")
    return redirect("assessments:entry", checklist_id, entry_id)


@require_safe
@login_required
def checklist_urls(request, checklist_id: int, fmt: str):
    """The organization's permanent OIT item URLs in framework order, as CSV or .xlsx."""
    from django.http import Http404

    from assessments.score_io import oit_url_rows, write_table

    if fmt not in ("csv", "xlsx"):
        raise Http404("รองรับเฉพาะ .csv และ .xlsx")
    checklist = _get_checklist_for_user(request.user, checklist_id)
    filename = f"oit-urls-{checklist.organization.code}-{checklist.fiscal_year}.{fmt}"
    rows = oit_url_rows(checklist, request.build_absolute_uri("/"))
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(write_table(rows, filename), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
