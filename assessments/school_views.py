"""The school OIT round (การประเมิน OIT ของสถานศึกษาในสังกัด): an educational service area
office assesses the OIT checklists of its schools, as OBEC's ITA Online has the offices do.

* the office's list of its schools with their checklist of one fiscal year (``schools``):
  items with approved evidence, items, verdicts recorded, items failed, final verdicts;
* one school's checklist as the office sees it (``school_checklist``): each item with its
  approved (published) evidence, and for the office's assessors the preliminary verdict of
  every item (pass/fail, reason, advice; ``services.record_verdicts`` with the assessor);
* one disputed item (``school_item``): the school's clarification and the assessor's
  decision on it (``ItemVerdict.decide``), which makes the final verdict.

The school itself fills its checklist and writes its clarifications on its own pages
(``assessments.views``). Access: ``ita_portal.access.check_unit`` (read: the office's members
and the school's own; assess: the office's assessors), ``check`` for the office's own list.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from assessments import services
from assessments.forms import OutcomeForm, VerdictsForm
from assessments.models import ChecklistEntry, ClarificationStatus, Evidence, ItemVerdict, OITChecklist, VerdictRound
from ita_portal import access, thai
from ita_portal.models import Organization
from ita_portal.once import once


def _get_unit_checklist(user, checklist_id: int, action: str = access.READ) -> OITChecklist:
    """The one fetch helper of these pages: checklist ``checklist_id`` with its organization
    and framework, after ``access.check_unit(user, organization, action)`` (404 / 403)."""
    checklist = get_object_or_404(OITChecklist.objects.select_related("organization", "framework"), pk=checklist_id)
    access.check_unit(user, checklist.organization, action)
    return checklist


def school_rows(office: Organization, fiscal_year: int | None) -> tuple[list[int], int | None, list[dict]]:
    """The figures of the office's list: ``(fiscal years that have checklists of its units,
    newest first; the year shown — ``fiscal_year`` when it is one of them, else the newest —
    rows)``. A row per unit of the office (``Organization.descendants``), in code order:
    ``{"school", "checklist" (or None: not started), "n_items", "n_approved" (items with at
    least one approved evidence), "n_verdicts" (preliminary verdicts), "n_failed" (failed in
    the preliminary round), "n_final" (final verdicts)}``. Years are Buddhist Era. Three
    queries whatever the number of schools."""
    units = list(office.descendants().order_by("code"))
    checklists = OITChecklist.objects.filter(organization__in=[u.pk for u in units])
    years = sorted(set(checklists.values_list("framework__fiscal_year", flat=True)), reverse=True)
    year = fiscal_year if fiscal_year in years else (years[0] if years else None)
    by_school = {}
    if year is not None:
        annotated = (
            checklists.filter(framework__fiscal_year=year)
            .select_related("framework")
            .annotate(
                n_items=Count("entries", distinct=True),
                n_approved=Count("entries", filter=Q(entries__evidence__approved_at__isnull=False), distinct=True),
                n_verdicts=Count("entries__verdicts", filter=Q(entries__verdicts__round=VerdictRound.PRELIMINARY), distinct=True),
                n_failed=Count(
                    "entries__verdicts",
                    filter=Q(entries__verdicts__round=VerdictRound.PRELIMINARY, entries__verdicts__passed=False),
                    distinct=True,
                ),
                n_final=Count("entries__verdicts", filter=Q(entries__verdicts__round=VerdictRound.FINAL), distinct=True),
            )
            .order_by("framework__revision")
        )
        by_school = {c.organization_id: c for c in annotated}
    rows = []
    for school in units:
        c = by_school.get(school.pk)
        rows.append({
            "school": school, "checklist": c,
            **{k: getattr(c, k, 0) for k in ("n_items", "n_approved", "n_verdicts", "n_failed", "n_final")},
        })
    return years, year, rows


@require_safe
@login_required
def schools(request, organization_id: int):
    """การประเมิน OIT ของสถานศึกษาในสังกัด: the office's schools and their OIT checklist of
    one fiscal year (``?year=``, Buddhist Era; default the newest) with the counts of
    ``school_rows``, each linked to the school's checklist as the office sees it. The
    office's members (any role) read; others 404."""
    office = get_object_or_404(Organization, pk=organization_id)
    access.check(request.user, office, access.READ)
    try:
        wanted = int(request.GET.get("year", ""))
    except ValueError:
        wanted = None
    years, year, rows = school_rows(office, wanted)
    context = {
        "office": office, "years": years, "year": year, "rows": rows, "ds": office.default_digit_system,
        "is_assessor": access.assesses_units_of(request.user, office),
        "started": sum(1 for r in rows if r["checklist"]),
    }
    return render(request, "assessments/school_round/schools.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def school_checklist(request, checklist_id: int):
    """One school's OIT checklist as its office sees it: every item with its approved
    (published) evidence and its verdicts. The office's assessors record the preliminary
    verdict of every item (``VerdictsForm``, ``services.record_verdicts`` with
    ``assessed_by`` = the assessor); everybody else allowed (``check_unit``) reads."""
    checklist = _get_unit_checklist(request.user, checklist_id)
    can_assess = access.assesses(request.user, checklist.organization)
    entries = list(
        checklist.entries.select_related("item__sub_indicator__indicator")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.filter(approved_at__isnull=False), to_attr="approved_evidence"),
            Prefetch("verdicts", queryset=ItemVerdict.objects.select_related("assessed_by")),
        )
        .order_by("item__order")
    )
    stored = [v for e in entries for v in e.verdicts.all()]
    preliminary = {v.entry_id: v for v in stored if v.round == VerdictRound.PRELIMINARY}
    final = {v.entry_id: v for v in stored if v.round == VerdictRound.FINAL}
    form = None
    if can_assess:
        rows = {pk: (v.passed, v.reason, v.advice) for pk, v in preliminary.items()}
        form = VerdictsForm(request.POST or None, entries=entries, initial_rows=rows)
    if request.method == "POST":
        checklist = _get_unit_checklist(request.user, checklist_id, access.ASSESS)
        if form.is_valid():
            try:
                count = services.record_verdicts(
                    checklist=checklist, round=VerdictRound.PRELIMINARY, rows=form.cleaned_rows(),
                    by=request.user, assessed_by=request.user,
                )
            except ValidationError as exc:
                form.add_row_errors(exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages})
            else:
                ds = checklist.digit_system
                messages.success(request, f"บันทึกผลเบื้องต้นแล้ว {thai.format_number(count, ds)} ข้อ สถานศึกษาเห็นผลและข้อเสนอแนะในแบบตรวจของตนแล้ว")
                return redirect("assessments:school_checklist", checklist.pk)
        messages.error(request, "ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความใต้ช่องที่มีเครื่องหมาย")
    items = [(e, preliminary.get(e.pk), final.get(e.pk), form[f"passed_{e.pk}"] if form else None,
              form[f"reason_{e.pk}"] if form else None, form[f"advice_{e.pk}"] if form else None) for e in entries]
    context = {
        "checklist": checklist, "office": checklist.organization.parent, "items": items, "form": form,
        "can_assess": can_assess, "ds": checklist.digit_system, "Status": ClarificationStatus,
        "n_items": len(entries), "n_preliminary": len(preliminary), "n_final": len(final),
        "n_disputed": sum(1 for v in preliminary.values() if not v.passed),
    }
    return render(request, "assessments/school_round/checklist.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@once
def school_item(request, checklist_id: int, entry_id: int):
    """One item the school failed in the preliminary round: the assessor's reason and
    advice, the school's clarification and its evidence, and — once the school's director
    approved the clarification — the office assessor's decision (``OutcomeForm``,
    ``ItemVerdict.decide``: accepted makes the final verdict a pass, rejected a fail)."""
    checklist = _get_unit_checklist(request.user, checklist_id)
    verdict = get_object_or_404(
        ItemVerdict.objects.disputed().select_related("entry__item", "assessed_by"),
        entry_id=entry_id, entry__checklist_id=checklist.pk,
    )
    verdict.entry.checklist = checklist
    deciding = checklist.clarification_status == ClarificationStatus.APPROVED
    outcome_form = OutcomeForm(initial={"outcome": verdict.outcome or "pending", "outcome_note": verdict.outcome_note}, prefix="o")
    if request.method == "POST":
        access.check_unit(request.user, checklist.organization, access.ASSESS)
        outcome_form = OutcomeForm(request.POST, prefix="o")
        if outcome_form.is_valid():
            try:
                verdict.decide(outcome=outcome_form.cleaned_data["outcome"], note=outcome_form.cleaned_data["outcome_note"], by=request.user)
            except ValidationError as exc:
                outcome_form.add_error("outcome", exc)
            else:
                messages.success(request, f"บันทึกผลการพิจารณาคำชี้แจงข้อ {verdict.entry.item.code} แล้ว")
                return redirect("assessments:school_checklist", checklist.pk)
    context = {
        "checklist": checklist, "office": checklist.organization.parent, "verdict": verdict, "entry": verdict.entry,
        "final": ItemVerdict.objects.final().filter(entry_id=verdict.entry_id).first(),
        "evidence": list(verdict.evidence.all()), "outcome_form": outcome_form, "deciding": deciding,
        "can_assess": access.assesses(request.user, checklist.organization), "ds": checklist.digit_system,
    }
    return render(request, "assessments/school_round/item.html", context)
