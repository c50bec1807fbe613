"""Seed loader for the ``projects`` section of seed files: projects with their activities,
budget lines, risks and success indicators, and the quarterly reports on them
(``fixtures/seed_000_chiangmai6_q2_2563.json``). Registered in ``MonitoringConfig.ready()``.

Loading again updates the projects (matched by organization, fiscal year and name) and
reports (project and quarter) in place, so their URLs stay the same, and replaces their
rows. A project with an approved report is frozen and left as it is.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ita_portal.models import Organization
from ita_portal.seeds import SeedError, _lines, _save, parse_month, source_notes
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator


def load_projects(path: Path, rows: list, organizations: dict) -> list[QuarterlyReport]:
    """Load every project of ``rows``; return their quarterly reports."""
    reports = []
    for p in rows:
        reports.extend(_load_project(path, p, organizations))
    return reports


def _load_project(path: Path, p: dict, organizations: dict) -> list[QuarterlyReport]:
    where = f"{path.name}: project {p['name'][:40]}"
    organization = organizations.get(p["organization"]) or Organization.objects.get(code=p["organization"])
    project = Project.objects.filter(organization=organization, fiscal_year=p["fiscal_year"], name=p["name"]).first()
    if project is not None and project.has_approved_report():
        return list(project.quarterly_reports.all())
    project = project or Project(organization=organization, fiscal_year=p["fiscal_year"], name=p["name"])
    for field, value in {
        "activity_title": p.get("activity_title", ""),
        "responsible": p.get("responsible", ""),
        "policy_alignment": _lines(p.get("policy_alignment")),
        "component_number": p.get("component_number"),
        "component_title": p.get("component_title", ""),
        "objectives": _lines(p.get("objectives")),
        "quantitative_targets": _lines(p.get("quantitative_targets")),
        "qualitative_targets": _lines(p.get("qualitative_targets")),
        "expected_results": _lines(p.get("expected_results")),
        "budget_note": p.get("budget_note", ""),
        "stated_activity_budget_total": _decimal(p.get("stated_activity_budget_total")),
        "stated_budget_total": _decimal(p.get("stated_budget_total")),
        "stated_line_items_total": _decimal(p.get("stated_line_items_total")),
    }.items():
        setattr(project, field, value)
    _save(project, where)
    for related in (project.activities, project.budget_line_items, project.risks, project.success_indicators):
        related.all().delete()
    activities = {}
    for a in p.get("activities", []):
        activities[a["number"]] = _save(
            Activity(
                project=project,
                number=a["number"],
                title=a["title"],
                budget=Decimal(a["budget"]),
                start_month=parse_month(a["start_month"]),
                end_month=parse_month(a["end_month"]),
            ),
            f"{where}: activity {a['number']}",
        )
    for b in p.get("budget_line_items", []):
        _save(
            BudgetLineItem(
                project=project,
                activity=activities.get(b.get("activity")),
                number=b["number"],
                item=b["item"],
                quantity=Decimal(b["quantity"]),
                unit_rate=Decimal(b["unit_rate"]),
            ),
            f"{where}: budget line {b['number']}",
        )
    for r in p.get("risks", []):
        _save(
            Risk(
                project=project,
                category=r["category"],
                order=r["order"],
                opportunity_impact=_lines(r["opportunity_impact"]),
                management_plan=_lines(r["management_plan"]),
            ),
            f"{where}: risk {r['category']} {r['order']}",
        )
    for s in p.get("success_indicators", []):
        _save(
            SuccessIndicator(
                project=project, order=s["order"], indicator=s["indicator"], achievement=_lines(s.get("achievement"))
            ),
            f"{where}: success indicator {s['order']}",
        )
    return [_load_report(where, project, activities, r) for r in p.get("quarterly_reports", [])]


def _load_report(where: str, project: Project, activities: dict, r: dict) -> QuarterlyReport:
    where = f"{where}: quarter {r['quarter']}"
    report = QuarterlyReport.objects.filter(project=project, quarter=r["quarter"]).first()
    report = report or QuarterlyReport(project=project, quarter=r["quarter"])
    report.digit_system = r.get("digit_system", project.organization.default_digit_system)
    report.reporter_name = r["reporter_name"]
    report.reporter_position = r.get("reporter_position", "")
    report.problems = _lines(r.get("problems"))
    report.solutions = _lines(r.get("solutions"))
    report.totals_reason = _lines(r.get("totals_reason"))
    report.source_notes = source_notes(r.get("source_notes"), project.organization, where)
    _save(report, where)
    report.pdca_steps.all().delete()
    report.activity_results.all().delete()
    for s in r.get("pdca_steps", []):
        _save(
            PDCAStep(
                report=report,
                step=s["step"],
                month=parse_month(s["month"]),
                methods=_lines(s["methods"]),
                status=s["status"],
                outcome=s.get("outcome", ""),
            ),
            f"{where}: PDCA {s['step']}",
        )
    for a in r.get("activity_results", []):
        if a["activity"] not in activities:
            raise SeedError(f"{where}: result for unknown activity {a['activity']}")
        _save(
            ActivityResult(report=report, activity=activities[a["activity"]], result=_lines(a["result"])),
            f"{where}: result of activity {a['activity']}",
        )
    return report


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)
