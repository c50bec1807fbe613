"""The next step where the user stands: every empty quarter of a project offers its report's
start as a button (project page, dashboard, landing page), whatever the state of the earlier
reports, and a quarter after a reported one offers a copy of that report, marked for review
until the reporter saves it.

The seed-000 project (fiscal year 2563) has the report of quarter 2 (January–March 2563).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from ita_portal.fields import ProgressStatus
from ita_portal.workflow import Status
from monitoring.models import QuarterlyReport
from tests.forms import form_data, post_forms

START = "เริ่มรายงานไตรมาสที่"
COPY = "คัดลอกจากไตรมาสก่อน"
MARKER = "คัดลอกจากรายงานไตรมาสที่ 2 — กรุณาตรวจทาน"


def _start_forms(page, project) -> dict:
    """``{(quarter, copy): posted values}`` of the page's start buttons of ``project``."""
    action = reverse("staff:report_start", args=[project.pk])
    return {
        (values["quarter"], values.get("copy") == "1"): values
        for url, values in post_forms(page) if url == action
    }


def test_an_approved_quarter_leaves_the_next_ones_a_start_button_that_creates_one_report(cast, approved_report):
    project = approved_report.project
    client = cast.client_for("supervisor")
    page = client.get(reverse("staff:project_edit", args=[project.pk]))
    assert page.status_code == 200
    assert f"{START} 3" in page.text and f"{START} 1" in page.text and f"{START} 4" in page.text
    assert f"{START} 2" not in page.text  # quarter 2 is reported (approved)
    forms = _start_forms(page, project)
    # quarter 3 follows the reported quarter 2: start or copy; quarters 1 and 4 only start
    assert set(forms) == {("1", False), ("3", False), ("3", True), ("4", False)}
    first = client.post(reverse("staff:report_start", args=[project.pk]), forms[("3", False)])
    second = client.post(reverse("staff:report_start", args=[project.pk]), forms[("3", False)])  # a double click
    (report,) = QuarterlyReport.objects.filter(project=project, quarter=3)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("staff:report_edit", args=[report.pk])
    assert report.status == Status.DRAFT and report.reporter == cast.supervisor
    assert report.reporter_name == "นางสาวธนพร มาใหม่" and report.reporter_position == "ศึกษานิเทศก์"
    assert report.copied_from_quarter is None and report.pdca_steps.count() == 0
    # another tab's button of the same quarter (a fresh token) opens the same report
    again = client.post(reverse("staff:report_start", args=[project.pk]), _start_forms(page, project)[("3", True)])
    assert again["Location"] == report.get_staff_url()
    assert QuarterlyReport.objects.filter(project=project, quarter=3).count() == 1
    # the project page now shows quarter 3's report and quarter 4 may copy it
    forms = _start_forms(client.get(reverse("staff:project_edit", args=[project.pk])), project)
    assert set(forms) == {("1", False), ("4", False), ("4", True)}


def test_the_dashboard_cells_offer_the_start_to_the_supervisor_only(cast, approved_report):
    project = approved_report.project
    url = reverse("staff:dashboard") + f"?fy={project.fiscal_year}"
    page = cast.client_for("supervisor").get(url)
    assert set(_start_forms(page, project)) == {("1", False), ("3", False), ("3", True), ("4", False)}
    for role in ("director", "viewer"):
        page = cast.client_for(role).get(url)
        assert page.status_code == 200 and project.name in page.text, role
        assert START not in page.text and COPY not in page.text, role


def test_members_who_may_not_fill_the_quarter_and_outsiders_are_refused(cast, approved_report):
    project = approved_report.project
    url = reverse("staff:report_start", args=[project.pk])
    expected = {"director": 403, "viewer": 403, "other_supervisor": 404, "outsider": 404}
    for role, status in expected.items():
        assert cast.client_for(role).post(url, {"quarter": "3", "copy": "1"}).status_code == status, role
    assert cast.client_for("anonymous").post(url, {"quarter": "3"}).status_code == 302  # to sign in
    assert cast.client_for("viewer").get(reverse("staff:project_edit", args=[project.pk])).status_code == 403
    assert not QuarterlyReport.objects.filter(project=project, quarter=3).exists()
    assert cast.client_for("supervisor").get(url).status_code == 405  # a button, never a link


