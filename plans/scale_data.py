"""The plans' part of the generated national-scale data (``ita_portal.scale_data``):
for every office and fiscal year one project with 20 activities, 6 budget lines an
activity, 4 risks and the success indicators, with the texts of the project of the
quarterly report of สพป.เชียงใหม่ เขต ๖ (``fixtures/seed_000_chiangmai6_q2_2563.json``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ita_portal import thai
from ita_portal.scale_data import joined
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator

TEXT_SOURCE = "seed_000_chiangmai6_q2_2563.json"
ACTIVITIES_PER_PROJECT = 20
LINES_PER_ACTIVITY = 6
RISKS_PER_PROJECT = 4


def source_project(run) -> dict:
    """The project of the text source, as a fixture row."""
    return run.fixture(TEXT_SOURCE)["projects"][0]


def write(run, organizations: list, members: dict) -> None:
    p = source_project(run)
    titles = [a["title"] for a in p["activities"]]
    items = [b["item"] for b in p["budget_line_items"]]
    projects = run.bulk(
        Project,
        [
            Project(
                organization=org,
                fiscal_year=fy,
                name=p["name"],
                activity_title=p["activity_title"],
                responsible=f"{members[org.pk]['supervisor'].get_full_name()} ศึกษานิเทศก์",
                policy_alignment=joined(p["policy_alignment"]),
                component_number=p.get("component_number"),
                component_title=p.get("component_title", ""),
                objectives=joined(p["objectives"]),
                quantitative_targets=joined(p["quantitative_targets"]),
                qualitative_targets=joined(p["qualitative_targets"]),
                expected_results=joined(p["expected_results"]),
                budget_note=p.get("budget_note", ""),
            )
            for org in organizations
            for fy in run.fiscal_years
        ],
    )
    activities = []
    for project in projects:
        start = thai.fiscal_year_start(project.fiscal_year)
        for n in range(1, ACTIVITIES_PER_PROJECT + 1):
            first = (n - 1) % 12
            activities.append(
                Activity(
                    project=project,
                    number=n,
                    title=titles[(n - 1) % len(titles)],
                    budget=Decimal(run.rng.randrange(5, 60) * 1000),
                    start_month=_add_months(start, first),
                    end_month=_add_months(start, min(11, first + run.rng.randrange(0, 3))),
                )
            )
    activities = run.bulk(Activity, activities)
    lines = []
    for project_index, project in enumerate(projects):
        number = 0
        for activity in activities[project_index * ACTIVITIES_PER_PROJECT : (project_index + 1) * ACTIVITIES_PER_PROJECT]:
            for _ in range(LINES_PER_ACTIVITY):
                number += 1
                lines.append(
                    BudgetLineItem(
                        project=project,
                        activity=activity,
                        number=number,
                        item=items[(number - 1) % len(items)],
                        quantity=Decimal(run.rng.randrange(1, 80)),
                        unit_rate=Decimal(run.rng.choice((35, 50, 120, 300, 600))),
                    )
                )
    run.bulk(BudgetLineItem, lines, batch_size=4000)
    risks, indicators = [], []
    for project in projects:
        for order in range(1, RISKS_PER_PROJECT + 1):
            r = p["risks"][(order - 1) % len(p["risks"])]
            risks.append(
                Risk(project=project, category=r["category"], order=order,
                     opportunity_impact=joined(r["opportunity_impact"]), management_plan=joined(r["management_plan"]))
            )
        for s in p["success_indicators"]:
            indicators.append(
                SuccessIndicator(project=project, order=s["order"], indicator=s["indicator"], achievement=joined(s.get("achievement")))
            )
    run.bulk(Risk, risks)
    run.bulk(SuccessIndicator, indicators)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)
