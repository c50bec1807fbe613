"""A progress report takes the status of an action-plan activity from the quarterly reports of
the activity's project where they exist (approved, latest revision, quarters of the period,
the latest such quarter's PDCA steps), and keeps the typed status elsewhere; every quarter
left out is named. Seed 001 gives the plan and its 6-month report (a draft)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from ita_portal import kinds, thai, transitions
from ita_portal.fields import ProgressStatus
from monitoring.models import PDCAStep, QuarterlyReport
from monitoring.progress import ProgressReport
from plans.action_plans import ActionPlan, PlanActivity
from plans.models import Project
from tests.conftest import Cast
from tests.forms import form_data
from tests.seed_support import SEED_001, page_text

DONE, IN_PROGRESS, NOT_STARTED = ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.NOT_STARTED
SOURCE = "ตามรายงานผลการกำกับติดตามรายไตรมาสไตรมาสที่1ปีงบประมาณ2564ของโครงการโรงเรียนสุจริต"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    """Approval renders the PDF once; these tests check the figures, not WeasyPrint."""
    monkeypatch.setattr(transitions, "render_pdf", lambda template, context: b"%PDF-1.7 stub")


@pytest.fixture
def world(db):
    from ita_portal.seeds import load_seed

    docs = load_seed(SEED_001)["documents"]
    plan = next(d for d in docs if isinstance(d, ActionPlan))
    report = next(d for d in docs if isinstance(d, ProgressReport))
    people = Cast(plan.organization)
    project = Project.objects.create(organization=plan.organization, fiscal_year=plan.fiscal_year, name="โรงเรียนสุจริต")
    rows = report.rows()
    leaf = next(r for r in rows if r.is_leaf and r.progress.status != "done")  # typed: not done
    PlanActivity.objects.filter(pk=leaf.pk).update(project=project)
    return plan, report, people, project, PlanActivity.objects.get(pk=leaf.pk)


def quarterly(project, quarter: int, statuses, people, *, approve: bool = True) -> QuarterlyReport:
    """A quarterly report of ``project`` with one PDCA step per status (P, D, C, A in order)."""
    report = QuarterlyReport.objects.create(project=project, quarter=quarter, reporter_name="นางทดสอบ รายงาน", digit_system=thai.ARABIC)
    month = thai.quarter_months(project.fiscal_year, quarter)[0]
    for step, status in zip(PDCAStep.STEP_ORDER, statuses):
        PDCAStep.objects.create(report=report, step=step, month=month, methods="ประชุมชี้แจง", status=status)
    if approve and len(statuses) < len(PDCAStep.STEP_ORDER):
        # Approved before the rule "completeness before submit" (it needs all four steps):
        # stored data that the workflow would refuse today.
        QuarterlyReport.objects.filter(pk=report.pk).update(status="approved")
        report.refresh_from_db()
    elif approve:
        transitions.submit(report, by=people.supervisor)
        report = transitions.approve(report, by=people.director)
    return report


def row_of(report: ProgressReport, activity: PlanActivity):
    kind = kinds.kind_of(report)
    context = kind.document_context(kind.fetch(report.pk))
    return next(r for r in context["rows"] if r.pk == activity.pk), context


def test_it_computes_the_status_from_the_latest_approved_quarter_of_the_period(world):
    _, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people)
    quarterly(project, 2, [NOT_STARTED] * 4, people, approve=False)
    quarterly(project, 3, [NOT_STARTED] * 4, people)  # outside รอบ 6 เดือน
    row, context = row_of(report, leaf)
    assert row.progress.computed and row.progress.status == "done" and row.progress.quarterly.source.quarter == 1
    assert row.progress.quarterly.notes == ("ไตรมาสที่ 2: รายงานยังไม่ได้รับอนุมัติ จึงไม่นำมาคำนวณ",)
    assert (context["summary"].done, context["summary"].activities) == (5, 11)  # 4 typed + 1 computed
    pdf_text = page_text(render_to_string(kinds.kind_of(report).pdf_template, context))
    assert "สถานะ:ดำเนินการแล้ว(" + SOURCE + ")" in pdf_text
    assert "ดำเนินการแล้ว5จาก11กิจกรรม" in pdf_text


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([DONE] * 4, "done"),
        ([NOT_STARTED] * 4, "not_started"),
        ([DONE, DONE, IN_PROGRESS, NOT_STARTED], "in_progress"),
        ([DONE] * 3, "in_progress"),  # the A step is not recorded: the cycle is not done
    ],
)
def test_the_pdca_steps_give_the_status(world, statuses, expected):
    _, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people)
    quarterly(project, 2, statuses, people)
    row, _ = row_of(report, leaf)
    assert (row.progress.status, row.progress.quarterly.source.quarter, row.progress.quarterly.notes) == (expected, 2, ())


def test_the_latest_approved_revision_of_a_quarter_counts(world):
    _, report, people, project, leaf = world
    first = quarterly(project, 2, [NOT_STARTED] * 4, people)
    revision = transitions.revise(first, by=people.supervisor)
    revision.pdca_steps.update(status=DONE)
    transitions.submit(revision, by=people.supervisor)
    transitions.approve(revision, by=people.director)
    row, _ = row_of(report, leaf)
    assert row.progress.status == "done" and row.progress.quarterly.source.pk == revision.pk
    assert "ฉบับปรับปรุงครั้งที่ 2" in row.progress.quarterly.source_label()


def test_the_typed_status_stays_without_an_approved_quarterly_report(world):
    _, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people, approve=False)
    typed = report.lines.filter(activity=leaf).values_list("status", flat=True).first() or ""
    row, _ = row_of(report, leaf)
    assert not row.progress.computed and row.progress.status == typed
    assert row.progress.quarterly.notes == (
        "ไตรมาสที่ 1: รายงานยังไม่ได้รับอนุมัติ จึงไม่นำมาคำนวณ",
        "ไตรมาสที่ 2: ยังไม่มีรายงาน",
        "ยังไม่มีรายงานรายไตรมาสที่อนุมัติแล้วในรอบนี้ จึงใช้สถานะที่กรอก",
    )


def test_a_quarterly_report_without_pdca_steps_gives_no_status_and_says_so(world):
    _, report, people, project, leaf = world
    quarterly(project, 1, [], people)
    row, _ = row_of(report, leaf)
    assert not row.progress.computed
    assert row.progress.quarterly.notes[-1] == "รายงานไตรมาสที่ 1 ไม่มีขั้นตอน PDCA จึงคำนวณสถานะไม่ได้ และใช้สถานะที่กรอก"


def test_an_approved_progress_report_keeps_what_it_was_approved_with(world):
    plan, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people)
    for document in (plan, report):
        transitions.submit(document, by=people.supervisor)
        transitions.approve(document, by=people.director)
    quarterly(project, 2, [IN_PROGRESS] * 4, people)  # approved after the progress report
    row, _ = row_of(report, leaf)
    assert row.progress.status == "done" and row.progress.quarterly.source.quarter == 1
    assert row.progress.quarterly.notes == ("ไตรมาสที่ 2: รายงานได้รับอนุมัติหลังรายงานฉบับนี้ จึงไม่นำมาคำนวณ",)


def test_the_progress_page_shows_the_computed_status_with_its_source(world):
    _, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people)
    text = page_text(people.client_for("supervisor").get(report.get_absolute_url()).text)
    assert "สถานะ:ดำเนินการแล้ว(" + SOURCE + ")" in text and "ดำเนินการแล้ว5จาก11กิจกรรม" in text


def test_the_edit_form_shows_the_computed_status_read_only_and_keeps_typed_inputs(world):
    _, report, people, project, leaf = world
    quarterly(project, 1, [DONE] * 4, people)
    report.lines.update_or_create(activity=leaf, defaults={"status": "not_started", "result": "ผลที่พิมพ์"})
    other = next(r for r in report.rows() if r.is_leaf and r.pk != leaf.pk)
    client = people.client_for("supervisor")
    url = reverse("action_plans:progress_edit", args=[report.pk])
    page = client.get(url)
    text = page_text(page.text)
    assert f'name="line-{leaf.pk}-status"' not in page.text and f'name="line-{other.pk}-status"' in page.text
    assert "คำนวณดำเนินการแล้ว" in text and "จากรายงานผลการกำกับติดตามรายไตรมาสไตรมาสที่1" in text
    assert "สถานะที่เคยกรอกไว้“ไม่ได้ดำเนินการ”ไม่ใช้แล้ว" in text

    refused = {**form_data(page), f"line-{leaf.pk}-status": "in_progress"}
    response = client.post(url, refused)
    assert response.status_code == 200 and "จึงกรอกเองไม่ได้" in response.text

    data = {**form_data(page), f"line-{other.pk}-status": "in_progress", f"line-{other.pk}-spent": "500"}
    assert client.post(url, data).status_code == 302
    lines = {line.activity_id: line for line in report.lines.all()}
    assert (lines[other.pk].status, str(lines[other.pk].spent)) == ("in_progress", "500.00")
    assert (lines[leaf.pk].status, lines[leaf.pk].result) == ("", "ผลที่พิมพ์")  # computed, not stored twice


def test_an_activity_is_linked_to_a_project_on_the_plan_edit_page(world):
    plan, _, people, project, leaf = world
    PlanActivity.objects.filter(pk=leaf.pk).update(project=None)
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(leaf.pk))
    data[f"activities-{index}-project"] = str(project.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [f.errors for f in response.context["activities"]]
    assert PlanActivity.objects.get(pk=leaf.pk).project == project


def test_a_linked_project_must_be_of_the_plans_organization_and_year_and_on_a_leaf(world):
    plan, _, _, project, leaf = world
    other_year = Project.objects.create(organization=plan.organization, fiscal_year=2565, name="ปีอื่น")
    leaf.project = other_year
    with pytest.raises(ValidationError) as exc:
        leaf.full_clean()
    assert exc.value.message_dict["project"] == ["เลือกได้เฉพาะโครงการของหน่วยงานเดียวกันในปีงบประมาณเดียวกับแผน"]
    parent = next(a for a in plan.activity_tree() if not a.is_leaf)
    parent = PlanActivity.objects.get(pk=parent.pk)
    parent.project = project
    with pytest.raises(ValidationError) as exc:
        parent.full_clean()
    assert "project" in exc.value.message_dict


def test_the_plan_staff_page_lists_its_progress_reports(world):
    plan, report, people, _, _ = world
    html = people.client_for("supervisor").get(plan.get_staff_url()).text
    assert report.get_staff_url() in html and reverse("action_plans:progress_create", args=[plan.pk]) in html


def test_the_period_quarters():
    assert ProgressReport(period="half").quarters() == (1, 2)
    assert ProgressReport(period="full").quarters() == (1, 2, 3, 4)
