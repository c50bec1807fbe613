"""Staff pages: ITA results (seed 002 document) with score entry, analysis and measures and
the approval workflow, OIT checklists (seed 004 document), the checklist workspace with
evidence and approval, and the readiness dashboard. An approved result is published: its
page and stored PDF are readable without logging in.

Every object is fetched through a ``_get_*_for_user`` helper that calls
``ita_portal.access.check``: outsiders get 404, members without the right get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.forms import (
    ActivityFormSet,
    EntryForm,
    EvidenceForm,
    FocusFormSet,
    LimitationFormSet,
    MeasureFormSet,
    ResultForm,
    ScoresForm,
    VersionForm,
)
from assessments.models import (
    ChecklistEntry,
    Evidence,
    ImprovementFocus,
    IndicatorScore,
    ITAResult,
    Limitation,
    Measure,
    MeasureActivity,
    OITChecklist,
    SubIndicatorScore,
)
from assessments.readiness import Readiness
from assessments.services import TransitionError, approve_result, return_result, submit_result
from ita_portal import access
from ita_portal.forms import ReviewNoteForm
from ita_portal.history import history_entries
from ita_portal.pdf import render_pdf
from ita_portal.workflow import EditConflictError, FrozenDocumentError, Status

FRAMEWORK_PREFETCH = (
    "framework__tools",
    "framework__indicators__sub_indicators",
    "framework__rating_bands",
)


def result_document_queryset():
    """Results with everything their document shows prefetched (a fixed number of queries)."""
    return ITAResult.objects.select_related("organization", "framework", "submitted_by", "reviewed_by").prefetch_related(
        *FRAMEWORK_PREFETCH,
        "indicator_scores",
        "sub_indicator_scores",
        "limitations",
        Prefetch("focuses__measures"),
        "focuses__activities",
        "focuses__indicator",
        "focuses__sub_indicator",
    )


def _get_result_for_user(user, result_id: int, action: str = access.READ) -> ITAResult:
    """The result with everything its document shows (fixed query count); 404/403 by ``check``."""
    result = get_object_or_404(result_document_queryset(), pk=result_id)
    access.check(user, result.organization, action)
    return result


def _get_editable_result_for_user(user, result_id: int) -> ITAResult:
    """A result the user may edit (supervisor) in a state that allows editing (draft, returned)."""
    result = _get_result_for_user(user, result_id, access.EDIT)
    if not result.is_editable:
        raise PermissionDenied(f"แก้ไขไม่ได้: เอกสารอยู่ในสถานะ “{result.get_status_display()}”")
    return result


def _get_focus_for_user(user, result_id: int, focus_id: int) -> ImprovementFocus:
    """A focus (weakness or area to develop) of an editable result, for editing its measures."""
    focus = get_object_or_404(
        ImprovementFocus.objects.select_related("result__organization", "result__framework", "indicator", "sub_indicator"),
        pk=focus_id,
        result_id=result_id,
    )
    access.check(user, focus.result.organization, access.EDIT)
    if not focus.result.is_editable:
        raise PermissionDenied(f"แก้ไขไม่ได้: เอกสารอยู่ในสถานะ “{focus.result.get_status_display()}”")
    return focus


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
def result(request, result_id: int):
    """The seed-002 document (ITA result, analysis, measures) as an HTML page. Approved, it is
    published (anyone may read it); otherwise members only, with the workflow actions."""
    result = get_object_or_404(result_document_queryset(), pk=result_id)
    if not result.is_approved:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.check(request.user, result.organization, access.READ)
    is_member = access.can(request.user, result.organization, access.READ)
    context = result_context(result) | {"is_member": is_member}
    if is_member:
        role = access.role_in(request.user, result.organization)
        context |= {
            "can_edit": access.can(request.user, result.organization, access.EDIT) and result.is_editable,
            "can_submit": role == "supervisor" and result.is_editable,
            "can_review": role == "director" and result.status == Status.SUBMITTED,
            "history": result_history(result),
        }
    return render(request, "assessments/result_page.html", context)


@require_safe
def result_pdf(request, result_id: int):
    """The same document as an A4 PDF; an approved one is served from its stored file."""
    result = get_object_or_404(result_document_queryset(), pk=result_id)
    if not result.is_approved:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        access.check(request.user, result.organization, access.READ)
    filename = f"ita-{result.organization.code}-{result.fiscal_year}.pdf"
    if result.is_approved and result.approved_pdf:
        response = FileResponse(result.approved_pdf.open("rb"), content_type="application/pdf")
        response["X-Content-SHA256"] = result.approved_pdf_sha256
    else:
        response = HttpResponse(render_pdf("assessments/result_pdf.html", result_context(result)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def result_history(result: ITAResult):
    """Every recorded change of the document and the rows it shows, newest first."""
    focus_ids = ImprovementFocus.history.filter(result_id=result.pk).values("id")
    return history_entries(
        [
            (ITAResult, Q(id=result.pk), lambda r: "ผลการประเมินและข้อเสนอแนะ"),
            (IndicatorScore, Q(result_id=result.pk), lambda r: "คะแนนตัวชี้วัด"),
            (SubIndicatorScore, Q(result_id=result.pk), lambda r: "คะแนนตัวชี้วัดย่อย"),
            (ImprovementFocus, Q(result_id=result.pk), lambda r: "ประเด็นการพัฒนา"),
            (Measure, Q(focus_id__in=focus_ids), lambda r: "มาตรการ"),
            (MeasureActivity, Q(focus_id__in=focus_ids), lambda r: "กิจกรรมตามมาตรการ"),
            (Limitation, Q(result_id=result.pk), lambda r: "ข้อจำกัดของหน่วยงาน"),
        ]
    )


def _touch(result: ITAResult, version: int) -> None:
    """Bump the result's version from the page's ``version`` (raises ``EditConflictError``
    when somebody saved in between); a returned document goes back to draft."""
    result.version = version
    if result.status == Status.RETURNED:
        result.status = Status.DRAFT
    result.save(update_fields=["status"])


def _save_scores(result: ITAResult, indicator_scores: dict, sub_scores: dict) -> None:
    """Update the stored scores in place (``{indicator id: Decimal or None}``, same for
    sub-indicators): changed rows are updated, blanked ones deleted, new ones created, so the
    audit history records only what changed."""
    for model, key, wanted in (
        (IndicatorScore, "indicator_id", indicator_scores),
        (SubIndicatorScore, "sub_indicator_id", sub_scores),
    ):
        stored = {getattr(row, key): row for row in model.objects.filter(result=result)}
        for target_id, score in wanted.items():
            row = stored.get(target_id)
            if score is None:
                if row is not None:
                    row.delete()
            elif row is None:
                model.objects.create(result=result, score=score, **{key: target_id})
            elif row.score != score:
                row.score = score
                row.save(update_fields=["score"])


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def result_scores(request, result_id: int):
    """Supervisors enter the indicator and sub-indicator scores the assessing body published."""
    result = _get_editable_result_for_user(request.user, result_id)
    form = ScoresForm(request.POST or None, result=result)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    _touch(result, form.cleaned_data["version"])
                    _save_scores(result, form.cleaned_indicator_scores(), form.cleaned_sub_indicator_scores())
            except (EditConflictError, FrozenDocumentError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "บันทึกคะแนนแล้ว")
                return redirect(result.get_absolute_url())
        else:
            messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    return render(request, "assessments/result_scores.html", {"result": result, "form": form, "ds": result.digit_system})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def result_edit(request, result_id: int):
    """Supervisors write the analysis: the document's texts, the focuses (urgent weakness and
    areas to develop, proposed by the portal) and the limitations with the support requested."""
    result = _get_editable_result_for_user(request.user, result_id)
    data = request.POST if request.method == "POST" else None
    form = ResultForm(data, instance=result)
    focuses = FocusFormSet(data, instance=result, prefix="focus", form_kwargs={"framework": result.framework})
    limitations = LimitationFormSet(data, instance=result, prefix="limitation")
    if data is not None:
        if form.is_valid() and focuses.is_valid() and limitations.is_valid():
            try:
                with transaction.atomic():
                    edited = form.save(commit=False)
                    edited.version = form.cleaned_data["version"]
                    if edited.status == Status.RETURNED:
                        edited.status = Status.DRAFT
                    edited.save()
                    focuses.save()
                    limitations.save()
            except (EditConflictError, FrozenDocumentError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "บันทึกการวิเคราะห์แล้ว")
                return redirect(result.get_absolute_url())
        else:
            messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    card = result.scorecard()
    context = {
        "result": result, "form": form, "focuses": focuses, "limitations": limitations,
        "proposal": card.proposed_focuses(), "card": card, "ds": result.digit_system,
    }
    return render(request, "assessments/result_edit.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def focus_edit(request, result_id: int, focus_id: int):
    """Supervisors write one focus's measures and its activities (steps, timeline, responsible)."""
    focus = _get_focus_for_user(request.user, result_id, focus_id)
    result = focus.result
    data = request.POST if request.method == "POST" else None
    version = VersionForm(data, initial={"version": result.version})
    measures = MeasureFormSet(data, instance=focus, prefix="measure")
    activities = ActivityFormSet(data, instance=focus, prefix="activity")
    if data is not None:
        if version.is_valid() and measures.is_valid() and activities.is_valid():
            try:
                with transaction.atomic():
                    _touch(result, version.cleaned_data["version"])
                    measures.save()
                    activities.save()
            except (EditConflictError, FrozenDocumentError) as exc:
                version.add_error(None, str(exc))
            else:
                messages.success(request, "บันทึกมาตรการและกิจกรรมแล้ว")
                return redirect(result.get_absolute_url())
        else:
            messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    context = {"result": result, "focus": focus, "version": version, "measures": measures, "activities": activities, "ds": result.digit_system}
    return render(request, "assessments/focus_edit.html", context)


