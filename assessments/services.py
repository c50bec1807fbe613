"""Writes of the OIT checklist that touch several items at once (``ChecklistEntry``,
``Evidence`` and the checklist's published version), and the start of an organization's
ITA year (its ITA result, its OIT checklist and the evidence carried from last year), each
in one transaction.

The rules of one item stay on the model (``ChecklistEntry.approve``, ``ChecklistEntry.send_back``);
these functions apply them to a batch, all or nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from django.core.files.base import ContentFile

from assessments.models import ChecklistEntry, Evidence, ITAResult, OITChecklist

APPROVE, RETURN = "approve", "return"


class Decision(NamedTuple):
    """The director's decision on one OIT item, as ``review_entries`` takes it: ``entry`` (a
    ``ChecklistEntry``), ``action`` (``APPROVE`` อนุมัติให้เผยแพร่ or ``RETURN`` ส่งกลับแก้ไข),
    ``fingerprint`` (the ``ChecklistEntry.evidence_fingerprint`` of the evidence the page
    showed, 64 hex digits; ``None``: not checked) and ``comment`` (the director's comment,
    required for a return; "" when none)."""

    entry: ChecklistEntry
    action: str
    fingerprint: str | None = None
    comment: str = ""


@transaction.atomic
def review_entries(*, checklist, by, decisions) -> tuple[int, int]:
    """The director decides several items of ``checklist`` (an ``OITChecklist``) at once,
    each by its own ``Decision`` (``decisions``: approve some, return others with a comment).

    Each item (re-read here under a row lock) is approved or returned by its own rule
    (``ChecklistEntry.approve`` with the fingerprint — rule "the director approves what they
    saw" —, ``ChecklistEntry.send_back`` with the comment, kept on the item and shown to its
    supervisor), which records who did it and when.

    All or nothing: when any item is refused (its evidence changed since the page was opened,
    its status is no longer "พร้อมเผยแพร่", a return without a comment), nothing is saved and
    ``ValidationError`` is raised with ``{str(entry id): [Thai messages]}`` naming every item
    refused, so the director sees all of them beside their rows and decides again from a page
    that shows the evidence as it is now. Returns ``(approved, returned)``, the numbers of
    items approved and returned. Raises ``ValueError`` for another action, an item decided
    twice or an item of another checklist.
    """
    wanted: dict[int, Decision] = {}
    for decision in decisions:
        if decision.action not in (APPROVE, RETURN):
            raise ValueError(f"action must be {APPROVE!r} or {RETURN!r}, not {decision.action!r}")
        if decision.entry.pk in wanted:
            raise ValueError(f"item {decision.entry.pk} is decided twice")
        wanted[decision.entry.pk] = decision
    entries = list(
        ChecklistEntry.objects.select_for_update()
        .filter(checklist=checklist, pk__in=wanted)
        .select_related("checklist__organization", "checklist__framework")
        .order_by("item__order")
    )
    if len(entries) != len(wanted):
        raise ValueError("every item must belong to the checklist")
    errors: dict[str, list[str]] = {}
    counts = {APPROVE: 0, RETURN: 0}
    for entry in entries:
        decision = wanted[entry.pk]
        try:
            if decision.action == APPROVE:
                entry.approve(by=by, fingerprint=decision.fingerprint)
            else:
                entry.send_back(by=by, comment=decision.comment)
        except ValidationError as exc:
            errors[str(entry.pk)] = exc.messages
        counts[decision.action] += 1
    if errors:
        raise ValidationError(errors)
    return counts[APPROVE], counts[RETURN]


def year_taken_message(organization, fiscal_year: int) -> str:
    """The refusal shown beside the fiscal year when ``organization`` already has an OIT
    checklist of ``fiscal_year`` (BE)."""
    return (
        f"{organization.short_name} มีแบบตรวจ OIT ของปีงบประมาณ {fiscal_year} อยู่แล้ว "
        "เปิดแบบตรวจเดิมจากหน้าการประเมิน ITA หรือเลือกปีงบประมาณอื่น"
    )


@transaction.atomic
def start_year(*, organization, framework, by) -> OITChecklist:
    """Start ``organization``'s ITA year under ``framework`` (its fiscal year, BE): create
    the ITA result (a draft; an existing one of that framework is kept) and the OIT checklist
    with one entry per framework item, then carry last year's evidence forward.

    Carry forward: for each item, the items of last year's framework it continues
    (``DisclosureItem.continues``) whose entry in ``organization``'s checklist of the previous
    fiscal year holds approved (published) evidence; each such row is copied — its file too,
    under a new name — when ``DisclosureItem.carries_evidence_from`` says the new item's
    evidence period still allows it. Copies are marked ``carried_from_year`` and are never
    approved (``approved_at`` stays ``None``); the entries stay "ยังไม่ดำเนินการ" until the
    supervisor has checked them. ``by`` (the user) is not recorded yet: the checklist has no
    creator field.

    Raises ``ValidationError({"fiscal_year": [message]})`` when the organization already has a
    checklist of that fiscal year (any framework). Returns the new checklist.
    """
    fiscal_year = framework.fiscal_year
    # Serialise two starts of the same organization (the organization row is the lock).
    type(organization).objects.select_for_update().filter(pk=organization.pk).first()
    if OITChecklist.objects.filter(organization=organization, framework__fiscal_year=fiscal_year).exists():
        raise ValidationError({"fiscal_year": [year_taken_message(organization, fiscal_year)]})
    if not ITAResult.objects.filter(organization=organization, framework=framework).exists():
        ITAResult.objects.create(organization=organization, framework=framework)
    checklist = OITChecklist.objects.create(organization=organization, framework=framework)
    checklist.ensure_entries()
    entries = list(checklist.entries.select_related("item").prefetch_related("item__continues"))
    previous_ids = {old.pk for entry in entries for old in entry.item.continues.all()}
    if not previous_ids:
        return checklist
    last_year = {
        old.item_id: old
        for old in ChecklistEntry.objects.filter(
            checklist__organization=organization,
            checklist__framework__fiscal_year=fiscal_year - 1,
            item__in=previous_ids,
        ).prefetch_related("evidence")
    }
    copies = []
    for entry in entries:
        for old_item in entry.item.continues.all():
            old_entry = last_year.get(old_item.pk)
            if old_entry is None or not entry.item.carries_evidence_from(old_item):
                continue
            for evidence in old_entry.evidence.all():
                if evidence.approved_at is not None:
                    copies.append(_carried_copy(evidence, entry, fiscal_year - 1))
    for copy in copies:
        copy.save()
    return checklist


def _carried_copy(evidence: Evidence, entry: ChecklistEntry, from_year: int) -> Evidence:
    """An unsaved, unapproved copy of ``evidence`` for ``entry``, marked as carried from
    ``from_year`` (BE); a file is copied under a new random folder (``evidence_upload_to``)."""
    copy = Evidence(
        entry=entry, title=evidence.title, url=evidence.url, content_type=evidence.content_type,
        size=evidence.size, carried_from_year=from_year,
    )
    if evidence.file:
        with evidence.file.open("rb") as source:
            copy.file.save(evidence.file.name.rsplit("/", 1)[-1], ContentFile(source.read()), save=False)
    return copy


class VerdictRow(NamedTuple):
    """One item's verdict as a form gives it to ``record_verdicts``: ``passed`` (``True`` /
    ``False``; ``None``: no verdict for the item), ``reason`` and ``advice`` (texts, "" when none)."""

    passed: bool | None
    reason: str = ""
    advice: str = ""


ASSESSED_ELSEWHERE = "ข้อนี้ผู้ประเมินของหน่วยงานต้นสังกัดบันทึกผลไว้ จึงแก้ไขจากหน้านี้ไม่ได้ (ผู้ประเมินแก้ไขได้ที่หน้าผลการตรวจของสถานศึกษา)"


@transaction.atomic
def record_verdicts(*, checklist, round: str, rows: dict, by, assessed_by=None) -> int:
    """Record the verdicts of ``round`` (``VerdictRound``) on ``checklist``'s items as the
    assessor gave them — ``assessed_by`` the assessing user (an office assessing its school in
    the school round), ``None`` when transcribed from ITAS — ``rows`` ``{entry id:
    VerdictRow}``: changed rows are updated, new ones created, a row without a verdict
    (``passed`` ``None``) removes the stored one. Returns how many verdicts the round holds.
    Raises ``ValidationError`` when a preliminary verdict with a clarification would be
    removed or turned into a pass (its clarification would be lost), and when a transcription
    (no ``assessed_by``) would change a verdict an office's assessor recorded
    (``ASSESSED_ELSEWHERE``: a school never rewrites its own score) — all or nothing."""
    from assessments.models import ItemVerdict, VerdictRound

    stored = {v.entry_id: v for v in ItemVerdict.objects.filter(entry__checklist=checklist, round=round).annotate(n_evidence=Count("evidence"))}
    entry_ids = set(checklist.entries.values_list("pk", flat=True))
    for entry_id, row in rows.items():
        if entry_id not in entry_ids:
            raise ValidationError("รายการนี้ไม่อยู่ในแบบตรวจนี้")
        verdict = stored.get(entry_id)
        if verdict is not None and round == VerdictRound.PRELIMINARY and (verdict.clarification or verdict.n_evidence) and row.passed is not False:
            raise ValidationError({f"passed_{entry_id}": "ข้อนี้มีคำชี้แจงแล้ว จึงเปลี่ยนเป็นผ่านหรือลบผลไม่ได้ (ลบคำชี้แจงและหลักฐานก่อน)"})
        if verdict is not None and verdict.assessed_by_id is not None and assessed_by is None and (
            (verdict.passed, verdict.reason, verdict.advice) != (row.passed, row.reason, row.advice)
        ):
            raise ValidationError({f"passed_{entry_id}": ASSESSED_ELSEWHERE})
        if row.passed is None:
            if verdict is not None:
                verdict.delete()
            continue
        if verdict is None:
            ItemVerdict.objects.create(
                entry_id=entry_id, round=round, passed=row.passed, reason=row.reason, advice=row.advice,
                recorded_by=by, assessed_by=assessed_by,
            )
        elif (verdict.passed, verdict.reason, verdict.advice, verdict.assessed_by_id) != (
            row.passed, row.reason, row.advice, getattr(assessed_by, "pk", None)
        ):
            verdict.passed, verdict.reason, verdict.advice, verdict.recorded_by = row.passed, row.reason, row.advice, by
            verdict.assessed_by = assessed_by
            verdict.save(update_fields=["passed", "reason", "advice", "recorded_by", "assessed_by", "recorded_at"])
    return ItemVerdict.objects.filter(entry__checklist=checklist, round=round).count()


def save_result_scores(result: ITAResult, indicator_scores: dict, sub_scores: dict) -> None:
    """Update ``result``'s stored scores in place (``{indicator id: Decimal or None}``, same
    for sub-indicators; ids not given are left alone): changed rows are updated, blanked ones
    deleted, new ones created, so the audit history records only what changed."""
    from assessments.models import IndicatorScore, SubIndicatorScore

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


NO_FINAL_VERDICTS = "ยังไม่ได้บันทึกผลสุดท้ายของแบบตรวจ OIT ปีนี้ (หน้าคำชี้แจงผลคะแนน OIT)"


@transaction.atomic
def use_final_oit_scores(*, result: ITAResult, version: int) -> OITChecklist:
    """Fill ``result``'s OIT scores from the final item verdicts of the organization's OIT
    checklist of the same framework (``OITChecklist.verdict_oit_scores``): each OIT
    sub-indicator gets its computed score rounded to two decimals, and each OIT indicator's
    stored score is cleared so the scorecard takes the mean of its sub-indicators — one
    computation, nothing typed twice; the proposed focuses (weakest + next two) follow.
    ``version`` is the result's version the page showed (``EditConflictError`` when it
    changed). Returns the checklist. Raises ``ValidationError`` (``NO_FINAL_VERDICTS``)
    when the organization has no checklist or no final verdict for this framework."""
    from assessments.scoring import round_score

    checklist = OITChecklist.objects.filter(organization=result.organization_id, framework=result.framework_id).first()
    oit = checklist.verdict_oit_scores() if checklist else None
    if oit is None:
        raise ValidationError(NO_FINAL_VERDICTS)
    result.save_edit(version, update_fields=["status"])
    sub_scores = {sub.sub_indicator.pk: round_score(sub.score) for row in oit.indicators for sub in row.subs}
    indicator_scores = {row.indicator.pk: None for row in oit.indicators}
    save_result_scores(result, indicator_scores, sub_scores)
    return checklist
