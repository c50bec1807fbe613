"""Every computed ITA figure, in one place.

* ``Scorecard`` — from an ``ITAResult``'s indicator and sub-indicator scores: each tool's
  score (plain mean of its indicators), its weighted score (tool score × weight / 100), the
  total (sum of the unrounded weighted scores), the rating from the framework's bands and
  whether the total reaches the pass mark; plus the proposal of the focuses of the analysis (the weakest indicator and the next two).
  ``Scorecard.assuming`` is the same card with some scores assumed (the what-if panels) and
  ``Scorecard.shortfalls`` says which tool kept the total out of a higher band.
* ``OITScores`` — from an ``OITChecklist``'s item scores (100 or 0): a sub-indicator is the
  percentage of its items scoring 100, an indicator the plain mean of its sub-indicators,
  the OIT tool the mean of its indicators. ``OITScores.assuming`` counts some more items as
  passed, ``OITScores.from_verdicts`` scores the items from an assessor's verdicts (the final
  verdicts of the clarification round, ``ItemVerdict``) instead of the organization's own
  scores, and ``Scorecard.from_oit`` puts a checklist's OIT figures into its framework's card.

All scores are ``Decimal`` percentages 0–100. Figures are kept unrounded; ``round_score``
rounds to two decimals (half up) for display and for rating, so the rating always agrees
with the total printed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ita_portal.documents import Discrepancy

TWO_PLACES = Decimal("0.01")


def round_score(value: Decimal | None) -> Decimal | None:
    """``value`` rounded half up to two decimals (94.9558 → 94.96); ``None`` stays ``None``."""
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal | None:
    """Plain mean of ``values`` (unrounded), or ``None`` for an empty list."""
    return sum(values, Decimal(0)) / len(values) if values else None


def ordered_bands(bands) -> list:
    """``bands`` (``RatingBand``) in the order ``rate`` tries them: the highest ``min_total``
    first, then the strictest per-tool condition (no condition last)."""
    return sorted(bands, key=lambda b: (-b.min_total, -(b.min_each_tool if b.min_each_tool is not None else -1)))


def rate(bands, total: Decimal | None, tool_scores: list[Decimal]):
    """Return the first band (``RatingBand``) whose conditions ``total`` (rounded to 2
    decimals) and every tool score (rounded likewise) meet, trying bands from the highest
    minimum down; ``None`` when the total is unknown or no band matches."""
    if total is None:
        return None
    total = round_score(total)
    tools = [round_score(s) for s in tool_scores]
    for band in ordered_bands(bands):
        if total < band.min_total:
            continue
        if band.min_each_tool is not None and any(s is None or s < band.min_each_tool for s in tools):
            continue
        return band
    return None


@dataclass
class SubIndicatorRow:
    sub_indicator: object
    score: Decimal | None


@dataclass
class IndicatorRow:
    """An indicator with its score: the published one, or the mean of its sub-indicators
    when none was published. ``sub_mean`` is that mean (for the discrepancy check)."""

    indicator: object
    stated: Decimal | None
    subs: list[SubIndicatorRow]

    @property
    def sub_mean(self) -> Decimal | None:
        scores = [s.score for s in self.subs if s.score is not None]
        return mean(scores) if scores and len(scores) == len(self.subs) else None

    @property
    def score(self) -> Decimal | None:
        return self.stated if self.stated is not None else self.sub_mean


@dataclass
class ToolRow:
    """A tool with its indicators; ``score`` is their mean — or ``assumed``, a score supposed
    for the whole tool in a what-if (percent 0–100) — and ``weighted`` = score × weight / 100."""

    tool: object
    indicators: list[IndicatorRow]
    assumed: Decimal | None = None

    @property
    def score(self) -> Decimal | None:
        if self.assumed is not None:
            return self.assumed
        scores = [i.score for i in self.indicators]
        return None if not scores or None in scores else mean(scores)

    @property
    def row_span(self) -> int:
        """Table rows this tool spans in the result table (its indicators and sub-indicators)."""
        return sum(1 + len(i.subs) for i in self.indicators)

    @property
    def weighted(self) -> Decimal | None:
        score = self.score
        return None if score is None else score * self.tool.weight / 100


@dataclass
class Shortfall:
    """A band the total reached but a tool did not: ``band`` (a ``RatingBand`` with a
    per-tool condition ``min_each_tool``) and ``tools``, the tools (``ToolRow``) scoring below it."""

    band: object
    tools: list[ToolRow]


@dataclass
class Focus:
    """A proposed focus: an indicator, or a sub-indicator with its indicator, and its score."""

    indicator: object
    sub_indicator: object | None
    score: Decimal


@dataclass
class Scorecard:
    """The computed figures of one ITA result (see the module docstring)."""

    framework: object
    tools: list[ToolRow]
    bands: list = field(default_factory=list)

    @classmethod
    def for_result(cls, result) -> Scorecard:
        """Build from ``result``: 4 queries, or none when ``ITAResult.objects`` prefetches
        were used (``indicator_scores``, ``sub_indicator_scores``, the framework's tools,
        indicators with sub-indicators, rating bands)."""
        framework = result.framework
        indicator_scores = {s.indicator_id: s.score for s in result.indicator_scores.all()}
        sub_scores = {s.sub_indicator_id: s.score for s in result.sub_indicator_scores.all()}
        return cls.build(framework, indicator_scores, sub_scores)

    @classmethod
    def build(cls, framework, indicator_scores: dict, sub_scores: dict) -> Scorecard:
        """Build from ``{indicator id: score}`` and ``{sub-indicator id: score}`` (Decimal 0–100)."""
        rows = {}
        for indicator in framework.indicators.all():
            subs = [SubIndicatorRow(s, sub_scores.get(s.pk)) for s in indicator.sub_indicators.all()]
            rows.setdefault(indicator.tool_id, []).append(IndicatorRow(indicator, indicator_scores.get(indicator.pk), subs))
        tools = [ToolRow(tool, rows.get(tool.pk, [])) for tool in framework.tools.all()]
        return cls(framework=framework, tools=tools, bands=list(framework.rating_bands.all()))

    @classmethod
    def from_oit(cls, framework, oit: OITScores) -> Scorecard:
        """The card of ``framework`` (tools, indicators with sub-indicators and rating bands
        prefetched, else a few queries) with its OIT indicators and sub-indicators scored from
        a checklist's ``oit`` figures; the other tools' indicators stay unscored."""
        indicator_scores = {row.indicator.pk: row.score for row in oit.indicators}
        sub_scores = {sub.sub_indicator.pk: sub.score for row in oit.indicators for sub in row.subs}
        return cls.build(framework, indicator_scores, sub_scores)

    def assuming(self, *, sub_scores: dict | None = None, indicator_scores: dict | None = None,
                 tool_scores: dict | None = None) -> Scorecard:
        """This card with some scores supposed (a what-if; nothing is stored): ``sub_scores``
        ``{sub-indicator id: score}``, ``indicator_scores`` ``{indicator id: score}`` and
        ``tool_scores`` ``{tool id: score}`` (``Decimal`` percent 0–100) replace the card's.
        An indicator one of whose sub-indicators is supposed no longer takes its published
        score: it is the mean of its sub-indicators, as an unpublished one is. Every other
        figure is computed by the same rules as the card's."""
        sub_scores, indicator_scores, tool_scores = sub_scores or {}, indicator_scores or {}, tool_scores or {}
        tools = []
        for tool in self.tools:
            rows = []
            for row in tool.indicators:
                subs = [SubIndicatorRow(s.sub_indicator, sub_scores.get(s.sub_indicator.pk, s.score)) for s in row.subs]
                changed = any(s.sub_indicator.pk in sub_scores for s in row.subs)
                stated = indicator_scores.get(row.indicator.pk, None if changed else row.stated)
                rows.append(IndicatorRow(row.indicator, stated, subs))
            tools.append(ToolRow(tool.tool, rows, assumed=tool_scores.get(tool.tool.pk, tool.assumed)))
        return Scorecard(framework=self.framework, tools=tools, bands=self.bands)

    @property
    def ordered_bands(self) -> list:
        """The framework's rating bands in the order the rating tries them (``ordered_bands``)."""
        return ordered_bands(self.bands)

    @property
    def shortfalls(self) -> list[Shortfall]:
        """Why the rating is not higher: each band tried before the rating's whose total
        condition the total (rounded to two decimals) meets but whose per-tool condition some
        tool (rounded likewise) misses — the qualitative scale from 2567 on, where every tool
        must reach 85 for ผ่านดี — the band nearest the rating first. ``[]`` when the total is
        unknown, or when only the total held the rating down."""
        rating = self.rating
        if rating is None:
            return []
        total = round_score(self.total)
        missed = []
        for band in ordered_bands(self.bands):
            if band is rating:
                break
            if total >= band.min_total and band.min_each_tool is not None:
                below = [t for t in self.tools if t.score is not None and round_score(t.score) < band.min_each_tool]
                if below:
                    missed.append(Shortfall(band, below))
        return list(reversed(missed))

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [i for t in self.tools for i in t.indicators]

    @property
    def complete(self) -> bool:
        return all(t.score is not None for t in self.tools)

    @property
    def total(self) -> Decimal | None:
        """Sum of the unrounded weighted tool scores (percent), ``None`` while a score is missing."""
        return sum((t.weighted for t in self.tools), Decimal(0)) if self.complete else None

    @property
    def rating(self):
        """The ``RatingBand`` of the total (see ``rate``), or ``None``."""
        return rate(self.bands, self.total, [t.score for t in self.tools])

    @property
    def passed(self) -> bool | None:
        total = self.total
        return None if total is None else round_score(total) >= self.framework.pass_mark

    def discrepancies(self) -> list[Discrepancy]:
        """Indicators whose published score differs from the mean of their sub-indicators
        (both rounded to two decimals)."""
        found = []
        for row in self.indicators:
            sub_mean = round_score(row.sub_mean)
            if row.stated is not None and sub_mean is not None and row.stated != sub_mean:
                found.append(Discrepancy(f"ตัวชี้วัดที่ {row.indicator.number} {row.indicator.name}", row.stated, sub_mean))
        return found

    def score_of(self, indicator_id: int, sub_indicator_id: int | None = None) -> Decimal | None:
        """The score of an indicator, or of one of its sub-indicators when ``sub_indicator_id`` is given."""
        for row in self.indicators:
            if row.indicator.pk == indicator_id:
                if sub_indicator_id is None:
                    return row.score
                return next((s.score for s in row.subs if s.sub_indicator.pk == sub_indicator_id), None)
        return None

    def ranked_leaves(self) -> list[Focus]:
        """Sub-indicators, and indicators without sub-indicators, lowest score first (ties by order)."""
        leaves = []
        for position, row in enumerate(self.indicators):
            if row.subs:
                for n, sub in enumerate(row.subs):
                    if sub.score is not None:
                        leaves.append(((sub.score, position, n), Focus(row.indicator, sub.sub_indicator, sub.score)))
            elif row.score is not None:
                leaves.append(((row.score, position, 0), Focus(row.indicator, None, row.score)))
        return [focus for _, focus in sorted(leaves, key=lambda pair: pair[0])]

    def proposed_focuses(self) -> dict:
        """The focuses the analysis-and-measures document proposes: ``{"urgent": Focus | None,
        "develop": [Focus, Focus]}`` — the lowest-scoring indicator or sub-indicator is to be
        corrected urgently, the next two lowest are to be developed."""
        ranked = self.ranked_leaves()
        return {"urgent": ranked[0] if ranked else None, "develop": ranked[1:3]}

    def highest_indicators(self) -> list[IndicatorRow]:
        """The indicators with the highest score (several when tied)."""
        scored = [r for r in self.indicators if r.score is not None]
        if not scored:
            return []
        top = max(r.score for r in scored)
        return [r for r in scored if r.score == top]

    def failed_indicators(self) -> list[IndicatorRow]:
        """Indicators below the pass mark."""
        return [r for r in self.indicators if r.score is not None and r.score < self.framework.pass_mark]


