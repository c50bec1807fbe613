"""What the monitoring app adds to the landing page and the menu (``ita_portal.work``):
quarterly reports that are due or overdue, and the projects' dashboard.

The rule of the quarterly report (the dashboard's "ครบกำหนดรายงานไตรมาส"): every project
of the current fiscal year is reported on once a quarter; the report of the current quarter
is due now, a missing report of an earlier quarter of the year is overdue.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.urls import reverse

from ita_portal import thai
from ita_portal.models import Membership
from ita_portal.work import DUE, OVERDUE, MenuLink, PostButton, WorkItem, register_link, register_work_source
from monitoring.models import QuarterlyReport
from plans.models import Project


def quarterly_reports_due(user, roles: dict, today: datetime.date) -> list[WorkItem]:
    """For a supervisor: each project of their organizations in the fiscal year of ``today``
    without a quarterly report of the current quarter (DUE, due by the quarter's last day)
    or of an earlier quarter (OVERDUE), with the one click that starts it: the button
    "เริ่มรายงานไตรมาสที่ N", and "คัดลอกจากไตรมาสก่อน" when the quarter before has a
    report (``Project.quarter_cells``; ``monitoring.views.report_start``), whatever the state
    of the earlier reports; the title opens the full form. Two queries."""
    supervised = [org for org, role in roles.items() if role == Membership.Role.SUPERVISOR]
    if not supervised:
        return []
    fy, current = thai.fiscal_year(today), thai.fiscal_quarter(today)
    projects = (
        Project.objects.filter(organization__in=supervised, fiscal_year=fy)
        .select_related("organization")
        .prefetch_related(Prefetch("quarterly_reports", queryset=QuarterlyReport.objects.only("id", "project_id", "quarter", "revision")))
        .order_by("organization__code", "name", "pk")
    )
    label = "รายงานผลกำกับติดตามรายไตรมาส"
    items = []
    for project in projects:
        cells = project.quarter_cells()
        start = reverse("staff:report_start", args=[project.pk])
        for cell in cells[:current]:
            if cell.report is not None:
                continue
            quarter = cell.quarter
            buttons = [PostButton(f"เริ่มรายงานไตรมาสที่ {quarter}", start, (("quarter", str(quarter)),))]
            if cell.previous is not None:
                buttons.append(PostButton("คัดลอกจากไตรมาสก่อน", start, (("quarter", str(quarter)), ("copy", "1"))))
            last_month = thai.quarter_months(fy, quarter)[-1]
            due_on = _month_end(last_month)
            items.append(WorkItem(
                bucket=DUE if quarter == current else OVERDUE,
                title=f"{project.name}: รายงานไตรมาสที่ {quarter} ({thai.format_quarter_period(fy, quarter, thai.ARABIC)})",
                url=reverse("staff:report_create", args=[project.pk]) + f"?quarter={quarter}",
                kind_label=label,
                organization=project.organization.short_name,
                fiscal_year=fy,
                since=due_on,
                action="จัดทำรายงาน",
                buttons=tuple(buttons),
            ))
    return items


def _month_end(first_day: datetime.date) -> datetime.date:
    following = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def register() -> None:
    """Register the landing-page source and the menu links (``MonitoringConfig.ready()``)."""
    register_work_source(quarterly_reports_due)
    register_link(MenuLink("โครงการและรายงานรายไตรมาส", "โครงการและรายงานรายไตรมาส (แผงงาน)", "staff:dashboard"))
    register_link(MenuLink("ปฏิทินและบันทึกข้อความ", "จัดทำปฏิทินการกำกับติดตามใหม่", "calendars:calendar_create", editors=True))
    register_link(MenuLink("ปฏิทินและบันทึกข้อความ", "จัดทำบันทึกข้อความใหม่", "calendars:memo_create", editors=True))
