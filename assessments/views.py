"""Staff pages: ITA results (the analysis-and-measures document) with score entry, analysis and measures and
the approval workflow, OIT checklists (with their analysis report), the checklist workspace with
evidence and approval, and the readiness dashboard. An approved result is published: its
page and stored PDF are readable without logging in.

Every object is fetched through a ``_get_*_for_user`` helper that calls
``ita_portal.access.check``: outsiders get 404, members without the right get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.forms import (
    ActivityFormSet,
    ClarificationEvidenceForm,
    ClarificationForm,
    OutcomeForm,
    VerdictsForm,
    EntryApprovalForm,
    EntryForm,
    EvidenceForm,
    FocusFormSet,
    ReviewForm,
    LimitationFormSet,
    MeasureFormSet,
    PhaseFormSet,
    ResultForm,
    ScoresForm,
    StartYearForm,
    VersionForm,
)
from assessments.models import (
    ChecklistEntry,
    ClarificationStatus,
    ItemVerdict,
    VerdictRound,
    Evidence,
    Framework,
    ImprovementFocus,
    ITAResult,
    OITChecklist,
)
from assessments import link_checks, services, what_if
from assessments.kinds import ITA_RESULT
from assessments.readiness import Readiness
from assessments.scoring import OITScores
from ita_portal import access, pdf_cache, thai
from ita_portal.document_views import save_edit_page
from ita_portal.models import Organization
from ita_portal.once import once


def _get_focus_for_user(user, result_id: int, focus_id: int) -> ImprovementFocus:
    """A focus (weakness or area to develop) of an editable result, for editing its measures."""
    focus = get_object_or_404(
        ImprovementFocus.objects.select_related("result__organization", "result__framework", "indicator", "sub_indicator"),
        pk=focus_id,
        result_id=result_id,
    )
    access.check_document(user, focus.result, access.EDIT)
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


@require_safe
@login_required
def index(request):
    """The ITA results and OIT checklists of the user's organizations, and the button that
    starts a new ITA year for those who may (``access.START_YEAR``)."""
    organizations = access.organizations_for(request.user)
    results = ITAResult.objects.filter(organization__in=organizations).select_related("organization", "framework")
    checklists = OITChecklist.objects.filter(organization__in=organizations).select_related("organization", "framework")
    context = {
        "results": results,
        "checklists": checklists,
        "can_start_year": access.organizations_for(request.user, access.START_YEAR).exists(),
        # The offices with units (schools) whose OIT round the user may open (read).
        "offices": organizations.filter(Exists(Organization.objects.filter(parent=OuterRef("pk")))).order_by("code"),
        "current_year": thai.fiscal_year(timezone.localdate()),
    }
    return render(request, "assessments/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once
def start_year(request):
    """A supervisor or director (``access.START_YEAR``; administrators too) starts an
    organization's ITA year: picks the organization, the fiscal year (default: the current
    one) and its framework; ``services.start_year`` creates the ITA result and the OIT
    checklist and carries last year's evidence forward; then the new checklist opens.
    ``?office=<organization id>`` preselects the organization (the landing page's button).
    A year the organization already has is refused beside the fiscal year."""
    organizations = access.organizations_for(request.user, access.START_YEAR).order_by("code")
    if not organizations.exists():
        raise PermissionDenied("เฉพาะผู้รับผิดชอบหรือผู้อำนวยการของหน่วยงานเท่านั้นที่เริ่มการประเมินปีใหม่ได้")
    year = thai.fiscal_year(timezone.localdate())
    form = StartYearForm(request.POST or None, organizations=organizations, fiscal_year=year)
    office = request.GET.get("office", "")
    if request.method == "GET" and office.isdigit():
        form.fields["organization"].initial = int(office)
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        access.check(request.user, organization, access.START_YEAR)
        try:
            checklist = services.start_year(organization=organization, framework=form.cleaned_data["framework"], by=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            messages.success(
                request,
                f"เริ่มการประเมิน ITA ปีงบประมาณ {checklist.fiscal_year} ของ {organization.short_name} แล้ว "
                "ตรวจสอบหลักฐานที่ยกมาจากปีก่อน และจัดทำข้อที่ต้องจัดทำใหม่",
            )
            return redirect(checklist)
    return render(request, "assessments/start_year.html", {"form": form, "current_year": year})


def _touch(result: ITAResult, version: int) -> None:
    """Bump the result's version from the page's ``version`` (raises ``EditConflictError``
    when somebody saved in between); a returned document goes back to draft."""
    result.save_edit(version, update_fields=["status"])


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def result_scores(request, result_id: int):
    """Supervisors enter the indicator and sub-indicator scores the assessing body published."""
    result = access.get_document(request.user, ITA_RESULT, result_id, access.EDIT)
    form = ScoresForm(request.POST or None, result=result)

    @transaction.atomic
    def save():
        _touch(result, form.cleaned_data["version"])
        services.save_result_scores(result, form.cleaned_indicator_scores(), form.cleaned_sub_indicator_scores())

    saved = save_edit_page(request, [form], save, saved="บันทึกคะแนนแล้ว", then=result.get_staff_url(), document=result)
    return saved or render(request, "assessments/result_scores.html", {"result": result, "form": form, "ds": result.digit_system})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def result_edit(request, result_id: int):
    """Supervisors write the analysis: the document's texts, the focuses (urgent weakness and
    areas to develop, proposed by the portal) and the limitations with the support requested."""
    result = access.get_document(request.user, ITA_RESULT, result_id, access.EDIT)
    data = request.POST if request.method == "POST" else None
    form = ResultForm(data, instance=result)
    focuses = FocusFormSet(data, instance=result, prefix="focus", form_kwargs={"framework": result.framework})
    limitations = LimitationFormSet(data, instance=result, prefix="limitation")

    @transaction.atomic
    def save():
        form.save(commit=False).save_edit(form.cleaned_data["version"])
        focuses.save()
        limitations.save()

    saved = save_edit_page(request, [form, focuses, limitations], save, saved="บันทึกการวิเคราะห์แล้ว", then=result.get_staff_url(), document=result)
    if saved:
        return saved
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

    @transaction.atomic
    def save():
        _touch(result, version.cleaned_data["version"])
        measures.save()
        activities.save()

    saved = save_edit_page(request, [version, measures, activities], save, saved="บันทึกมาตรการและกิจกรรมแล้ว", then=result.get_staff_url(), document=result)
    if saved:
        return saved
    context = {"result": result, "focus": focus, "version": version, "measures": measures, "activities": activities, "ds": result.digit_system}
    return render(request, "assessments/focus_edit.html", context)


def checklist_context(checklist: OITChecklist) -> dict:
    """Template context of the OIT analysis report (the OIT table, result, analysis, measures)."""
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
    pdf, _html_sha256 = pdf_cache.pdf_for("assessments/checklist_report_pdf.html", checklist_context(checklist))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="oit-{checklist.organization.code}-{checklist.fiscal_year}.pdf"'
    return response


def _checklist_page(request, checklist: OITChecklist, review: ReviewForm | None = None):
    """The checklist workspace, with the director's table of items awaiting approval
    (``review``: the posted ``ReviewForm`` to show again with its errors, else a fresh one),
    where the framework's ITAS calendar stands today and the readiness view's what-if panel
    (from the query string; it stores nothing, so readers use it too)."""
    entries = list(
        checklist.entries.select_related("item__sub_indicator__indicator")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("last_check")),
            Prefetch("verdicts", queryset=ItemVerdict.objects.select_related("assessed_by").order_by("-round")),  # preliminary, final
        )
        .order_by("item__order")
    )
    today = timezone.localdate()
    readiness = Readiness(checklist, entries, today=today)
    oit = checklist.oit_scores_from(entries)
    prefetch_related_objects([checklist.framework], "phases")
    can_review = access.can(request.user, checklist.organization, access.REVIEW)
    if can_review and review is None:
        review = ReviewForm(rows=_awaiting(entries))
    return render(
        request,
        "assessments/checklist.html",
        {
            "checklist": checklist,
            "phase_text": checklist.framework.phase_now(today).text(checklist.digit_system),
            "oit": oit,
            "readiness": readiness,
            "what_if": what_if.for_checklist(checklist, entries, oit, readiness, request.GET),
            "ds": checklist.digit_system,
            "can_edit": access.can(request.user, checklist.organization, access.EDIT),
            "review": review if can_review else None,
        },
    )


def _awaiting(entries) -> list[tuple[ChecklistEntry, list[Evidence]]]:
    """``[(entry, its evidence)]`` of ``entries`` (evidence prefetched) awaiting the director's approval."""
    rows = [(entry, list(entry.evidence.all())) for entry in entries]
    return [(entry, evidence) for entry, evidence in rows if entry.is_awaiting_approval(evidence)]


