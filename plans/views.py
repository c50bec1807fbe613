"""Staff pages of a project: create, and edit it with its rows in one page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ita_portal import access
from ita_portal.document_views import save_edit_page
from ita_portal.models import Organization
from ita_portal.once import once
from plans.forms import ProjectCreateForm, ProjectForm, project_formsets
from plans.models import DUPLICATE_PROJECT, Project

FROZEN_PROJECT = "โครงการนี้มีรายงานที่อนุมัติแล้ว จึงแก้ไขไม่ได้"


def _get_project_for_user(user, project_id: int, action: str = access.READ) -> Project:
    """Fetch a project, checking ``action`` for ``user`` (404 outsider, 403 without the right)."""
    project = get_object_or_404(Project.objects.select_related("organization"), pk=project_id)
    access.check(user, project.organization, action)
    return project


def _get_organization_for_user(user, code: str, action: str = access.READ) -> Organization:
    organization = get_object_or_404(Organization, code=code)
    access.check(user, organization, action)
    return organization


@login_required
@require_http_methods(["GET", "POST"])
@once
def project_create(request, code: str):
    """Create a project of an organization (supervisors); its rows are added on the next page.

    One project per organization, fiscal year and name (``Project.Meta.constraints``): a
    second post of an existing one (two tabs, a post racing another) opens the existing
    project with a Thai note; the form's one-time token (``ita_portal.once``) makes a double
    submit create one row."""
    organization = _get_organization_for_user(request.user, code, access.EDIT)
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.organization = organization
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError:
            existing = Project.objects.filter(organization=organization, fiscal_year=project.fiscal_year, name=project.name).first()
            if existing is None:
                raise
            messages.info(request, f"{DUPLICATE_PROJECT} ระบบจึงเปิดโครงการที่มีอยู่")
            return redirect("staff:project_edit", existing.pk)
        messages.success(request, "สร้างโครงการแล้ว เพิ่มกิจกรรมและงบประมาณต่อได้เลย")
        return redirect("staff:project_edit", project.pk)
    return render(request, "plans/project_create.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id: int):
    """Edit a project with its activities, budget line items, risks and success indicators,
    under the table of its quarterly reports (each empty quarter with its start button).

    A project with an approved report is frozen (its approved report prints it): the page
    then shows the quarter table and a note instead of the form, and a post is refused (403)."""
    project = _get_project_for_user(request.user, project_id, access.EDIT)
    if project.has_approved_report():
        if request.method == "POST":
            raise PermissionDenied(FROZEN_PROJECT)
        return render(request, "plans/project_form.html", {**_quarter_table(project), "frozen": FROZEN_PROJECT})
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project)
    formsets = project_formsets(project, data)
    saved = save_edit_page(request, [form, *formsets.values()], lambda: _save_project(form, formsets),
                           saved="บันทึกโครงการแล้ว", then=request.path)
    if saved:
        return saved
    return render(request, "plans/project_form.html", {**_quarter_table(project), "form": form, "formsets": formsets})


def _quarter_table(project: Project) -> dict:
    """The project page's quarter table (``templates/monitoring/_quarter_cell.html``): the
    page is for supervisors only, who may start every empty quarter. One query."""
    return {"project": project, "cells": project.quarter_cells(), "can_edit": True}


@transaction.atomic
def _save_project(form: ProjectForm, formsets: dict) -> None:
    project = form.save(commit=False)
    project.version = form.cleaned_data["version"]
    project.save()  # raises EditConflictError when the page was out of date
    for formset in formsets.values():
        formset.save()
