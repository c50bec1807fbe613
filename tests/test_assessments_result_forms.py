"""Staff forms of the seed-002 document: score entry, analysis (focuses, limitations,
recommendations), measures and activities; who may open them; optimistic locking."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import IndicatorScore, Limitation, MeasureActivity, SubIndicatorScore
from tests.assessments_fixtures import seed_002  # noqa: F401
from tests.conftest import LOGIN, Cast, outcome
from tests.forms import form_data


@pytest.fixture
def cast(seed_002):  # noqa: F811
    return Cast(seed_002.organization)


def _urls(result):
    focus = result.focuses.order_by("kind", "order").first()
    return [
        reverse("assessments:result_scores", args=[result.pk]),
        reverse("assessments:result_edit", args=[result.pk]),
        reverse("assessments:focus_edit", args=[result.pk, focus.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("supervisor", 200), ("director", 403), ("viewer", 403), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_it_lets_only_the_supervisor_open_the_forms(seed_002, cast, role, expected):  # noqa: F811
    client = cast.client_for(role)
    for url in _urls(seed_002):
        assert outcome(client.get(url)) == expected, url


def test_it_saves_scores_and_the_total_follows(client, seed_002, cast):  # noqa: F811
    client.force_login(cast.supervisor)
    url = reverse("assessments:result_scores", args=[seed_002.pk])
    data = form_data(client.get(url))
    assert data["indicator_1"] == "98.10"
    data["indicator_1"] = "88.10"  # 10 points lower
    sub_9_1 = SubIndicatorScore.objects.get(result=seed_002, sub_indicator__number="9.1")
    data[f"sub_{sub_9_1.sub_indicator_id}"] = ""  # blank: no score
    response = client.post(url, data)
    assert response.status_code == 302
    seed_002.refresh_from_db()
    assert IndicatorScore.objects.get(result=seed_002, indicator__number=1).score == Decimal("88.10")
    assert not SubIndicatorScore.objects.filter(pk=sub_9_1.pk).exists()
    assert seed_002.version == 2
    assert seed_002.scorecard().total < Decimal("94.96")


@pytest.mark.parametrize("typed", ["100.01", "-1", "95.123", "abc", "1e2"])
def test_it_refuses_a_bad_score_in_thai_and_keeps_what_was_typed(client, seed_002, cast, typed):  # noqa: F811
    client.force_login(cast.supervisor)
    url = reverse("assessments:result_scores", args=[seed_002.pk])
    data = form_data(client.get(url))
    data["indicator_1"], data["indicator_2"] = typed, "77.77"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.text
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 และมีทศนิยมไม่เกิน 2 ตำแหน่ง" in html
    assert f'value="{typed}"' in html and 'value="77.77"' in html  # nothing typed is lost
    assert 'id="id_indicator_1_error"' in html and 'aria-invalid="true"' in html
    assert IndicatorScore.objects.get(result=seed_002, indicator__number=2).score != Decimal("77.77")


def test_it_refuses_a_save_from_an_out_of_date_page(client, seed_002, cast):  # noqa: F811
    client.force_login(cast.supervisor)
    url = reverse("assessments:result_scores", args=[seed_002.pk])
    data = form_data(client.get(url))
    seed_002.save()  # somebody else saved in between
    data["indicator_1"] = "50.00"
    response = client.post(url, data)
    assert response.status_code == 200 and "มีผู้อื่นบันทึกเอกสารนี้ไปก่อนหน้าคุณ" in response.text
    assert IndicatorScore.objects.get(result=seed_002, indicator__number=1).score == Decimal("98.10")


def test_it_saves_the_analysis_focuses_and_limitations(client, seed_002, cast):  # noqa: F811
    client.force_login(cast.supervisor)
    url = reverse("assessments:result_edit", args=[seed_002.pk])
    page = client.get(url)
    data = form_data(page)
    data["practice_recommendations"] = "ข้อหนึ่ง\nข้อสอง"
    data["focus-0-analysis"] = "วิเคราะห์ใหม่"
    ict = next(f for f in page.context["limitations"].forms if f.instance.area == "ict")
    data[ict.add_prefix("DELETE")] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    seed_002.refresh_from_db()
    assert seed_002.practice_lines() == ["ข้อหนึ่ง", "ข้อสอง"]
    assert seed_002.focuses.filter(analysis="วิเคราะห์ใหม่").count() == 1
    assert set(Limitation.objects.filter(result=seed_002).values_list("area", flat=True)) == {"budget", "people"}


def test_it_refuses_a_sub_indicator_of_another_indicator(client, seed_002, cast):  # noqa: F811
    client.force_login(cast.supervisor)
    url = reverse("assessments:result_edit", args=[seed_002.pk])
    data = form_data(client.get(url))
    data["focus-0-indicator"] = str(seed_002.framework.indicators.get(number=1).pk)  # while its sub-indicator is 9.5
    data["focus-0-analysis"] = "ข้อความที่พิมพ์ไว้"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ตัวชี้วัดย่อยต้องอยู่ในตัวชี้วัดที่เลือก" in response.text and "ข้อความที่พิมพ์ไว้" in response.text


def test_it_adds_an_activity_with_steps_timeline_and_responsible(client, seed_002, cast):  # noqa: F811
    client.force_login(cast.supervisor)
    focus = seed_002.focuses.get(kind="urgent")
    url = reverse("assessments:focus_edit", args=[seed_002.pk, focus.pk])
    data = form_data(client.get(url))
    n = int(data["activity-TOTAL_FORMS"])
    data.update({
        "activity-TOTAL_FORMS": str(n + 1),
        f"activity-{n}-order": str(n + 1),
        f"activity-{n}-title": "ประชุมชี้แจง",
        f"activity-{n}-steps": "จัดทำหนังสือเชิญ\nประชุม",
        f"activity-{n}-timeline": "ไตรมาสที่ 1",
        f"activity-{n}-responsible": "กลุ่มอำนวยการ",
    })
    response = client.post(url, data)
    assert response.status_code == 302
    activity = MeasureActivity.objects.get(focus=focus, title="ประชุมชี้แจง")
    assert activity.step_lines() == ["จัดทำหนังสือเชิญ", "ประชุม"] and activity.responsible == "กลุ่มอำนวยการ"
    assert "ประชุมชี้แจง" in client.get(seed_002.get_absolute_url()).text