@dataclass
class OITSubRow:
    """A sub-indicator with its checklist entries; ``assume_passed``: ids of entries counted
    as scoring 100 whatever their score (a what-if)."""

    sub_indicator: object
    entries: list
    assume_passed: frozenset = frozenset()
    verdicts: dict | None = None

    def passes(self, entry) -> bool:
        """Whether ``entry`` counts as passed: it scores 100 — or, when the figures come from
        an assessor's ``verdicts`` (``{entry id: passed}``), its verdict passed it — or it is
        supposed to."""
        if entry.pk in self.assume_passed:
            return True
        if self.verdicts is not None:
            return bool(self.verdicts.get(entry.pk))
        return entry.score == 100

    @property
    def score(self) -> Decimal:
        """Percentage of this sub-indicator's items scoring 100 (an unscored item counts as 0)."""
        if not self.entries:
            return Decimal(0)
        passed = sum(1 for e in self.entries if self.passes(e))
        return Decimal(100) * passed / len(self.entries)


@dataclass
class OITIndicatorRow:
    indicator: object
    subs: list[OITSubRow]

    @property
    def score(self) -> Decimal:
        """Plain mean of the sub-indicators' scores."""
        return mean([s.score for s in self.subs]) or Decimal(0)


@dataclass
class OITScores:
    """OIT indicators → sub-indicators → checklist entries, with computed scores."""

    indicators: list[OITIndicatorRow]

    @classmethod
    def for_checklist(cls, checklist, entries=None) -> OITScores:
        """Group ``entries`` (default: the checklist's, with items and sub-indicators) by
        indicator and sub-indicator in framework order."""
        if entries is None:
            entries = checklist.entries.select_related("item__sub_indicator__indicator").order_by("item__order")
        return cls.group(entries)

    @classmethod
    def from_verdicts(cls, entries, verdicts: dict) -> OITScores:
        """The OIT figures an assessor's verdicts give: ``entries`` (with
        ``item__sub_indicator__indicator``) scored from ``verdicts`` ``{entry id: passed}``
        (e.g. the final verdicts after the clarification round, ``ItemVerdict``) instead of
        the organization's own item scores; an entry without a verdict counts as not passed.
        Same rules as ``group``: a sub-indicator is the percentage of its items passed."""
        grouped = cls.group(entries)
        return OITScores([
            OITIndicatorRow(row.indicator, [OITSubRow(s.sub_indicator, s.entries, verdicts=dict(verdicts)) for s in row.subs])
            for row in grouped.indicators
        ])

    @classmethod
    def group(cls, entries) -> OITScores:
        indicators: dict = {}
        for entry in entries:
            sub = entry.item.sub_indicator
            ind = indicators.setdefault(sub.indicator.number, (sub.indicator, {}))
            ind[1].setdefault((sub.order, sub.pk), (sub, []))[1].append(entry)
        rows = []
        for number in sorted(indicators):
            indicator, subs = indicators[number]
            rows.append(OITIndicatorRow(indicator, [OITSubRow(s, e) for _, (s, e) in sorted(subs.items(), key=lambda kv: kv[0])]))
        return cls(rows)

    def assuming(self, entry_ids) -> OITScores:
        """These figures with the entries ``entry_ids`` counted as scoring 100 (a what-if;
        nothing is stored)."""
        passed = frozenset(entry_ids)
        return OITScores([
            OITIndicatorRow(row.indicator, [OITSubRow(s.sub_indicator, s.entries, passed | s.assume_passed, s.verdicts) for s in row.subs])
            for row in self.indicators
        ])

    @property
    def total(self) -> Decimal:
        """Mean of the OIT indicators (percent); 0 when there are none."""
        return mean([i.score for i in self.indicators]) or Decimal(0)

    @property
    def entries(self) -> list:
        return [e for i in self.indicators for s in i.subs for e in s.entries]