@require_safe
@login_required
def checklist(request, checklist_id: int):
    """The checklist workspace and readiness dashboard: where the framework's ITAS calendar
    stands today; every item with its status, evidence and approval; counts; days left; what each responsible group owes; for the
    director, the items awaiting approval, to approve or return several at once."""
    return _checklist_page(request, _get_checklist_for_user(request.user, checklist_id))


@require_POST
@login_required
def review_entries(request, checklist_id: int):
    """The director's decisions on the items awaiting approval, in one post: each row
    approved, returned with its comment or left for later (``ReviewForm``), all or nothing
    (``services.review_entries``); the message names how many were approved and returned. A
    refusal — a return without a comment, evidence changed since the page was opened — shows
    the table again with the message beside each row concerned and every choice and comment kept."""
    checklist = _get_checklist_for_user(request.user, checklist_id, access.REVIEW)
    entries = checklist.entries.select_related("item").prefetch_related("evidence").order_by("item__order")
    form = ReviewForm(request.POST, rows=_awaiting(entries))
    if form.is_valid():
        try:
            approved, returned = services.review_entries(checklist=checklist, by=request.user, decisions=form.decisions())
        except ValidationError as exc:
            form.add_row_errors(exc.message_dict)
        else:
            ds = checklist.digit_system
            messages.success(
                request,
                f"อนุมัติให้เผยแพร่ {thai.format_number(approved, ds)} รายการ ส่งกลับแก้ไข {thai.format_number(returned, ds)} รายการ",
            )
            return redirect(checklist.get_absolute_url() + "#review-h")
    messages.error(request, "ยังไม่ได้บันทึกการพิจารณา กรุณาแก้ไขตามข้อความในตารางรายการรออนุมัติ")
    return _checklist_page(request, checklist, review=form)


