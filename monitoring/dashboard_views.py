"""The home page (published quarterly reports) and the staff dashboard of projects and their
quarterly reports, with the other documents of the year (action plans, calendars, memos)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ita_portal import access, thai, work
from ita_portal.documents import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from monitoring.calendar import Memo, MonitoringCalendar
from monitoring.models import QuarterlyReport
from plans.action_plans import ActionPlan
from plans.models import Project

PROJECTS_PER_PAGE = 20


@require_safe
def home(request):
    """The published (approved) quarterly reports, newest fiscal year first, 20 a page, and
    every office's published documents of every kind and its OIT pages
    (``ita_portal.work.published_by_office``)."""
    reports = QuarterlyReport.objects.published().select_related("project__organization").order_by(
        "-project__fiscal_year", "project__organization__code", "quarter", "-revision"
    )
    page = Paginator(reports, 20).get_page(request.GET.get("page"))
    return render(request, "home.html", {"page": page, "offices": work.published_by_office()})


@login_required
@require_safe
def dashboard(request):
    """The user's organizations' projects and quarterly reports for one fiscal year (BE):
    each quarter's report and state, and which reports are due this quarter."""
    today = timezone.localdate()
    current_fy, current_quarter = thai.fiscal_year(today), thai.fiscal_quarter(today)
    fy = _fiscal_year_param(request.GET.get("fy"), current_fy)
    organizations = list(access.organizations_for(request.user))
    projects = (
        Project.objects.filter(organization__in=organizations, fiscal_year=fy)
        .select_related("organization")
        .prefetch_related(Prefetch("quarterly_reports", queryset=QuarterlyReport.objects.order_by("quarter", "revision")))
        .order_by("organization__code", "name", "pk")
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    editable = [o for o in organizations if access.can(request.user, o, access.EDIT)]
    rows = [
        {"project": project, "cells": project.quarter_cells(), "can_edit": project.organization in editable}
        for project in page
    ]
    due = [row for row in rows if fy == current_fy and row["cells"][current_quarter - 1].report is None]
    years = sorted({current_fy, fy, *Project.objects.filter(organization__in=organizations).values_list("fiscal_year", flat=True)}, reverse=True)
    context = {
        "fy": fy,
        "current_fy": current_fy,
        "current_quarter": current_quarter,
        "quarter_period": thai.format_quarter_period(current_fy, current_quarter, thai.ARABIC),
        "page": page,
        "rows": rows,
        "due": due,
        "years": years,
        "organizations": organizations,
        "editable_organizations": editable,
        "new_project_links": new_project_links(editable),
        "quarters": thai.QUARTERS,
        "other_documents": other_documents(request.user, fy),
    }
    return render(request, "staff/dashboard.html", context)


def new_project_links(organizations) -> list[dict]:
    """``[{"url", "name"}]``: the "new project" page of each organization (its short name),
    with one ``reverse`` for them all (an administrator edits every one of 245 offices)."""
    placeholder = "organization-code-placeholder"
    pattern = reverse("staff:project_create", args=[placeholder])
    return [{"url": pattern.replace(placeholder, o.code), "name": o.short_name} for o in organizations]


def other_documents(user, fiscal_year: int) -> dict:
    """The action plans (with their progress reports), monitoring calendars (with their
    monitoring reports) and memos of ``user``'s organizations for ``fiscal_year`` (BE), for
    ``templates/staff/_other_documents.html``; a fixed number of queries."""
    organizations = access.organizations_for(user)
    start, end = thai.fiscal_year_start(fiscal_year), thai.fiscal_year_end(fiscal_year)
    return {
        "action_plans": list(
            ActionPlan.objects.filter(organization__in=organizations, fiscal_year=fiscal_year)
            .select_related("organization").prefetch_related("progress_reports").order_by("organization__code", "project_name")
        ),
        "calendars": list(
            MonitoringCalendar.objects.filter(organization__in=organizations, fiscal_year=fiscal_year)
            .select_related("organization").prefetch_related("monitoring_reports").order_by("organization__code", "title")
        ),
        "memos": list(
            Memo.objects.filter(organization__in=organizations, date__range=(start, end))
            .select_related("organization").order_by("organization__code", "-date", "pk")
        ),
        "can_create": access.organizations_for(user, access.EDIT).exists(),
    }


def _fiscal_year_param(raw, default: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if FISCAL_YEAR_MIN <= value <= FISCAL_YEAR_MAX else default