def _result_transition(request, result_id: int, action: str, run):
    result = _get_result_for_user(request.user, result_id, action)
    try:
        run(result)
    except (TransitionError, FrozenDocumentError, EditConflictError) as exc:
        messages.error(request, str(exc))
    return redirect(result.get_absolute_url())


@require_POST
@login_required
def result_submit(request, result_id: int):
    def run(result):
        submit_result(result=result, by=request.user)
        messages.success(request, "เสนอผู้อำนวยการแล้ว")

    return _result_transition(request, result_id, access.EDIT, run)


@require_POST
@login_required
def result_approve(request, result_id: int):
    def run(result):
        approve_result(result=result, by=request.user)
        messages.success(request, "อนุมัติแล้ว เอกสารนี้เผยแพร่ได้และถูกล็อกไม่ให้แก้ไข")

    return _result_transition(request, result_id, access.REVIEW, run)


@require_POST
@login_required
def result_return(request, result_id: int):
    def run(result):
        note = ReviewNoteForm(request.POST)
        if not note.is_valid():
            raise TransitionError(note.error_text())
        return_result(result=result, by=request.user, comment=note.cleaned_data["comment"])
        messages.success(request, "ส่งกลับให้แก้ไขแล้ว")

    return _result_transition(request, result_id, access.REVIEW, run)


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
