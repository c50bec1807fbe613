"""Seed-file sections of the assessments app (registered in ``AssessmentsConfig.ready``).

* ``"frameworks"``: ``[{assessing_body, fiscal_year, name, pass_mark, source_note,
  verification?, verification_source?, tools: [{code, name, weight}], indicators: [{number,
  name, tool, sub_indicators: [{number, name}]}], rating_bands: [{label, min_total,
  min_each_tool?}], items: [{code, title, sub_indicator, content_elements: [line],
  evidence_period?, verification?, source?: [line], continues?: [code]}], phases?: [{kind, starts_on, ends_on,
  remind_days_before?, note?, verification?, source?: [line]}]}]``. Phase dates are ISO
  strings of the Common Era ("2027-03-01"); ``kind`` is a ``PhaseKind`` value; a phase is
  matched by kind and updated in place (phases of other kinds are left alone).
  ``verification`` is a
  ``Verification`` value; a framework or item that does not state it is loaded as
  provisional (nothing is shown as confirmed unless its fixture says so). A framework is
  matched by (assessing body, fiscal year) and updated in place; its rows are matched by
  code / number so that results and checklists that point at them keep working.
  ``continues`` names the codes of the items of the same assessing body's framework of the
  previous fiscal year that the item continues (``DisclosureItem.continues``); it is set
  when that framework is loaded (the fixture files load in name order, 2566 before 2567)
  and left alone otherwise; an unknown code is a ``SeedError``.
* ``"ita_results"``: an organization's scores (``{"1": "98.10", "9.1": "100.00", …}``) with
  the analysis, measures, limitations and recommendations of the analysis-and-measures document.
* ``"oit_checklists"``: an organization's checklist entries (item code, score, status) and
  the analysis of the OIT analysis report.

Scores are strings of Arabic digits (percent, two decimals). Every row goes through
``full_clean()`` (``ita_portal.seeds._save``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from assessments.models import (
    AssessmentPhase,
    ChecklistEntry,
    DisclosureItem,
    Framework,
    ImprovementFocus,
    Indicator,
    IndicatorScore,
    ITAResult,
    Limitation,
    Measure,
    MeasureActivity,
    OITChecklist,
    RatingBand,
    SubIndicator,
    SubIndicatorScore,
    Tool,
    Verification,
)
from ita_portal.models import Organization
from ita_portal.seeds import SeedError, _lines, _save, source_notes


def _get(model, where, **lookup):
    obj = model.objects.filter(**lookup).first()
    return obj or model(**lookup)


def load_frameworks(path, rows, organizations) -> list[Framework]:
    loaded = []
    for f in rows:
        where = f"{path.name}: framework {f['assessing_body']} {f['fiscal_year']}"
        framework = _get(Framework, where, assessing_body=f["assessing_body"], fiscal_year=f["fiscal_year"], revision=1)
        if framework.pk and framework.is_frozen():
            # In use by a submitted or approved result: a reload keeps the framework it was computed with.
            loaded.append(framework)
            continue
        framework.name = f["name"]
        framework.pass_mark = Decimal(f.get("pass_mark", "85.00"))
        framework.source_note = f.get("source_note", "")
        framework.verification = f.get("verification", Verification.PROVISIONAL)
        framework.verification_source = _lines(f.get("verification_source"))
        _save(framework, where)
        tools = {}
        for order, t in enumerate(f["tools"], 1):
            tool = _get(Tool, where, framework=framework, code=t["code"])
            tool.name, tool.weight, tool.order = t.get("name", ""), Decimal(t["weight"]), order
            tools[t["code"]] = _save(tool, f"{where}: tool {t['code']}")
        subs = {}
        for i in f["indicators"]:
            indicator = _get(Indicator, where, framework=framework, number=i["number"])
            indicator.name, indicator.tool = i["name"], tools[i["tool"]]
            _save(indicator, f"{where}: indicator {i['number']}")
            for order, s in enumerate(i.get("sub_indicators", []), 1):
                sub = _get(SubIndicator, where, indicator=indicator, number=s["number"])
                sub.name, sub.order = s["name"], order
                subs[s["number"]] = _save(sub, f"{where}: sub-indicator {s['number']}")
        framework.rating_bands.all().delete()
        for b in f["rating_bands"]:
            _save(
                RatingBand(
                    framework=framework,
                    label=b["label"],
                    min_total=Decimal(b["min_total"]),
                    min_each_tool=Decimal(b["min_each_tool"]) if b.get("min_each_tool") else None,
                ),
                f"{where}: rating band {b['label']}",
            )
        previous = Framework.objects.newest().filter(assessing_body=f["assessing_body"], fiscal_year=f["fiscal_year"] - 1).first()
        previous_items = {i.code: i for i in previous.items.all()} if previous else {}
        for order, it in enumerate(f.get("items", []), 1):
            if it["sub_indicator"] not in subs:
                raise SeedError(f"{where}: item {it['code']} names unknown sub-indicator {it['sub_indicator']}")
            item = _get(DisclosureItem, where, framework=framework, code=it["code"])
            item.title, item.order, item.sub_indicator = it["title"], order, subs[it["sub_indicator"]]
            item.content_elements = _lines(it.get("content_elements"))
            item.evidence_period = it.get("evidence_period", "")
            item.verification = it.get("verification", Verification.PROVISIONAL)
            item.source = _lines(it.get("source"))
            _save(item, f"{where}: item {it['code']}")
            if previous and "continues" in it:
                unknown = [code for code in it["continues"] if code not in previous_items]
                if unknown:
                    raise SeedError(f"{where}: item {it['code']} continues unknown item(s) {', '.join(unknown)} of {previous.fiscal_year}")
                item.continues.set([previous_items[code] for code in it["continues"]])
        for ph in f.get("phases", []):
            phase = _get(AssessmentPhase, where, framework=framework, kind=ph["kind"])
            phase.starts_on = datetime.date.fromisoformat(ph["starts_on"])
            phase.ends_on = datetime.date.fromisoformat(ph["ends_on"])
            phase.remind_days_before = ph.get("remind_days_before")
            phase.note = ph.get("note", "")
            phase.verification = ph.get("verification", Verification.PROVISIONAL)
            phase.source = _lines(ph.get("source"))
            _save(phase, f"{where}: phase {ph['kind']}")
        loaded.append(framework)
    return loaded


def _framework(where, row) -> Framework:
    try:
        return Framework.objects.newest().get(assessing_body=row["assessing_body"], fiscal_year=row["fiscal_year"])
    except Framework.DoesNotExist as exc:
        raise SeedError(f"{where}: no framework {row['assessing_body']} {row['fiscal_year']} (load seed_0000_framework_*.json first)") from exc


def _organization(organizations, code) -> Organization:
    return organizations.get(code) or Organization.objects.get(code=code)


def load_results(path, rows, organizations) -> list[ITAResult]:
    loaded = []
    for r in rows:
        where = f"{path.name}: ITA result {r['organization']} {r['fiscal_year']}"
        framework = _framework(where, r)
        result = _get(ITAResult, where, organization=_organization(organizations, r["organization"]), framework=framework)
        if result.pk and result.is_approved:
            # Approved documents are frozen: a reload keeps the approved version as it is.
            loaded.append(result)
            continue
        for field in ("digit_system", "introduction", "policy_recommendations_intro", "practice_recommendations_intro",
                      "reporter_name", "reporter_position", "recommendations_intro"):
            setattr(result, field, r.get(field, getattr(result, field)))
        result.target_score = Decimal(r["target_score"]) if r.get("target_score") else None
        result.policy_recommendations = _lines(r.get("policy_recommendations"))
        result.practice_recommendations = _lines(r.get("practice_recommendations"))
        result.source_notes = source_notes(r.get("source_notes"), result.organization, where)
        _save(result, where)
        save_scores(result, r.get("scores", {}), where)
        result.focuses.all().delete()
        indicators = {i.number: i for i in framework.indicators.all()}
        subs = {s.number: s for s in SubIndicator.objects.filter(indicator__framework=framework)}
        for order, fo in enumerate(r.get("focuses", []), 1):
            focus = _save(
                ImprovementFocus(
                    result=result, kind=fo["kind"], order=order, indicator=indicators[fo["indicator"]],
                    sub_indicator=subs.get(fo.get("sub_indicator")), analysis=_lines(fo.get("analysis")),
                    weakness=_lines(fo.get("weakness")), development=_lines(fo.get("development")),
                ),
                f"{where}: focus {order}",
            )
            for n, m in enumerate(fo.get("measures", []), 1):
                _save(Measure(focus=focus, order=n, title=m["title"], details=_lines(m.get("details"))), f"{where}: measure {n}")
            for n, a in enumerate(fo.get("activities", []), 1):
                _save(
                    MeasureActivity(focus=focus, order=n, title=a["title"], steps=_lines(a.get("steps")),
                                    timeline=_lines(a.get("timeline")), responsible=a.get("responsible", "")),
                    f"{where}: activity {n}",
                )
        result.limitations.all().delete()
        for lim in r.get("limitations", []):
            _save(
                Limitation(result=result, area=lim["area"], limitations=_lines(lim["limitations"]),
                           support_requested=_lines(lim.get("support_requested"))),
                f"{where}: limitation {lim['area']}",
            )
        loaded.append(result)
    return loaded


def save_scores(result: ITAResult, scores: dict, where: str) -> None:
    """Replace ``result``'s scores with ``{"1": "98.10", "9.1": "100.00", …}`` (keys are
    indicator numbers or sub-indicator labels). Raises ``SeedError`` for an unknown key or a
    score outside 0–100 / with more than two decimals."""
    framework = result.framework
    indicators = {str(i.number): i for i in framework.indicators.all()}
    subs = {s.number: s for s in SubIndicator.objects.filter(indicator__framework=framework)}
    result.indicator_scores.all().delete()
    result.sub_indicator_scores.all().delete()
    for key, value in scores.items():
        if key in indicators:
            _save(IndicatorScore(result=result, indicator=indicators[key], score=value), f"{where}: score {key}")
        elif key in subs:
            _save(SubIndicatorScore(result=result, sub_indicator=subs[key], score=value), f"{where}: score {key}")
        else:
            raise SeedError(f"{where}: unknown indicator or sub-indicator {key!r}")


def load_checklists(path, rows, organizations) -> list[OITChecklist]:
    loaded = []
    for c in rows:
        where = f"{path.name}: OIT checklist {c['organization']} {c['fiscal_year']}"
        framework = _framework(where, c)
        checklist = _get(OITChecklist, where, organization=_organization(organizations, c["organization"]), framework=framework)
        checklist.digit_system = c.get("digit_system", checklist.digit_system)
        checklist.rationale = c.get("rationale", "")
        checklist.result_note = c.get("result_note", "")
        for field in ("weaknesses", "development", "approach", "measures"):
            setattr(checklist, field, _lines(c.get(field)))
        _save(checklist, where)
        checklist.ensure_entries()
        items = {i.code: i for i in framework.items.all()}
        for e in c.get("entries", []):
            if e["item"] not in items:
                raise SeedError(f"{where}: unknown item {e['item']}")
            entry = ChecklistEntry.objects.get(checklist=checklist, item=items[e["item"]])
            entry.score = e.get("score")
            entry.status = e.get("status", entry.status)
            entry.responsible_group = e.get("responsible_group", entry.responsible_group)
            _save(entry, f"{where}: item {e['item']}")
        loaded.append(checklist)
    return loaded
