"""The what-if panels ("ถ้า…") of the ITA result's staff page and of the OIT checklist's
readiness view: the user supposes some OIT items or sub-indicators passed and/or types a
score for a whole tool (IIT, EIT), submits a GET form, and sees the indicator scores, tool
scores, total and rating recomputed beside the current ones. Nothing is stored.

Every figure comes from ``assessments.scoring`` (``Scorecard.assuming``,
``OITScores.assuming``, ``Scorecard.from_oit``); this module only decides what may be
supposed and turns the validated form (``assessments.forms.WhatIfForm``) into those calls.

* On a result, which stores indicator and sub-indicator scores but no item answers, the OIT
  sub-indicators scoring below 100 may be supposed to reach 100 (an OIT indicator without
  sub-indicators likewise).
* On a checklist, the items not yet approved whose score is not 100 may be supposed to score
  100; the typed tool scores stand for the tools the checklist does not hold (IIT, EIT).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects

from assessments.forms import WhatIfForm
from assessments.scoring import Scorecard

PASSED = Decimal(100)
# The tool whose scores come from the disclosure items (OIT): it is supposed item by item,
# the others (IIT, EIT: surveys) as a whole.
ITEM_TOOL = "OIT"


@dataclass
class Choice:
    """One thing that may be supposed passed: ``value`` (the form's choice: a sub-indicator
    or indicator number such as "9.5", or an item code such as "O12"), ``label`` (its number
    with its kind, "ตัวชี้วัดย่อยที่ 9.5", or its code), ``name`` and ``score`` (its current
    score, percent; ``None``: not scored)."""

    value: str
    label: str
    name: str
    score: Decimal | None


@dataclass
class WhatIf:
    """A what-if panel: ``form`` (``WhatIfForm``, bound when the page was asked with a query),
    ``choices`` (``Choice``), ``current`` (``Scorecard`` as things stand) and ``assumed`` (the
    ``Scorecard`` with the supposed scores, ``None`` until a valid form with a change is
    submitted); ``typed_tools``: the tools whose score may be typed."""

    form: WhatIfForm
    choices: list[Choice]
    current: Scorecard
    assumed: Scorecard | None
    typed_tools: list

    @property
    def selected(self) -> list[str]:
        """The choices ticked in the submitted query (shown ticked again, even when invalid)."""
        return self.form.data.getlist("passed") if self.form.is_bound else []

    @property
    def typed(self) -> list[tuple]:
        """``[(tool, bound field, current ToolRow)]`` of the scores that may be typed."""
        current = {t.tool.pk: t for t in self.current.tools}
        return [(tool, field, current[tool.pk]) for tool, field in self.form.tool_fields()]

    @property
    def rows(self) -> list[dict]:
        """The comparison table: per tool ``{"tool": current ToolRow, "assumed": ToolRow or
        None, "indicators": [{"current": IndicatorRow, "assumed": …, "subs": [(current
        SubIndicatorRow, assumed or None)]}]}`` in framework order."""
        assumed_tools = self.assumed.tools if self.assumed else [None] * len(self.current.tools)
        rows = []
        for tool, other in zip(self.current.tools, assumed_tools):
            indicators = []
            for i, row in enumerate(tool.indicators):
                other_row = other.indicators[i] if other else None
                subs = [(sub, other_row.subs[n] if other_row else None) for n, sub in enumerate(row.subs)]
                indicators.append({"current": row, "assumed": other_row, "subs": subs})
            rows.append({"tool": tool, "assumed": other, "indicators": indicators})
        return rows


def _typed_tools(card: Scorecard) -> list:
    return [t.tool for t in card.tools if t.tool.code != ITEM_TOOL]


def _tool_scores(form: WhatIfForm, tools) -> dict:
    return {tool.pk: form.cleaned_data[form.tool_field(tool)] for tool in tools if form.cleaned_data.get(form.tool_field(tool)) is not None}


def for_result(result, query) -> WhatIf:
    """The what-if of an ITA result from the staff page's ``query`` (``request.GET``): its
    ``scorecard()`` (no query when prefetched) as the current figures."""
    card = result.scorecard()
    choices = []
    for tool in card.tools:
        if tool.tool.code != ITEM_TOOL:
            continue
        for row in tool.indicators:
            if row.subs and all(s.score is not None for s in row.subs):
                choices += [Choice(s.sub_indicator.number, f"ตัวชี้วัดย่อยที่ {s.sub_indicator.number}", s.sub_indicator.name, s.score)
                            for s in row.subs if s.score < PASSED]
            elif row.score is not None and row.score < PASSED:
                number = str(row.indicator.number)
                choices.append(Choice(number, f"ตัวชี้วัดที่ {number}", row.indicator.name, row.score))
    typed = _typed_tools(card)
    form = WhatIfForm(query or None, tools=typed, choices=[(c.value, c.label) for c in choices])
    assumed = None
    if form.is_valid() and form.has_changes():
        passed = set(form.cleaned_data["passed"])
        subs = {s.sub_indicator.pk: PASSED for row in card.indicators for s in row.subs if s.sub_indicator.number in passed}
        indicators = {row.indicator.pk: PASSED for row in card.indicators if str(row.indicator.number) in passed}
        assumed = card.assuming(sub_scores=subs, indicator_scores=indicators, tool_scores=_tool_scores(form, typed))
    return WhatIf(form, choices, card, assumed, typed)


def for_checklist(checklist, entries, oit, readiness, query) -> WhatIf:
    """The what-if of an OIT checklist from its page's ``query`` (``request.GET``): ``entries``
    (its ``ChecklistEntry`` rows with evidence prefetched), ``oit`` (their ``OITScores``) and
    ``readiness`` (``Readiness``, which decides what is approved). Reads the framework's tools,
    indicators with sub-indicators and rating bands (4 queries)."""
    framework = checklist.framework
    prefetch_related_objects([framework], "tools", "indicators__sub_indicators", "rating_bands")
    card = Scorecard.from_oit(framework, oit)
    open_entries = [e for e in entries if readiness.state(e) != "approved" and e.score != PASSED]
    choices = [Choice(e.item.code, e.item.code, e.item.title, e.score) for e in open_entries]
    typed = _typed_tools(card)
    form = WhatIfForm(query or None, tools=typed, choices=[(c.value, c.label) for c in choices])
    assumed = None
    if form.is_valid() and form.has_changes():
        passed = set(form.cleaned_data["passed"])
        supposed = oit.assuming(e.pk for e in open_entries if e.item.code in passed)
        assumed = Scorecard.from_oit(framework, supposed).assuming(tool_scores=_tool_scores(form, typed))
    return WhatIf(form, choices, card, assumed, typed)
