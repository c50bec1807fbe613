"""Score-Final of an office's schools: the figures an educational service area office sends
to OBEC at the end of the school round of "ITA Online" (Score-School, Score-Final and the
report: ``../shared/domain/ita-frameworks-2566-2569.md``, OBEC section, source S-ITASCH).

Nothing is computed here a second time: every school's indicator scores, tool scores,
weighted total and rating come from its ``ITAResult`` through ``assessments.scoring.Scorecard``
(tools 30/30/40 and the rating bands are the framework's data). This module only gathers the
office's schools, picks each school's result of the fiscal year, lines the figures up in
columns and counts them (``OfficeScores``).

Figures are ``Decimal`` percentages 0–100, unrounded; ``round_score`` (two decimals, half
up) is applied where they are printed or written to the workbook, as everywhere else.
Fiscal years are Buddhist Era.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import AssessingBody, ITAResult, OITChecklist
from assessments.scoring import Scorecard, mean, ordered_bands, round_score
from ita_portal.models import Organization

# The layout of OBEC's Score-School / Score-Final sheets has not been read: the domain notes
# name the sheets and what they are for (S-ITASCH), not their columns. Printed in each sheet's
# header note and on the page, so nobody takes the layout for OBEC's own.
LAYOUT_NOTE = (
    "รูปแบบคอลัมน์ของแผ่นงานนี้ยังไม่ได้ยืนยันกับแม่แบบ Score-School / Score-Final ของ สพฐ. "
    "(ที่มา: ชุดเครื่องมือ ITA Online สำหรับสถานศึกษา itaschool.pracharath.ac.th ระบุชื่อแผ่นงานและการส่งไฟล์ให้ สพฐ. "
    "แต่ยังไม่ได้อ่านแม่แบบจริง) ชุดเครื่องมือมีแผ่นงาน “Score-School(not4243)” ซึ่งอาจหมายถึงการคิดคะแนนโดยไม่รวม O42–O43 "
    "(ยังไม่ได้ยืนยัน) ระบบคิดคะแนนตามกรอบการประเมินที่ใช้ ตรวจสอบกับแม่แบบที่ได้รับจาก สพฐ. ก่อนส่ง"
)
LAYOUT_SOURCE = "https://itaschool.pracharath.ac.th/ขนตอนการประเมน (S-ITASCH)"

NO_RESULT = "ยังไม่มีผลการประเมิน"


@dataclass(frozen=True)
class IndicatorColumn:
    """One indicator column: its number and name (from the framework of the results)."""

    number: int
    name: str


@dataclass
class ToolColumn:
    """One tool (``code`` IIT / EIT / OIT, ``name``, ``weight`` percent) and its indicator columns."""

    code: str
    name: str
    weight: Decimal
    indicators: list[IndicatorColumn] = field(default_factory=list)


@dataclass
class SchoolScore:
    """One school's row: ``result`` (its ITA result of the year, or ``None``) and ``card``
    (its ``Scorecard``, or ``None``). ``indicators`` and ``tools`` are the scores under the
    office's columns (``Decimal`` percent or ``None``); ``missing`` says in Thai what keeps
    the row from being complete (empty when complete)."""

    school: Organization
    result: ITAResult | None
    card: Scorecard | None
    indicators: list[Decimal | None]
    tools: list[Decimal | None]
    missing: list[str]
    columns: list[ToolColumn] = field(default_factory=list, repr=False)

    @property
    def tool_cells(self) -> list[tuple[ToolColumn, Decimal | None]]:
        """``(tool column, score)`` pairs, in column order."""
        return list(zip(self.columns, self.tools))

    @property
    def indicator_cells(self) -> list[tuple[IndicatorColumn, Decimal | None]]:
        """``(indicator column, score)`` pairs, in column order."""
        return list(zip([i for t in self.columns for i in t.indicators], self.indicators))

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total(self) -> Decimal | None:
        """The weighted total (percent, unrounded; ``Scorecard.total``), or ``None``."""
        return self.card.total if self.card is not None else None

    @property
    def rating(self) -> str:
        """The rating's label (e.g. "AA"; ``Scorecard.rating``), or "" without one."""
        band = self.card.rating if self.card is not None else None
        return band.label if band is not None else ""

    @property
    def rounded_indicators(self) -> list[Decimal | None]:
        return [round_score(v) for v in self.indicators]

    @property
    def rounded_tools(self) -> list[Decimal | None]:
        return [round_score(v) for v in self.tools]

    @property
    def rounded_total(self) -> Decimal | None:
        return round_score(self.total)