@require_POST
@login_required
def check_links(request, checklist_id: int):
    """The button "ตรวจลิงก์หลักฐาน" (any member of the organization): queue a check of the
    checklist's approved evidence URLs (``link_checks.request_check``; one at a time) and go
    back to the checklist, which shows when the last check finished."""
    checklist = _get_checklist_for_user(request.user, checklist_id)
    if link_checks.request_check(checklist):
        messages.success(request, "ส่งคำขอตรวจลิงก์หลักฐานแล้ว ระบบตรวจในเบื้องหลัง เปิดหน้านี้อีกครั้งในอีกสักครู่เพื่อดูผล")
    else:
        messages.info(request, "มีคำขอตรวจลิงก์หลักฐานของแบบตรวจนี้รออยู่แล้ว เปิดหน้านี้อีกครั้งในอีกสักครู่เพื่อดูผล")
    return redirect(checklist.get_absolute_url() + "#links-h")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@once
def entry(request, checklist_id: int, entry_id: int):
    """One item and its one form (supervisors): responsible group, status and score, and a
    new piece of evidence (URL and/or file, its title defaulting to the item's), saved
    together by one button, all or nothing; a refused file leaves everything typed in its
    field. A post that leaves the evidence fields empty saves the item only; one without the
    item's fields (a script adding evidence) leaves the item as it is. The form carries a
    one-time token: sent twice, it adds the evidence once (``ita_portal.once``)."""
    entry = _get_entry_for_user(request.user, checklist_id, entry_id)
    org = entry.checklist.organization
    can_edit = access.can(request.user, org, access.EDIT)
    form = EntryForm(instance=entry, prefix="entry")
    evidence_form = EvidenceForm(prefix="evidence", default_title=entry.item.title)
    if request.method == "POST":
        access.check(request.user, org, access.EDIT)
        has_entry = form.add_prefix("status") in request.POST
        if has_entry:
            form = EntryForm(request.POST, instance=entry, prefix="entry")
        evidence_form = EvidenceForm(request.POST, request.FILES, prefix="evidence", default_title=entry.item.title)
        add_evidence = evidence_form.is_filled() or not has_entry
        posted = [f for f, sent in ((form, has_entry), (evidence_form, add_evidence)) if sent]
        if all([f.is_valid() for f in posted]):
            with transaction.atomic():
                if has_entry:
                    form.save()
                if add_evidence:
                    evidence = evidence_form.save(commit=False)
                    evidence.entry = entry
                    evidence.save()
            messages.success(request, "บันทึกแล้ว หลักฐานรอผู้อำนวยการอนุมัติก่อนเผยแพร่" if add_evidence else "บันทึกแล้ว")
            return redirect(request.path)
        if not add_evidence:
            evidence_form = EvidenceForm(prefix="evidence", default_title=entry.item.title)
    evidence = list(entry.evidence.select_related("last_check"))
    return render(
        request,
        "assessments/entry.html",
        {
            "entry": entry,
            "checklist": entry.checklist,
            "evidence": evidence,
            "approval": EntryApprovalForm(initial={"fingerprint": ChecklistEntry.evidence_fingerprint(evidence)}),
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
    """The director approves an item's evidence for the public pages, as the page showed it:
    the form's ``fingerprint`` must match the evidence now (rule "the director approves what
    they saw", ``ChecklistEntry.approve``), else nothing is approved and the item's page
    says the evidence changed."""
    entry = _get_entry_for_user(request.user, checklist_id, entry_id, access.REVIEW)
    form = EntryApprovalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["fingerprint"])
        count = entry.approve(by=request.user, fingerprint=form.cleaned_data["fingerprint"] or None)
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


def _get_framework_for_admin(user, framework_id: int) -> Framework:
    """A framework, for an administrator only (``access.MANAGE_FRAMEWORKS``): a framework and
    its calendar are the portal's, not an office's (members get 403). The one fetch of the
    framework pages (calendar, ``assessments.framework_views``)."""
    access.check_portal(user, access.MANAGE_FRAMEWORKS)
    return get_object_or_404(Framework, pk=framework_id)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def framework_calendar(request, framework_id: int):
    """The administrator sets the dates of the framework's ITAS phases (``AssessmentPhase``):
    one row per phase, a new one at the end; an end before its start is refused beside the
    end date. Phases are not locked with the framework (an approved result does not depend
    on them)."""
    framework = _get_framework_for_admin(request.user, framework_id)
    formset = PhaseFormSet(request.POST or None, instance=framework, prefix="phases")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, "บันทึกปฏิทินการประเมินแล้ว")
        return redirect(request.path)
    today = timezone.localdate()
    return render(
        request,
        "assessments/framework_calendar.html",
        {"framework": framework, "formset": formset, "phase_text": framework.phase_now(today).text("arabic")},
    )


