"""The document kind of assessments: the ITA result with its analysis and measures
(มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, OIT item O42), registered with
``ita_portal.kinds`` from ``AssessmentsConfig.ready()``.
"""

from __future__ import annotations

from django.db.models import Prefetch

from assessments.models import (
    Framework,
    ImprovementFocus,
    Indicator,
    IndicatorScore,
    ITAResult,
    Limitation,
    Measure,
    MeasureActivity,
    RatingBand,
    SubIndicator,
    SubIndicatorScore,
    Tool,
)
from ita_portal.kinds import DocumentKind, Row, register

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


def result_context(result: ITAResult) -> dict:
    """Template context of the analysis-and-measures document (page, PDF and exports)."""
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


def _result_missing(result: ITAResult) -> list[str]:
    """What the ITA result still lacks before it is submitted (``check_submit``), one Thai
    sentence a gap; ``[]`` when complete. The document analyses the published scores of its
    indicators (seed 002: the scores table, then the issues and measures drawn from them),
    so it is submitted only with them. Uses a prefetched ``indicator_scores``."""
    if not result.indicator_scores.all():
        return ["คะแนนผลการประเมิน: ยังไม่ได้บันทึกคะแนนตัวชี้วัด"]
    return []


def _with_checklist(user, result: ITAResult) -> dict:
    """``staff_extra``: the gaps for the workflow panel's "รายการที่ยังไม่ครบ" (``None``
    once approved). Assessments imports no other app, so this is its own copy of
    ``plans.kinds.with_checklist``."""
    return {"missing": None if result.is_approved else _result_missing(result)}


def _what_if(user, result: ITAResult, query) -> dict:
    """``staff_query_extra``: the what-if panel ("ถ้า…", ``assessments.what_if``) from the
    staff page's query string; members who may only read use it too (it stores nothing)."""
    from assessments.what_if import for_result

    return {"what_if": for_result(result, query)}


ITA_RESULT = DocumentKind(
    slug="ita-result",
    urls={"page": "assessments:result", "pdf": "assessments:result_pdf", "staff": "assessments:result_staff"},
    model=ITAResult,
    label="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    section="ผลการประเมิน ITA และมาตรการ",
    search_fields=("framework__name",),
    queryset=result_document_queryset,
    organization_path="organization",
    fiscal_year_path="framework__fiscal_year",
    context=result_context,
    body_template="assessments/_result_document.html",
    notes_template="assessments/_result_notes.html",
    staff_actions_template="assessments/_result_actions.html",
    staff_sections_template="assessments/_result_what_if.html",
    stylesheet="css/oit.css",
    history_label="ผลการประเมินและข้อเสนอแนะ",
    rows=(
        Row(IndicatorScore, "result", lambda r: "คะแนนตัวชี้วัด"),
        Row(SubIndicatorScore, "result", lambda r: "คะแนนตัวชี้วัดย่อย"),
        Row(ImprovementFocus, "result", lambda r: "ประเด็นการพัฒนา"),
        Row(Measure, "focus__result", lambda r: "มาตรการ"),
        Row(MeasureActivity, "focus__result", lambda r: "กิจกรรมตามมาตรการ"),
        Row(Limitation, "result", lambda r: "ข้อจำกัดของหน่วยงาน"),
        # The framework the figures are computed with (shared by other results: not copied).
        Row(Framework, "results", lambda r: "กรอบการประเมิน", copy=False),
        Row(Tool, "framework__results", lambda r: "เครื่องมือการประเมิน", copy=False),
        Row(Indicator, "framework__results", lambda r: "ตัวชี้วัด", copy=False),
        Row(SubIndicator, "indicator__framework__results", lambda r: "ตัวชี้วัดย่อย", copy=False),
        Row(RatingBand, "framework__results", lambda r: "ระดับผลการประเมิน", copy=False),
    ),
    check_submit=_result_missing,
    staff_extra=_with_checklist,
    staff_query_extra=_what_if,
)


def register_kinds() -> None:
    """Register the kinds of this app (called from ``AssessmentsConfig.ready()``)."""
    register(ITA_RESULT)
