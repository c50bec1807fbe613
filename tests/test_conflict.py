"""No lost edits: the second of two saves from the same version is refused with a clear message."""

from django.urls import reverse

from monitoring.models import QuarterlyReport
from plans.models import Project
from tests.forms import form_data


def test_the_second_report_save_is_refused_and_keeps_what_was_typed(cast, seed_report):
    url = reverse("staff:report_edit", args=[seed_report.pk])
    first, second = cast.client_for("supervisor"), cast.client_for("supervisor")
    data_1, data_2 = form_data(first.get(url)), form_data(second.get(url))
    data_1["problems"] = "ฉบับของคนแรก"
    data_2["problems"] = "ฉบับของคนที่สอง"
    assert first.post(url, data_1).status_code == 302
    response = second.post(url, data_2)
    assert response.status_code == 200
    assert "มีผู้อื่นบันทึกเอกสารนี้ไปก่อนหน้าคุณ" in response.text
    assert "ฉบับของคนที่สอง" in response.text  # nothing typed is lost
    assert QuarterlyReport.objects.get(pk=seed_report.pk).problems == "ฉบับของคนแรก"


def test_the_second_project_save_is_refused(cast, seed_report):
    url = reverse("staff:project_edit", args=[seed_report.project_id])
    client = cast.client_for("supervisor")
    page = client.get(url)
    data = form_data(page)
    data["name"] = "ชื่อใหม่ของคนแรก"
    assert client.post(url, data).status_code == 302
    data["name"] = "ชื่อใหม่ของคนที่สอง"  # same old version
    response = client.post(url, data)
    assert response.status_code == 200 and "มีผู้อื่นบันทึกเอกสารนี้ไปก่อนหน้าคุณ" in response.text
    assert Project.objects.get(pk=seed_report.project_id).name == "ชื่อใหม่ของคนแรก"