# --------------------------------------------------------------------------------------
# The clarification round: preliminary verdicts, clarifications, outcomes, final verdicts
# --------------------------------------------------------------------------------------


def _checklist_entries(checklist: OITChecklist) -> list[ChecklistEntry]:
    """The checklist's entries in item order with their items, sub-indicators and indicators."""
    return list(checklist.entries.select_related("item__sub_indicator__indicator").order_by("item__order"))


def _clarification_context(request, checklist: OITChecklist) -> dict:
    """The context of the clarification page and its PDF (see ``clarification``)."""
    entries = _checklist_entries(checklist)
    verdicts = list(
        ItemVerdict.objects.filter(entry__checklist=checklist)
        .select_related("assessed_by")
        .prefetch_related("evidence")
    )
    by_round = {VerdictRound.PRELIMINARY: {}, VerdictRound.FINAL: {}}
    for v in verdicts:
        by_round[v.round][v.entry_id] = v
    preliminary, final = by_round[VerdictRound.PRELIMINARY], by_round[VerdictRound.FINAL]
    disputed = [(e, preliminary[e.pk], final.get(e.pk)) for e in entries if e.pk in preliminary and not preliminary[e.pk].passed]
    today = timezone.localdate()
    phase = checklist.clarification_phase()
    org = checklist.organization
    context = {
        "checklist": checklist,
        "ds": checklist.digit_system,
        "phase": phase,
        "days_left": phase.days_left(today) if phase else None,
        "today": today,
        "closed": checklist.clarification_closed(today, phase),
        "disputed": disputed,
        "n_items": len(entries),
        "n_preliminary": len(preliminary),
        "n_final": len(final),
        "preliminary_oit": OITScores.from_verdicts(entries, {k: v.passed for k, v in preliminary.items()}) if preliminary else None,
        "final_oit": OITScores.from_verdicts(entries, {k: v.passed for k, v in final.items()}) if final else None,
        "can_edit": access.can(request.user, org, access.EDIT),
        "can_review": access.can(request.user, org, access.REVIEW),
        "Status": ClarificationStatus,
    }
    return context


