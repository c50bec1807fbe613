"""Every change to plans, reports and approvals is recorded (who, when, which fields, old and
new values) by django-simple-history and shown on the document's page."""

from django.urls import reverse

from ita_portal import transitions
from tests.forms import form_data


def test_a_staff_edit_is_recorded_with_user_fields_and_values(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:report_edit", args=[seed_report.pk])
    data = form_data(client.get(url))
    old = data["problems"]
    data["problems"] = "ปัญหาที่แก้ไขแล้ว"
    client.post(url, data)
    record = seed_report.history.latest()
    assert record.history_user == cast.supervisor
    delta = record.diff_against(record.prev_record)
    changed = {c.field: (c.old, c.new) for c in delta.changes}
    assert changed["problems"] == (old, "ปัญหาที่แก้ไขแล้ว")
    viewer = cast.client_for("viewer")
    staff = viewer.get(reverse("staff:report", args=[seed_report.pk])).text
    history_url = reverse("staff:document_history", args=["quarterly-report", seed_report.pk])
    assert "ประวัติการแก้ไข" in staff and history_url in staff  # one click away, not built on every view
    page = viewer.get(history_url).text
    assert "ปัญหาที่แก้ไขแล้ว" in page and "นางสาวธนพร มาใหม่" in page


def test_approval_is_recorded(cast, seed_report):
    transitions.submit(seed_report, by=cast.supervisor)
    transitions.approve(seed_report, by=cast.director)
    statuses = list(seed_report.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == ["submitted", "approved"]
    page = cast.client_for("director").get(reverse("staff:report", args=[seed_report.pk])).text
    assert "อนุมัติแล้ว" in page


def test_project_row_changes_are_recorded(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_edit", args=[seed_report.project_id])
    data = form_data(client.get(url))
    data["lines-0-unit_rate"] = "350"
    assert client.post(url, data).status_code == 302
    line = seed_report.project.budget_line_items.get(number=1)
    record = line.history.latest()
    assert record.history_user == cast.supervisor
    assert {c.field for c in record.diff_against(record.prev_record).changes} == {"unit_rate"}
    page = cast.client_for("supervisor").get(reverse("staff:document_history", args=["quarterly-report", seed_report.pk])).text
    assert "รายการงบประมาณ 1" in page and "350" in page
