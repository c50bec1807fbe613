"""Score-Final of an office's schools: the page (the office's report as a document, with
its buttons), the workbook for OBEC (.xlsx: Score-School and Score-Final) and the report's
A4 PDF (``ita_portal.pdf_cache``: the same template as the page, rendered once per content).

Access (``_get_office_for_user``, the one fetch of these views): the office's own members
(any role) and the members of the organizations above it (OBEC) read everything; a member
of one of its schools sees only that school's row on the page (the workbook and the report
are the office's, 403); a member of another office 403; signed-out visitors are sent to the
sign-in page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from assessments.score_final import LAYOUT_NOTE, LAYOUT_SOURCE, office_scores
from assessments.score_final_pdf import report_context, report_pdf
from ita_portal import access
from ita_portal.models import Organization

PDF_WAIT_SECONDS = 3  # the waiting page of a long report reloads itself this often
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_office_for_user(user, organization_id: int, *, whole: bool = False) -> tuple[Organization, Organization | None]:
    """``(office, school)``: the office ``organization_id`` and, for a member of one of its
    schools only, that school (``None`` for everybody who reads the whole office). ``whole``:
    the office's files (workbook, report), which a school's member may not take (403).
    Raises ``Http404`` for an unknown id and ``PermissionDenied`` for anyone else signed in."""
    office = get_object_or_404(Organization, pk=organization_id)
    if user.is_superuser or access.role_in(user, office) is not None:  # its members, and OVERSIGHT from above
        return office, None
    own = list(access.roles_of(user))
    school = office.descendants().filter(pk__in=own).order_by("code").first() if own else None
    if school is None:
        raise PermissionDenied("หน้านี้เป็นผลคะแนนของสถานศึกษาในสังกัดของสำนักงานเขตพื้นที่การศึกษาอื่น")
    if whole:
        raise PermissionDenied("ไฟล์ส่ง สพฐ. และรายงานเป็นของสำนักงานเขตพื้นที่การศึกษา สถานศึกษาเปิดดูผลของตนเองได้ที่หน้า Score-Final")
    return office, school


def _year(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def _query(scores) -> str:
    return f"?year={scores.fiscal_year}" if scores.fiscal_year else ""


@require_safe
@login_required
def score_final(request, organization_id: int):
    """ผลคะแนนของสถานศึกษาในสังกัด (Score-Final) of one fiscal year (``?year=``, BE; default
    the newest): the office's report as a document (the same as its PDF), the buttons to
    the workbook and the PDF, and the schools still incomplete with what is missing. A
    school's member sees its own row only."""
    office, school = _get_office_for_user(request.user, organization_id)
    scores = office_scores(office, _year(request))
    if school is not None:
        scores = scores.only(school)
    context = {
        **report_context(office, scores), "school": school, "query": _query(scores),
        "layout_note": LAYOUT_NOTE, "layout_source": LAYOUT_SOURCE,
        "is_office_member": access.role_in(request.user, office) not in (None, access.OVERSIGHT) or request.user.is_superuser,
    }
    return render(request, "assessments/score_final.html", context)


@require_safe
@login_required
def score_final_xlsx(request, organization_id: int):
    """The workbook for OBEC (``score_final_xlsx.workbook_bytes``) of ``?year=``."""
    from assessments.score_final_xlsx import workbook_bytes

    office, _school = _get_office_for_user(request.user, organization_id, whole=True)
    scores = office_scores(office, _year(request))
    response = HttpResponse(workbook_bytes(scores), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="score-final-{office.code}-{scores.fiscal_year or "none"}.xlsx"'
    return response


@require_safe
@login_required
def score_final_pdf(request, organization_id: int):
    """The office's report as an A4 PDF (the portal's PDF pipeline and its cache); a long
    report not stored yet is made by the task worker meanwhile a waiting page (202,
    ``Refresh``) reloads itself (``score_final_pdf.report_pdf``)."""
    office, _school = _get_office_for_user(request.user, organization_id, whole=True)
    scores = office_scores(office, _year(request))
    pdf = report_pdf(office, scores)
    if pdf is None:
        context = {"office": office, "scores": scores, "ds": office.default_digit_system, "query": _query(scores), "seconds": PDF_WAIT_SECONDS}
        response = render(request, "assessments/score_final_pdf_wait.html", context, status=202)
        response["Refresh"] = str(PDF_WAIT_SECONDS)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="score-final-{office.code}-{scores.fiscal_year or "none"}.pdf"'
    return response