@require_safe
@login_required
def clarification(request, checklist_id: int):
    """The clarification of the preliminary OIT scores (คำชี้แจงผลคะแนน OIT), a page that
    prints as a document: the clarification window (the framework's clarification phase and
    the days left), the items failed in the preliminary round with the assessor's reason and
    advice, each item's clarification and evidence, the outcome and the final verdict, the OIT
    score of each round (``OITScores.from_verdicts``) and the state of the director's
    approval with the next step of whoever reads it. Members only; never public."""
    checklist = _get_checklist_for_user(request.user, checklist_id)
    return render(request, "assessments/clarification.html", _clarification_context(request, checklist))


@require_safe
@login_required
def clarification_pdf(request, checklist_id: int):
    """The same document as a PDF (the portal's PDF pipeline, ``pdf_cache.pdf_for``). Members only."""
    checklist = _get_checklist_for_user(request.user, checklist_id)
    pdf, _html_sha256 = pdf_cache.pdf_for("assessments/clarification_pdf.html", _clarification_context(request, checklist))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="oit-clarification-{checklist.organization.code}-{checklist.fiscal_year}.pdf"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def verdicts(request, checklist_id: int, round: str):
    """Supervisors enter the assessor's verdict on every item of one round as ITAS shows it
    (pass/fail, reason, advice; ``services.record_verdicts``). The final round is prefilled
    from the preliminary verdicts and the clarification outcomes (``ItemVerdict.final_passed``)
    where no final verdict is stored yet, so the final result is typed once."""
    if round not in VerdictRound.values:
        from django.http import Http404

        raise Http404("ไม่มีรอบการตรวจนี้")
    checklist = _get_checklist_for_user(request.user, checklist_id, access.EDIT)
    entries = _checklist_entries(checklist)
    stored = list(ItemVerdict.objects.filter(entry__checklist=checklist))
    rows = {v.entry_id: (v.passed, v.reason, v.advice) for v in stored if v.round == round}
    if round == VerdictRound.FINAL:
        for v in stored:
            if v.round == VerdictRound.PRELIMINARY and v.entry_id not in rows:
                rows[v.entry_id] = (v.final_passed(), v.outcome_note or v.reason, v.advice)
    form = VerdictsForm(request.POST or None, entries=entries, initial_rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.record_verdicts(checklist=checklist, round=round, rows=form.cleaned_rows(), by=request.user)
        except ValidationError as exc:
            form.add_row_errors(exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages})
        else:
            ds = checklist.digit_system
            messages.success(request, f"บันทึก{VerdictRound(round).label}แล้ว {thai.format_number(count, ds)} ข้อ")
            return redirect("assessments:clarification", checklist.pk)
    if request.method == "POST":
        messages.error(request, "ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความใต้ช่องที่มีเครื่องหมาย")
    context = {"checklist": checklist, "form": form, "round": VerdictRound(round), "ds": checklist.digit_system}
    return render(request, "assessments/verdicts.html", context)


