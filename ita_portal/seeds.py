"""Load the seed documents in ``fixtures/`` (real documents transcribed as data).

A seed file is JSON with ``organizations`` and ``projects`` (see
``fixtures/seed_000_chiangmai6_q2_2563.json``). Every row goes through ``full_clean()``, so
a fixture obeys the same rules as a user's input, and a file loads whole or not at all.
Loading again updates the projects (matched by organization, fiscal year and name) and
reports (project and quarter) it names in place, so their URLs stay the same, and replaces
their rows; other data is left alone.

Conventions of the files: amounts and quantities are strings of Arabic digits (baht);
months are ``"BBBB-MM"`` with a Buddhist Era year; multi-line texts are lists of lines.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ita_portal import thai
from ita_portal.models import Organization
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "parent_body",
    "ministry",
    "address",
    "director_name",
    "director_position",
    "default_digit_system",
)


class SeedError(ValueError):
    """A seed file that cannot be loaded; the message names the file and the row."""


def seed_files() -> list[Path]:
    """Every seed file in ``fixtures/``, in name order."""
    return sorted(FIXTURES_DIR.glob("seed_*.json"))


def parse_month(value: str) -> datetime.date:
    """``"2563-02"`` (BE year-month) → ``date(2020, 2, 1)``. Raises ``SeedError`` otherwise."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(thai.ce_year(year), month, 1)
    except (ValueError, AttributeError) as exc:
        raise SeedError(f"month {value!r} is not BBBB-MM (Buddhist Era)") from exc


def _lines(value) -> str:
    return "\n".join(value) if isinstance(value, list) else (value or "")


def _save(obj, where: str):
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise SeedError(f"{where}: {exc.message_dict}") from exc
    obj.save()
    return obj


@transaction.atomic
def load_seed(path: Path) -> dict:
    """Load one seed file; return ``{"organizations": [...], "reports": [QuarterlyReport, ...]}``.

    Raises ``SeedError`` (and saves nothing) when any row breaks a rule.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    organizations = {}
    for row in data.get("organizations", []):
        org, _ = Organization.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
        for field in ORGANIZATION_FIELDS:
            setattr(org, field, row.get(field, ""))
        organizations[org.code] = _save(org, f"{path.name}: organization {org.code}")
    reports = []
    for p in data.get("projects", []):
        reports.extend(_load_project(path, p, organizations))
    documents = []
    for key, loader in SECTION_LOADERS.items():
        if key in data:
            documents.extend(loader(path, data[key], organizations))
    return {"organizations": list(organizations.values()), "reports": reports, "documents": documents, "data": data}


# Other apps add loaders for their own top-level keys (e.g. "frameworks") with
# ``register_section``; each gets (path, rows, {code: Organization}) and returns the
# documents it loaded, each with ``get_absolute_url()`` and ``str()``, for load_demo to list.
SECTION_LOADERS: dict = {}


def register_section(key: str, loader) -> None:
    """Register ``loader(path, rows, organizations) -> list`` for seed files' top-level ``key``."""
    SECTION_LOADERS[key] = loader


def _load_project(path: Path, p: dict, organizations: dict) -> list[QuarterlyReport]:
    where = f"{path.name}: project {p['name'][:40]}"
    organization = organizations.get(p["organization"]) or Organization.objects.get(code=p["organization"])
    # Update in place so that a reload keeps the project's and its reports' URLs.
    project = Project.objects.filter(organization=organization, fiscal_year=p["fiscal_year"], name=p["name"]).first()
    if project is not None and project.has_approved_report():
        # Approved documents are frozen: a reload keeps the published version as it is.
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