def test_a_copy_carries_the_texts_over_but_not_the_state_the_months_or_the_approval(cast, approved_report):
    project = approved_report.project
    client = cast.client_for("supervisor")
    response = client.post(reverse("staff:report_start", args=[project.pk]), {"quarter": "3", "copy": "1"})
    report = QuarterlyReport.objects.get(project=project, quarter=3)
    assert response["Location"] == reverse("staff:report_edit", args=[report.pk])
    steps = {step.step: step for step in report.pdca_steps.all()}
    assert set(steps) == {"P", "D", "C", "A"}
    assert "วางแผนการกำหนดแนวทางการดำเนินงาน" in steps["P"].methods
    assert "ดำเนินการจัดกิจกรรมตามแผนงานที่กำหนด" in steps["D"].methods
    assert "สรุปและรายงานผลการดำเนินงาน" in steps["A"].methods
    # the quarter-2 steps were done and achieved in January, February and March 2563 (2020 CE)
    assert {step.status for step in steps.values()} == {ProgressStatus.NOT_STARTED}
    assert {step.outcome for step in steps.values()} == {""}
    assert [steps[letter].month for letter in "PDCA"] == [
        datetime.date(2020, 4, 1), datetime.date(2020, 5, 1), datetime.date(2020, 6, 1), datetime.date(2020, 6, 1),
    ]  # quarter 3 of fiscal 2563: April–June 2563
    assert [r.result for r in report.activity_results.all()] == ["-"]
    assert "บูรณาการภาระงานและกิจกรรมต่าง ๆ ของเขตพื้นที่ให้เอื้อต่อการพัฒนา" in report.solutions
    assert report.status == Status.DRAFT and report.revision == 1 and report.revision_of is None
    assert report.submitted_at is None and report.reviewed_at is None
    assert report.approver_name == "" and not report.signature and not report.approved_pdf
    assert report.copied_from_quarter == 2
    # the approved quarter 2 is untouched, and the copy is in the audit history with its reason
    source = QuarterlyReport.objects.get(pk=approved_report.pk)
    assert source.status == Status.APPROVED and source.pdca_steps.filter(status=ProgressStatus.DONE).count() == 4
    created = report.history.get(history_type="+")
    assert created.history_user == cast.supervisor and created.history_change_reason == "คัดลอกจากรายงานไตรมาสที่ 2"


def test_the_copy_is_marked_for_review_until_the_reporter_saves_it(cast, approved_report):
    project = approved_report.project
    client = cast.client_for("supervisor")
    response = client.post(reverse("staff:report_start", args=[project.pk]), {"quarter": "3", "copy": "1"}, follow=True)
    report = QuarterlyReport.objects.get(project=project, quarter=3)
    assert MARKER in response.text  # the edit page
    staff = client.get(report.get_staff_url()).text
    # among what the report still lacks before it is submitted, in the report's (Thai) digits
    assert "คัดลอกจากรายงานไตรมาสที่ ๒ — กรุณาตรวจทาน" in staff
    submit = reverse("staff:document_transition", kwargs={"slug": "quarterly-report", "pk": report.pk, "name": "submit"})
    client.post(submit)
    assert QuarterlyReport.objects.get(pk=report.pk).status == Status.DRAFT
    edit = reverse("staff:report_edit", args=[report.pk])
    data = form_data(client.get(edit))
    assert client.post(edit, data).status_code == 302
    assert MARKER not in client.get(edit).text and "กรุณาตรวจทาน" not in client.get(report.get_staff_url()).text


def test_a_copy_needs_a_previous_quarter(cast, approved_report):
    project = approved_report.project
    client = cast.client_for("supervisor")
    response = client.post(reverse("staff:report_start", args=[project.pk]), {"quarter": "1", "copy": "1"}, follow=True)
    assert "ไตรมาสที่ 1 ไม่มีไตรมาสก่อนในปีงบประมาณเดียวกัน" in response.text
    response = client.post(reverse("staff:report_start", args=[project.pk]), {"quarter": "4", "copy": "1"}, follow=True)
    assert "ไตรมาสที่ 3 ยังไม่มีรายงานให้คัดลอก" in response.text
    response = client.post(reverse("staff:report_start", args=[project.pk]), {"quarter": "5"}, follow=True)
    assert "ไตรมาสต้องเป็น 1, 2, 3 หรือ 4" in response.text
    assert set(project.quarterly_reports.values_list("quarter", flat=True)) == {2}


def test_the_landing_page_starts_the_due_quarter_with_one_click(cast, seed_report):
    from monitoring.work import quarterly_reports_due
    from plans.models import Project
    from django.utils import timezone

    # May 2020 is quarter 3 of fiscal 2563: quarter 1 is overdue, quarter 3 due after the reported quarter 2
    items = quarterly_reports_due(cast.supervisor, {seed_report.project.organization_id: "supervisor"}, datetime.date(2020, 5, 15))
    labels = {item.url.rsplit("?quarter=", 1)[1]: [b.label for b in item.buttons] for item in items}
    assert labels == {"1": [f"{START} 1"], "3": [f"{START} 3", COPY]}
    # today, through the page: a project of this fiscal year whose current quarter is empty
    today = timezone.localdate()
    fiscal_year = today.year + 543 + (1 if today.month >= 10 else 0)
    project = Project.objects.create(organization=seed_report.project.organization, fiscal_year=fiscal_year, name="โครงการปีนี้")
    client = cast.client_for("supervisor")
    page = client.get(reverse("staff:my_work"))
    forms = _start_forms(page, project)
    assert forms and all(not copy for _quarter, copy in forms)  # nothing reported yet: nothing to copy
    quarter, _ = max(forms)
    assert client.post(reverse("staff:report_start", args=[project.pk]), forms[(quarter, False)]).status_code == 302
    assert list(project.quarterly_reports.values_list("quarter", flat=True)) == [int(quarter)]
