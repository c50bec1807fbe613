"""Seed loader for the ``action_plans`` section of seed files.

Registered in ``PlansConfig.ready()`` with ``ita_portal.seeds.register_section``. Shape of
one entry (amounts are strings of Arabic digits in baht, dates ``"BBBB-MM-DD"`` with a
Buddhist Era year, multi-line texts lists of lines)::

    {"organization": code, "fiscal_year": 2564, "digit_system": "arabic", "programme": …,
     "project_name": …, "headline_activities": [...], "rationale": [...], …,
     "sub_plans": [{"title", "value_year", "targets": [{"text", "indicators": [{"text", "value"}]}]}],
     "activities": [{"title", "indicator", "unit", "target_amount", "budget", "stated_budget",
                     "months": [1-12], "responsible", "listed_in_plan", "children": [...]}]}

An approved (frozen) plan is left as it is on a reload. The plans' progress reports are a
section of their own, loaded by ``monitoring.progress_seeds``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ita_portal import thai
from ita_portal.models import Organization
from ita_portal.seeds import SeedError, _lines, _save
from plans.action_plans import (
    ActionPlan,
    MasterPlanIndicator,
    MasterPlanSubPlan,
    MasterPlanTarget,
    PlanActivity,
)


def parse_be_date(value: str | None) -> datetime.date | None:
    """``"2563-10-01"`` (BE) → ``date(2020, 10, 1)``; ``None``/"" → ``None``. Raises ``SeedError``."""
    if not value:
        return None
    try:
        year, month, day = (int(part) for part in value.split("-"))
        return datetime.date(thai.ce_year(year), month, day)
    except (ValueError, AttributeError) as exc:
        raise SeedError(f"date {value!r} is not BBBB-MM-DD (Buddhist Era)") from exc


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_action_plans(path, rows, organizations) -> list:
    """Load every action plan of a seed file; return the plans."""
    documents = []
    for p in rows:
        where = f"{path.name}: action plan {p['project_name'][:40]}"
        organization = organizations.get(p["organization"]) or Organization.objects.get(code=p["organization"])
        plan = ActionPlan.objects.filter(
            organization=organization, fiscal_year=p["fiscal_year"], project_name=p["project_name"]
        ).first()
        if plan is not None and plan.is_approved:
            # Approved documents are frozen: a reload keeps the published version as it is.
            documents.append(plan)
            continue
        plan = plan or ActionPlan(organization=organization, fiscal_year=p["fiscal_year"], project_name=p["project_name"])
        for field, value in {
            "digit_system": p.get("digit_system", organization.default_digit_system),
            "programme": p.get("programme", ""),
            "headline_activities": _lines(p.get("headline_activities")),
            "rationale": _lines(p.get("rationale")),
            "objectives": _lines(p.get("objectives")),
            "targets": _lines(p.get("targets")),
            "target_group": _lines(p.get("target_group")),
            "master_plan_issue": p.get("master_plan_issue", ""),
            "period_start": parse_be_date(p.get("period_start")),
            "period_end": parse_be_date(p.get("period_end")),
            "location": _lines(p.get("location")),
            "expected_impact": _lines(p.get("expected_impact")),
            "evaluation_methods": _lines(p.get("evaluation_methods")),
        }.items():
            setattr(plan, field, value)
        _save(plan, where)
        plan.activities.all().delete()  # and the progress lines about them
        plan.sub_plans.all().delete()
        for s_pos, s in enumerate(p.get("sub_plans", []), 1):
            sub = _save(MasterPlanSubPlan(plan=plan, position=s_pos, title=s["title"], value_year=s["value_year"]), f"{where}: sub-plan {s_pos}")
            for t_pos, t in enumerate(s.get("targets", []), 1):
                target = _save(MasterPlanTarget(sub_plan=sub, position=t_pos, text=t["text"]), f"{where}: target {t_pos}")
                for i_pos, i in enumerate(t.get("indicators", []), 1):
                    _save(MasterPlanIndicator(target=target, position=i_pos, text=i["text"], value=i.get("value", "")), f"{where}: indicator {i_pos}")
        _load_activities(where, plan, None, "", p.get("activities", []))
        documents.append(plan)
    return documents


def _load_activities(where, plan, parent, prefix, rows) -> None:
    for position, a in enumerate(rows, 1):
        path = f"{prefix}{position}"
        activity = _save(
            PlanActivity(
                plan=plan,
                parent=parent,
                position=position,
                title=a["title"],
                indicator=a.get("indicator", ""),
                unit=a.get("unit", ""),
                target_amount=_decimal(a.get("target_amount")),
                budget=_decimal(a.get("budget")),
                stated_budget=_decimal(a.get("stated_budget")),
                schedule_months=a.get("months", []),
                responsible=a.get("responsible", ""),
                listed_in_plan=a.get("listed_in_plan", True),
            ),
            f"{where}: activity {path}",
        )
        _load_activities(where, plan, activity, f"{path}.", a.get("children", []))