def _get_disputed_for_user(user, checklist_id: int, entry_id: int, action: str = access.READ) -> ItemVerdict:
    """The preliminary verdict that failed item ``entry_id`` of the checklist (404 when the
    item passed or has none), with access checked on the checklist's organization."""
    verdict = get_object_or_404(
        ItemVerdict.objects.disputed().select_related(
            "entry__checklist__organization", "entry__checklist__framework", "entry__item", "assessed_by"
        ),
        entry_id=entry_id,
        entry__checklist_id=checklist_id,
    )
    access.check(user, verdict.entry.checklist.organization, action)
    return verdict


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@once
def clarification_item(request, checklist_id: int, entry_id: int):
    """One disputed item: the assessor's reason and advice, the clarification (text and a new
    piece of evidence, URL and/or file, checked like the checklist's evidence) while the
    clarification is a draft (``ItemVerdict.clarify``), and once the director approved it,
    the assessor's outcome (``ItemVerdict.decide``: accepted turns the final verdict to pass).
    Supervisors write; members read."""
    verdict = _get_disputed_for_user(request.user, checklist_id, entry_id)
    checklist = verdict.entry.checklist
    org = checklist.organization
    drafting = checklist.clarification_status == ClarificationStatus.DRAFT
    deciding = checklist.clarification_status == ClarificationStatus.APPROVED
    closed = checklist.clarification_closed() if drafting else ""
    title = f"หลักฐานประกอบคำชี้แจงข้อ {verdict.entry.item.code}"
    form = ClarificationForm(initial={"clarification": verdict.clarification}, prefix="c")
    evidence_form = ClarificationEvidenceForm(prefix="evidence", default_title=title)
    outcome_form = OutcomeForm(initial={"outcome": verdict.outcome or "pending", "outcome_note": verdict.outcome_note}, prefix="o")
    if request.method == "POST":
        access.check(request.user, org, access.EDIT)
        if deciding:
            outcome_form = OutcomeForm(request.POST, prefix="o")
            if outcome_form.is_valid():
                try:
                    verdict.decide(outcome=outcome_form.cleaned_data["outcome"], note=outcome_form.cleaned_data["outcome_note"], by=request.user)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, "บันทึกผลการพิจารณาคำชี้แจงแล้ว")
                    return redirect("assessments:clarification", checklist.pk)
        elif drafting:
            form = ClarificationForm(request.POST, prefix="c")
            evidence_form = ClarificationEvidenceForm(request.POST, request.FILES, prefix="evidence", default_title=title)
            add_evidence = evidence_form.is_filled()
            posted = [form, evidence_form] if add_evidence else [form]
            if all([f.is_valid() for f in posted]):
                try:
                    verdict.clarify(text=form.cleaned_data["clarification"], evidence=evidence_form.save(commit=False) if add_evidence else None)
                except ValidationError as exc:
                    form.add_error("clarification", exc)
                else:
                    messages.success(request, "บันทึกคำชี้แจงแล้ว")
                    return redirect(request.path)
            if not add_evidence:
                evidence_form = ClarificationEvidenceForm(prefix="evidence", default_title=title)
        else:
            messages.error(request, "คำชี้แจงรอผู้อำนวยการอนุมัติ จึงยังแก้ไขหรือบันทึกผลการพิจารณาไม่ได้")
            return redirect(request.path)
    final = ItemVerdict.objects.final().filter(entry_id=verdict.entry_id).first()
    context = {
        "checklist": checklist, "verdict": verdict, "entry": verdict.entry, "final": final,
        "evidence": list(verdict.evidence.all()), "form": form, "evidence_form": evidence_form,
        "outcome_form": outcome_form, "drafting": drafting, "deciding": deciding, "closed": closed,
        "can_edit": access.can(request.user, org, access.EDIT), "ds": checklist.digit_system,
    }
    return render(request, "assessments/clarification_item.html", context)


@require_POST
@login_required
def clarification_submit(request, checklist_id: int):
    """The supervisor submits the draft clarification to the director (``OITChecklist.submit_clarification``)."""
    checklist = _get_checklist_for_user(request.user, checklist_id, access.EDIT)
    try:
        checklist.submit_clarification(by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "เสนอคำชี้แจงต่อผู้อำนวยการแล้ว")
    return redirect("assessments:clarification", checklist.pk)


@require_POST
@login_required
def clarification_review(request, checklist_id: int):
    """The director approves the submitted clarification (``decision=approve``; it may then be
    sent to the assessing body) or returns it to draft (``decision=return``)."""
    checklist = _get_checklist_for_user(request.user, checklist_id, access.REVIEW)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return"):
        messages.error(request, "กรุณาเลือก อนุมัติ หรือ ส่งกลับแก้ไข")
        return redirect("assessments:clarification", checklist.pk)
    try:
        checklist.review_clarification(by=request.user, approve=decision == "approve")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "อนุมัติคำชี้แจงแล้ว ส่งคำชี้แจงในระบบ ITAS ได้" if decision == "approve" else "ส่งคำชี้แจงกลับเป็นร่างแล้ว")
    return redirect("assessments:clarification", checklist.pk)


@require_POST
@login_required
def result_use_final(request, result_id: int):
    """"ใช้ผลคะแนนสุดท้าย": the result's OIT scores are filled from the final item verdicts of
    the organization's OIT checklist (``services.use_final_oit_scores``); the analysis then
    proposes its focuses from them."""
    from ita_portal.workflow import EditConflictError

    result = access.get_document(request.user, ITA_RESULT, result_id, access.EDIT)
    version = request.POST.get("version", "")
    try:
        checklist = services.use_final_oit_scores(result=result, version=int(version) if version.isdigit() else result.version)
    except (ValidationError, EditConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("assessments:result_scores", result.pk)
    messages.success(request, f"ใช้ผลคะแนน OIT สุดท้ายของ{checklist.organization.short_name}แล้ว ตรวจสอบประเด็นที่ระบบเสนอในหน้าการวิเคราะห์")
    return redirect(result.get_staff_url())
