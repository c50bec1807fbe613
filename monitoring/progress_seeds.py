"""Seed loader for the ``progress_reports`` section of seed files: progress reports of the
action plans of the ``action_plans`` section (loaded before, by ``plans.action_plan_seeds``).

Registered in ``MonitoringConfig.ready()`` with ``ita_portal.seeds.register_section``. Shape
of one entry (amounts are strings of Arabic digits in baht, multi-line texts lists of lines)::

    {"organization": code, "fiscal_year": 2564, "project_name": …,   # names the plan
     "period": "half"|"full", "digit_system": "arabic",
     "lines": [{"activity": "1.1.2", "reported_title", "spent", "result", "obstacles",
                "remarks", "status"}]}

A line names its activity by its path of positions ("1.1.2" = first top-level activity,
its first child, that child's second child). An approved (frozen) report is left as it is
on a reload.
"""

from __future__ import annotations

from decimal import Decimal

from ita_portal.models import Organization
from ita_portal.seeds import SeedError, _lines, _save
from monitoring.progress import ProgressLine, ProgressReport
from plans.action_plans import ActionPlan, PlanActivity


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def activity_paths(plan: ActionPlan) -> dict[str, PlanActivity]:
    """``{"1.1.2": activity, …}``: every activity of ``plan`` by its path of positions."""
    tree = plan.activity_tree()
    by_pk = {a.pk: a for a in tree}
    paths: dict[int, str] = {}
    for a in tree:  # pre-order: a parent comes before its children
        paths[a.pk] = f"{paths[a.parent_id]}.{a.position}" if a.parent_id in by_pk else str(a.position)
    return {path: by_pk[pk] for pk, path in paths.items()}


def load_progress_reports(path, rows, organizations) -> list:
    """Load every progress report of a seed file; return the reports."""
    documents = []
    for r in rows:
        where = f"{path.name}: progress report {r['period']} of {r['project_name'][:40]}"
        organization = organizations.get(r["organization"]) or Organization.objects.get(code=r["organization"])
        plan = ActionPlan.objects.filter(
            organization=organization, fiscal_year=r["fiscal_year"], project_name=r["project_name"]
        ).first()
        if plan is None:
            raise SeedError(f"{where}: no action plan {r['project_name'][:40]} of {r['fiscal_year']}")
        report = ProgressReport.objects.filter(plan=plan, period=r["period"]).first()
        if report is not None and report.is_approved:
            documents.append(report)  # frozen: a reload keeps the published version
            continue
        report = report or ProgressReport(plan=plan, period=r["period"])
        report.digit_system = r.get("digit_system", plan.digit_system)
        report.totals_reason = _lines(r.get("totals_reason"))
        _save(report, where)
        report.lines.all().delete()
        by_path = activity_paths(plan)
        for row in r.get("lines", []):
            activity = by_path.get(row["activity"])
            if activity is None:
                raise SeedError(f"{where}: line for unknown activity {row['activity']}")
            _save(
                ProgressLine(
                    report=report,
                    activity=activity,
                    reported_title=row.get("reported_title", ""),
                    spent=_decimal(row.get("spent")),
                    result=_lines(row.get("result")),
                    obstacles=_lines(row.get("obstacles")),
                    remarks=_lines(row.get("remarks")),
                    status=row.get("status", ""),
                ),
                f"{where}: line {row['activity']}",
            )
        documents.append(report)
    return documents
