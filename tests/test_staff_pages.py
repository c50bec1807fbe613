"""Staff pages: create and edit forms, Thai errors beside the field, nothing typed lost,
the dashboard's due list, and query counts that do not grow with the data."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ita_portal import thai
from monitoring.models import QuarterlyReport
from plans.models import Activity, BudgetLineItem, Project
from tests.forms import form_data


def test_a_supervisor_creates_a_project(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_create", args=[seed_report.project.organization.code])
    response = client.post(url, {"fiscal_year": "2570", "name": "โครงการใหม่", "activity_title": "", "responsible": ""})
    project = Project.objects.get(name="โครงการใหม่")
    assert response["Location"] == reverse("staff:project_edit", args=[project.pk])
    assert project.organization == seed_report.project.organization and project.fiscal_year == 2570


def test_a_refused_project_shows_thai_errors_and_keeps_input(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_create", args=[seed_report.project.organization.code])
    before = Project.objects.count()
    response = client.post(url, {"fiscal_year": "63", "name": "", "responsible": "นางสาวทดสอบ"})
    assert response.status_code == 200
    assert "กรุณากรอกข้อมูลช่องนี้" in response.text
    assert "ปีงบประมาณต้องเป็นปีพุทธศักราช" in response.text
    assert 'value="นางสาวทดสอบ"' in response.text
    assert Project.objects.count() == before


def test_budget_lines_are_added_removed_and_refused_in_thai(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_edit", args=[seed_report.project_id])
    data = form_data(client.get(url))
    total = int(data["lines-TOTAL_FORMS"])
    data.update({"lines-TOTAL_FORMS": str(total + 1), f"lines-{total}-number": "7", f"lines-{total}-item": "ค่าถ่ายเอกสาร", f"lines-{total}-quantity": "100", f"lines-{total}-unit_rate": "-2"})
    data["lines-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ต้องไม่ติดลบ" in response.text and 'value="ค่าถ่ายเอกสาร"' in response.text
    assert BudgetLineItem.objects.filter(project=seed_report.project).count() == total  # nothing saved
    data[f"lines-{total}-unit_rate"] = "2"
    assert client.post(url, data).status_code == 302
    project = Project.objects.get(pk=seed_report.project_id)
    assert project.budget_line_items.count() == total  # one added, one removed
    assert project.line_items_total() == Decimal("110000") + Decimal("200")  # line 2 was 0 baht


def test_the_project_page_shows_computed_totals_for_the_script_to_update(cast, seed_report):
    page = cast.client_for("supervisor").get(reverse("staff:project_edit", args=[seed_report.project_id])).text
    assert 'data-total="activities">101,000<' in page
    assert 'data-total="lines">110,000<' in page
    assert 'data-factor="quantity"' in page and 'data-factor="rate"' in page
    assert "js/formset.js" in page


def test_an_activity_month_outside_the_fiscal_year_cannot_be_chosen(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_edit", args=[seed_report.project_id])
    data = form_data(client.get(url))
    data["activities-0-start_month"] = "2020-10-01"  # fiscal year 2564
    response = client.post(url, data)
    assert response.status_code == 200 and "กรุณาเลือกเดือนในปีงบประมาณ 2563" in response.text


def test_a_report_is_created_once_per_quarter(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:report_create", args=[seed_report.project_id])
    page = client.get(url).text
    assert 'value="นางสาวธนพร มาใหม่"' in page  # reporter defaults from the signed-in user
    response = client.post(url, {"quarter": "2", "digit_system": "thai", "reporter_name": "x", "reporter_position": ""})
    assert response.status_code == 200 and "โครงการนี้มีรายงานของไตรมาสนี้แล้ว" in response.text
    response = client.post(url, {"quarter": "3", "digit_system": "thai", "reporter_name": "นางสาวธนพร มาใหม่", "reporter_position": "ศึกษานิเทศก์"})
    report = QuarterlyReport.objects.get(project=seed_report.project, quarter=3)
    assert response["Location"] == reverse("staff:report_edit", args=[report.pk])
    assert report.reporter == cast.supervisor


def test_the_pdca_checklist_is_filled_in_the_browser_form(cast, seed_report):
    client = cast.client_for("supervisor")
    report = QuarterlyReport.objects.create(project=seed_report.project, quarter=3, reporter_name="ผู้ทดสอบ")
    url = reverse("staff:report_edit", args=[report.pk])
    page = client.get(url)
    assert page.text.count('type="radio"') == 4 * (3 + 3)
    data = form_data(page)
    data.update({"pdca-P-month": "2020-04-01", "pdca-P-methods": "วางแผน\nประชุม", "pdca-P-status": "done", "pdca-P-outcome": "achieved"})
    assert client.post(url, data).status_code == 302
    (step,) = report.pdca_steps.all()
    assert (step.step, step.status, step.outcome, step.method_lines()) == ("P", "done", "achieved", ["วางแผน", "ประชุม"])


def test_the_dashboard_lists_what_is_due_this_quarter(cast, seed_report):
    today = timezone.localdate()
    fy = thai.fiscal_year(today)
    project = Project.objects.create(organization=seed_report.project.organization, fiscal_year=fy, name="โครงการปีนี้")
    page = cast.client_for("supervisor").get(reverse("staff:dashboard")).text
    assert f"ครบกำหนดรายงานไตรมาสที่ {thai.fiscal_quarter(today)}" in page
    assert reverse("staff:report_create", args=[project.pk]) in page
    assert "โครงการปีนี้" not in cast.client_for("other_supervisor").get(reverse("staff:dashboard")).text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_activities(project, n):
    first = project.activities.first()
    Activity.objects.bulk_create(
        Activity(project=project, number=200 + i, title=f"กิจกรรม {i}", budget=1, start_month=first.start_month, end_month=first.end_month)
        for i in range(n)
    )


def test_the_report_edit_page_costs_the_same_queries_with_5_and_50_activities(cast, seed_report):
    # The report's page, staff page and PDF, and the dashboard: tests/test_query_counts.py.
    client = cast.client_for("supervisor")
    project = seed_report.project
    project.activities.exclude(number__lte=5).delete()  # 5 activities
    url = reverse("staff:report_edit", args=[seed_report.pk])
    with_5 = _count(client, url)
    _add_activities(project, 45)  # 50 activities
    assert _count(client, url) == with_5


def test_the_administrators_dashboard_offers_one_folded_list_of_new_project_links(admin_client, seed_report):
    from ita_portal.models import Organization

    for i in range(4):
        Organization.objects.create(code=f"extra-office-{i}", name=f"สำนักงานทดสอบ {i}", short_name=f"สนง.ทดสอบ {i}")
    html = admin_client.get(reverse("staff:dashboard")).content.decode()

    assert html.count("+ โครงการใหม่ (เลือกหน่วยงาน)") == 1
    assert "+ โครงการใหม่ (สนง.ทดสอบ 0)" not in html  # no button per organization
    for code in ["extra-office-0", "extra-office-3", seed_report.project.organization.code]:
        assert f'href="{reverse("staff:project_create", args=[code])}"' in html


def test_a_supervisor_of_one_organization_keeps_the_new_project_button(cast, seed_report):
    html = cast.client_for("supervisor").get(reverse("staff:dashboard")).content.decode()
    organization = seed_report.project.organization
    assert f"+ โครงการใหม่ ({organization.short_name})" in html
    assert f'href="{reverse("staff:project_create", args=[organization.code])}"' in html