@dataclass
class RatingCount:
    label: str
    count: int


@dataclass
class OfficeScores:
    """The office's Score-Final of fiscal year ``fiscal_year`` (BE): ``columns`` (tools with
    their indicators, in the framework's order), ``rows`` (one ``SchoolScore`` per school,
    in code order), ``frameworks`` (those of the results shown) and ``years`` (the fiscal
    years that have results or checklists of the office's schools, newest first)."""

    office: Organization
    fiscal_year: int | None
    years: list[int]
    columns: list[ToolColumn]
    rows: list[SchoolScore]
    frameworks: list = field(default_factory=list)
    band_labels: list[str] = field(default_factory=list)

    @property
    def indicator_columns(self) -> list[IndicatorColumn]:
        return [i for tool in self.columns for i in tool.indicators]

    @property
    def complete_rows(self) -> list[SchoolScore]:
        """The schools scored: every tool has a score, so a total and a rating."""
        return [r for r in self.rows if r.complete]

    @property
    def incomplete_rows(self) -> list[SchoolScore]:
        return [r for r in self.rows if not r.complete]

    @property
    def rating_counts(self) -> list[RatingCount]:
        """How many scored schools got each rating, every band of the frameworks listed
        (highest first, zeros too); a total in no band counts under "ไม่อยู่ในระดับใด"."""
        counts = {label: 0 for label in self.band_labels}
        unrated = 0
        for row in self.complete_rows:
            if row.rating:
                counts[row.rating] = counts.get(row.rating, 0) + 1
            else:
                unrated += 1
        found = [RatingCount(label, n) for label, n in counts.items()]
        return found + ([RatingCount("ไม่อยู่ในระดับใด", unrated)] if unrated else [])

    @property
    def mean_total(self) -> Decimal | None:
        """Mean of the scored schools' unrounded totals (percent), ``None`` when none is scored."""
        return mean([r.total for r in self.complete_rows])

    @property
    def mean_tools(self) -> list[Decimal | None]:
        """Mean of each tool column over the scored schools (unrounded), aligned with ``columns``."""
        scored = self.complete_rows
        return [mean([r.tools[n] for r in scored]) for n in range(len(self.columns))]

    @property
    def mean_tool_cells(self) -> list[tuple[ToolColumn, Decimal | None]]:
        """``(tool column, mean)`` pairs (``mean_tools``)."""
        return list(zip(self.columns, self.mean_tools))

    def only(self, school: Organization) -> OfficeScores:
        """The same figures restricted to ``school``'s row (what a school's own members see)."""
        return OfficeScores(
            office=self.office, fiscal_year=self.fiscal_year, years=self.years, columns=self.columns,
            rows=[r for r in self.rows if r.school.pk == school.pk], frameworks=self.frameworks,
            band_labels=self.band_labels,
        )


def _preference(result: ITAResult) -> tuple:
    """Which of a school's results of one year is its Score-Final: the school round's body
    (``obec_sch``) first, then the newest framework revision, then the newest result."""
    return (result.framework.assessing_body == AssessingBody.OBEC_SCHOOL, result.framework.revision, result.pk)


