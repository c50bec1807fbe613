"""Bad input is refused with a Thai message beside the field, and nothing is saved."""

import pytest

from monitoring.models import QuarterlyReport
from plans.models import Activity, BudgetLineItem

ACTIVITY_ADD = "/admin/plans/activity/add/"
LINE_ADD = "/admin/plans/budgetlineitem/add/"
REPORT_ADD = "/admin/monitoring/quarterlyreport/add/"


def activity_post(project, **overrides):
    data = {
        "project": project.pk,
        "number": 99,
        "title": "กิจกรรมทดสอบ",
        "budget": "5000",
        "start_month": "2020-02-01",
        "end_month": "2020-06-01",
    }
    return {**data, **overrides}


def assert_refused(response, field, message, model, count_before):
    assert response.status_code == 200  # the form comes back, not a redirect
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors[field]
    assert message in response.text
    assert model.objects.count() == count_before


def test_a_valid_activity_is_saved(admin_client, seed_report):
    before = Activity.objects.count()
    response = admin_client.post(ACTIVITY_ADD, activity_post(seed_report.project))
    assert response.status_code == 302
    assert Activity.objects.count() == before + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget", "-1", "ต้องไม่ติดลบ"),
        ("budget", "หนึ่งหมื่น", "กรุณาป้อนตัวเลข"),
        ("budget", "1e3x", "กรุณาป้อนตัวเลข"),
        ("start_month", "2019-09-01", "อยู่นอกปีงบประมาณ 2563"),
        ("end_month", "2020-10-01", "อยู่นอกปีงบประมาณ 2563"),
    ],
)
def test_a_bad_activity_is_refused(admin_client, seed_report, field, value, message):
    before = Activity.objects.count()
    response = admin_client.post(ACTIVITY_ADD, activity_post(seed_report.project, **{field: value}))
    assert_refused(response, field, message, Activity, before)
    # What the user typed comes back in the form.
    assert response.context["adminform"].form.data[field] == value


def test_an_activity_ending_before_it_starts_is_refused(admin_client, seed_report):
    before = Activity.objects.count()
    response = admin_client.post(
        ACTIVITY_ADD, activity_post(seed_report.project, start_month="2020-06-01", end_month="2020-02-01")
    )
    assert_refused(response, "end_month", "เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มต้น", Activity, before)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "-61", "ต้องไม่ติดลบ"),
        ("quantity", "หกสิบ", "กรุณาป้อนตัวเลข"),
        ("unit_rate", "-300", "ต้องไม่ติดลบ"),
        ("unit_rate", "300 บาท", "กรุณาป้อนตัวเลข"),
    ],
)
def test_a_bad_budget_line_is_refused(admin_client, seed_report, field, value, message):
    before = BudgetLineItem.objects.count()
    data = {"project": seed_report.project.pk, "number": 7, "item": "ค่าทดสอบ", "quantity": "1", "unit_rate": "10"}
    response = admin_client.post(LINE_ADD, {**data, field: value})
    assert_refused(response, field, message, BudgetLineItem, before)


@pytest.mark.parametrize("quarter", ["0", "5", "-1", "สอง"])
def test_a_quarter_outside_1_to_4_is_refused(admin_client, seed_report, quarter):
    before = QuarterlyReport.objects.count()
    data = {
        "project": seed_report.project.pk,
        "quarter": quarter,
        "digit_system": "thai",
        "reporter_name": "ผู้ทดสอบ",
        **_empty_inlines(),
    }
    response = admin_client.post(REPORT_ADD, data)
    assert_refused(response, "quarter", "ไตรมาส", QuarterlyReport, before)


def _empty_inlines():
    data = {}
    for prefix in ("pdca_steps", "activity_results"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_database_constraints_back_the_forms(seed_report):
    from django.db import IntegrityError, transaction

    activity = seed_report.project.activities.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(budget=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyReport.objects.filter(pk=seed_report.pk).update(quarter=5)


def test_one_progress_scale_keeps_each_documents_printed_words():
    from ita_portal.fields import ProgressStatus

    assert ProgressStatus.worded(not_started="ไม่ได้ดำเนินการ") == [
        ("done", "ดำเนินการแล้ว"), ("in_progress", "อยู่ระหว่างดำเนินการ"), ("not_started", "ไม่ได้ดำเนินการ"),
    ]
    with pytest.raises(ValueError, match="not_done"):
        ProgressStatus.worded(not_done="ไม่ดำเนินการ")
