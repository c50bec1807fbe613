"""After approval the report and everything it shows are read-only through every path:
staff pages, the admin, the model API (save, delete, queryset update/delete) and seed imports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ita_portal.seeds import load_seed
from ita_portal.workflow import FrozenDocumentError
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator
from tests.conftest import SEED_000


def test_staff_pages_refuse_edits(cast, approved_report):
    client = cast.client_for("supervisor")
    assert client.get(reverse("staff:report_edit", args=[approved_report.pk])).status_code == 403
    assert client.post(reverse("staff:report_edit", args=[approved_report.pk]), {"problems": "x"}).status_code == 403
    project_url = reverse("staff:project_edit", args=[approved_report.project_id])
    project_page = client.get(project_url)  # the quarter table, without the project's form
    assert project_page.status_code == 200 and "บันทึกโครงการ" not in project_page.text
    assert client.post(project_url, {"name": "x"}).status_code == 403
    page = client.get(reverse("staff:report", args=[approved_report.pk])).text
    assert reverse("staff:report_edit", args=[approved_report.pk]) not in page


def test_the_admin_shows_but_does_not_change(admin_client, approved_report):
    url = reverse("admin:monitoring_quarterlyreport_change", args=[approved_report.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert admin_client.post(url, {"problems": "แก้ผ่าน admin"}).status_code == 403
    assert admin_client.post(reverse("admin:monitoring_quarterlyreport_delete", args=[approved_report.pk]), {"post": "yes"}).status_code == 403
    project_url = reverse("admin:plans_project_change", args=[approved_report.project_id])
    assert admin_client.post(project_url, {"name": "x"}).status_code == 403
    activity = approved_report.project.activities.first()
    assert admin_client.post(reverse("admin:plans_activity_change", args=[activity.pk]), {"title": "x"}).status_code == 403
    assert QuarterlyReport.objects.get(pk=approved_report.pk).problems == approved_report.problems


@pytest.mark.parametrize("model", [Project, Activity, BudgetLineItem, Risk, SuccessIndicator, PDCAStep, ActivityResult])
def test_the_model_api_refuses_every_row_it_shows(approved_report, model):
    row = model.objects.filter(model.frozen_q()).first()
    assert row is not None, model
    with pytest.raises(FrozenDocumentError):
        row.save()
    with pytest.raises(FrozenDocumentError):
        row.delete()
    with pytest.raises(FrozenDocumentError):
        model.objects.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(FrozenDocumentError):
        model.objects.filter(pk=row.pk).delete()


def test_the_report_itself_refuses(approved_report):
    report = QuarterlyReport.objects.get(pk=approved_report.pk)
    report.problems = "แก้ภายหลัง"
    with pytest.raises(FrozenDocumentError):
        report.save()
    with pytest.raises(FrozenDocumentError):
        QuarterlyReport.objects.filter(pk=report.pk).update(problems="x")
    with pytest.raises(FrozenDocumentError):
        report.delete()
    assert QuarterlyReport.objects.get(pk=report.pk).problems == approved_report.problems


def test_a_new_row_cannot_be_added_to_a_frozen_project_through_the_admin(admin_client, approved_report):
    page = admin_client.get(reverse("admin:plans_project_change", args=[approved_report.project_id])).text
    assert 'name="activities-0-title"' not in page  # inline rows are shown read-only
    assert 'name="activities-0-DELETE"' not in page


def test_a_seed_import_leaves_an_approved_report_alone(approved_report):
    before = QuarterlyReport.objects.get(pk=approved_report.pk).version
    (report,) = load_seed(SEED_000)["documents"]
    assert report.pk == approved_report.pk
    assert QuarterlyReport.objects.get(pk=report.pk).version == before


def test_unfrozen_projects_still_change(seed_report):
    activity = seed_report.project.activities.first()
    activity.budget = Decimal("12000")
    activity.save()
    assert Activity.objects.get(pk=activity.pk).budget == Decimal("12000")