def office_scores(office: Organization, fiscal_year: int | None = None) -> OfficeScores:
    """The Score-Final of ``office``'s schools (``Organization.descendants``, code order) for
    ``fiscal_year`` (BE; when ``None`` or not among the years that have results or
    checklists of its schools, the newest of them). Each school's result is its latest
    revision (one no revision corrects) of a framework of that year (several: see
    ``_preference``), scored by ``Scorecard``; a school without one is listed as "ยังไม่มีผล
    การประเมิน". Ten queries whatever the number of schools (schools, years of results and
    of checklists, results, their indicator and sub-indicator scores, the frameworks' tools,
    indicators, sub-indicators and rating bands)."""
    schools = list(office.descendants().order_by("code"))
    ids = [s.pk for s in schools]
    years = set(
        ITAResult.objects.filter(organization__in=ids).values_list("framework__fiscal_year", flat=True)
    ) | set(OITChecklist.objects.filter(organization__in=ids).values_list("framework__fiscal_year", flat=True))
    years = sorted(years, reverse=True)
    year = fiscal_year if fiscal_year in years else (years[0] if years else None)
    chosen: dict[int, ITAResult] = {}
    if year is not None:
        results = (
            ITAResult.objects.filter(organization__in=ids, framework__fiscal_year=year, revisions__isnull=True)
            .select_related("framework")
            .prefetch_related(
                "indicator_scores", "sub_indicator_scores", "framework__tools",
                "framework__indicators__sub_indicators", "framework__rating_bands",
            )
        )
        for result in results:
            held = chosen.get(result.organization_id)
            if held is None or _preference(result) > _preference(held):
                chosen[result.organization_id] = result
    frameworks = list({r.framework_id: r.framework for r in sorted(chosen.values(), key=_preference, reverse=True)}.values())
    columns = _columns(frameworks)
    rows = [_row(school, chosen.get(school.pk), columns) for school in schools]
    labels = []
    for framework in frameworks:
        for band in ordered_bands(framework.rating_bands.all()):
            if band.label not in labels:
                labels.append(band.label)
    return OfficeScores(office=office, fiscal_year=year, years=years, columns=columns, rows=rows,
                        frameworks=frameworks, band_labels=labels)


def _columns(frameworks) -> list[ToolColumn]:
    """The tools (by code) and their indicators (by number) of ``frameworks``, the first
    framework's names and order winning; the others' extra tools or indicators are added."""
    tools: dict[str, ToolColumn] = {}
    for framework in frameworks:
        indicators = list(framework.indicators.all())
        for tool in sorted(framework.tools.all(), key=lambda t: (t.order, t.pk)):
            column = tools.setdefault(tool.code, ToolColumn(tool.code, tool.name, tool.weight))
            known = {i.number for i in column.indicators}
            for indicator in sorted((i for i in indicators if i.tool_id == tool.pk), key=lambda i: i.number):
                if indicator.number not in known:
                    column.indicators.append(IndicatorColumn(indicator.number, indicator.name))
    return list(tools.values())


def _row(school: Organization, result: ITAResult | None, columns: list[ToolColumn]) -> SchoolScore:
    if result is None:
        n_indicators = sum(len(t.indicators) for t in columns)
        return SchoolScore(school, None, None, [None] * n_indicators, [None] * len(columns), [NO_RESULT], columns)
    card = result.scorecard()
    by_number = {row.indicator.number: row.score for row in card.indicators}
    by_code = {tool.tool.code: tool.score for tool in card.tools}
    indicators = [by_number.get(i.number) for t in columns for i in t.indicators]
    missing_numbers = [row.indicator.number for row in card.indicators if row.score is None]
    missing = []
    if missing_numbers:
        missing.append("ยังไม่มีคะแนนตัวชี้วัดที่ " + ", ".join(str(n) for n in missing_numbers))
    empty_tools = [t.tool.code for t in card.tools if not t.indicators]
    if empty_tools:
        missing.append("เครื่องมือที่ไม่มีตัวชี้วัดในกรอบการประเมิน: " + ", ".join(empty_tools))
    return SchoolScore(school, result, card, indicators, [by_code.get(t.code) for t in columns], missing, columns)
