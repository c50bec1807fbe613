"""The clarification round of the OIT scores (คำชี้แจงผลคะแนน OIT): the preliminary verdicts
transcribed from ITAS, the disputed items with their clarifications and evidence, the
director's approval, the outcomes, the final verdicts, the year's OIT score computed from them
and the ITA result filled from it ("ใช้ผลคะแนนสุดท้าย"), and who may do what.

The framework is made here (OBEC, fiscal year 2570): IIT, EIT and OIT; OIT indicator 9 with
sub-indicators 9.1 (items O1–O3) and 9.2 (O4–O5), indicator 10 with 10.1 (O6); the
clarification phase runs 10–15 Jun 2027, and "today" is 12 Jun 2027 (inside the window)
unless a test moves it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    AssessmentPhase,
    ClarificationEvidence,
    Framework,
    Indicator,
    ItemVerdict,
    ITAResult,
    OITChecklist,
    SubIndicator,
    SubIndicatorScore,
    Tool,
    DisclosureItem,
)
from ita_portal.models import Organization
from tests.conftest import Cast
from tests.forms import form_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


IN_WINDOW = datetime.date(2027, 6, 12)


def _today(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture
def world(db, monkeypatch):
    _today(monkeypatch, IN_WINDOW)
    framework = Framework.objects.create(assessing_body="obec", fiscal_year=2570, name="ITA Online ปีงบประมาณ 2570")
    tools = {code: Tool.objects.create(framework=framework, code=code, weight=w, order=n)
             for n, (code, w) in enumerate((("IIT", 30), ("EIT", 30), ("OIT", 40)))}
    i9 = Indicator.objects.create(framework=framework, tool=tools["OIT"], number=9, name="การเปิดเผยข้อมูล")
    i10 = Indicator.objects.create(framework=framework, tool=tools["OIT"], number=10, name="การป้องกันการทุจริต")
    s91 = SubIndicator.objects.create(indicator=i9, number="9.1", name="ข้อมูลพื้นฐาน", order=1)
    s92 = SubIndicator.objects.create(indicator=i9, number="9.2", name="การบริหารงาน", order=2)
    s101 = SubIndicator.objects.create(indicator=i10, number="10.1", name="มาตรการภายใน", order=1)
    for n, sub in enumerate((s91, s91, s91, s92, s92, s101), start=1):
        DisclosureItem.objects.create(framework=framework, sub_indicator=sub, code=f"O{n}", order=n, title=f"ข้อมูลข้อ {n}")
    AssessmentPhase.objects.create(
        framework=framework, kind="clarification", starts_on=datetime.date(2027, 6, 10), ends_on=datetime.date(2027, 6, 15)
    )
    organization = Organization.objects.create(code="spp-clarify-1", name="สำนักงานเขตพื้นที่การศึกษาทดสอบรอบตรวจ", short_name="สพป.ทดสอบรอบตรวจ")
    checklist = OITChecklist.objects.create(organization=organization, framework=framework)
    checklist.ensure_entries()
    entries = {e.item.code: e for e in checklist.entries.select_related("item")}
    return {"cast": Cast(organization), "checklist": checklist, "entries": entries, "framework": framework, "subs": (s91, s92, s101)}


def _url(name, checklist, *args):
    return reverse(f"assessments:{name}", args=[checklist.pk, *args])


def _enter(client, checklist, round, verdicts: dict):
    """Fill the verdict page of ``round`` as a user would: ``{code: ("pass"|"fail", reason)}``."""
    page = client.get(_url("verdicts", checklist, round))
    assert page.status_code == 200
    data = form_data(page)
    for code, (passed, reason) in verdicts.items():
        entry = checklist.entries.get(item__code=code)
        data[f"passed_{entry.pk}"] = passed
        data[f"reason_{entry.pk}"] = reason
    return client.post(_url("verdicts", checklist, round), data)


PRELIMINARY = {
    "O1": ("pass", ""), "O2": ("fail", "ไม่พบข้อมูลผู้บริหาร"), "O3": ("fail", "ข้อมูลไม่เป็นปัจจุบัน"),
    "O4": ("pass", ""), "O5": ("fail", "ไม่มีรายงานรอบ 6 เดือน"), "O6": ("pass", ""),
}


def _prepare_and_approve(world):
    """Preliminary verdicts entered, a clarification of O2 with a URL and a file, submitted
    by the supervisor and approved by the director."""
    checklist, cast = world["checklist"], world["cast"]
    sup = cast.client_for("supervisor")
    assert _enter(sup, checklist, "preliminary", PRELIMINARY).status_code == 302
    o2 = world["entries"]["O2"]
    page = sup.get(_url("clarification_item", checklist, o2.pk))
    data = form_data(page)
    data.update({"c-clarification": "หน่วยงานเผยแพร่ข้อมูลผู้บริหารครบทุกองค์ประกอบแล้ว", "evidence-url": "https://example.go.th/o2"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    data["evidence-file"] = SimpleUploadedFile("คำสั่ง.pdf", PDF, content_type="application/pdf")
    assert sup.post(_url("clarification_item", checklist, o2.pk), data).status_code == 302
    assert sup.post(_url("clarification_submit", checklist)).status_code == 302
    director = cast.client_for("director")
    assert director.post(_url("clarification_review", checklist), {"decision": "approve"}).status_code == 302
    return sup, director


def test_it_records_preliminary_verdicts_and_lists_the_failed_items_as_disputed(world):
    checklist = world["checklist"]
    sup = world["cast"].client_for("supervisor")
    response = _enter(sup, checklist, "preliminary", PRELIMINARY)
    assert response.status_code == 302
    assert set(ItemVerdict.objects.disputed().values_list("entry__item__code", flat=True)) == {"O2", "O3", "O5"}
    assert ItemVerdict.objects.preliminary().filter(assessed_by=None).count() == 6  # transcribed from ITAS
    page = sup.get(_url("clarification", checklist)).content.decode()
    assert 'data-item="O2"' in page and 'data-item="O3"' in page and 'data-item="O5"' in page
    assert 'data-item="O1"' not in page and 'data-item="O6"' not in page
    assert "ไม่พบข้อมูลผู้บริหาร" in page and "ระบบ ITAS" in page
    # preliminary OIT: 9.1 = 1 of 3 passed = 33.333…, 9.2 = 1 of 2 = 50, so 9 = 41.666…;
    # 10.1 = 1 of 1 = 100 so 10 = 100; OIT = (41.666… + 100) / 2 = 70.833… → 70.83
    assert '<td class="text-end" id="preliminary-score">70.83</td>' in page


def test_the_page_gives_the_clarification_window_and_the_days_left(world, monkeypatch):
    checklist = world["checklist"]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2027, 6, 12))
    page = world["cast"].client_for("viewer").get(_url("clarification", checklist)).content.decode()
    assert "เหลือ 3 วัน" in page  # 12 → 15 June
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2027, 6, 16))
    page = world["cast"].client_for("viewer").get(_url("clarification", checklist)).content.decode()
    assert "สิ้นสุดแล้ว" in page


def test_a_clarification_with_evidence_is_submitted_approved_and_accepted_turns_the_final_verdict_to_pass(world):
    checklist = world["checklist"]
    sup, director = _prepare_and_approve(world)
    o2 = world["entries"]["O2"]
    verdict = ItemVerdict.objects.get(entry=o2, round="preliminary")
    assert verdict.clarification.startswith("หน่วยงานเผยแพร่")
    evidence = ClarificationEvidence.objects.get(verdict=verdict)
    assert evidence.url == "https://example.go.th/o2" and evidence.content_type == "application/pdf"
    checklist.refresh_from_db()
    assert checklist.clarification_status == "approved" and checklist.clarification_approved_by == world["cast"].director
    assert not ItemVerdict.objects.final().filter(entry=o2).exists()
    page = sup.get(_url("clarification_item", checklist, o2.pk))
    data = form_data(page)
    data.update({"o-outcome": "accepted", "o-outcome_note": "รับคำชี้แจง"})
    assert sup.post(_url("clarification_item", checklist, o2.pk), data).status_code == 302
    assert ItemVerdict.objects.final().get(entry=o2).passed is True
    page = sup.get(_url("clarification", checklist)).content.decode()
    assert "ผู้ประเมินรับคำชี้แจง (ผ่าน)" in page


def test_the_final_page_is_prefilled_from_the_outcomes_and_the_oit_score_comes_from_the_final_verdicts(world):
    checklist, cast = world["checklist"], world["cast"]
    sup, _ = _prepare_and_approve(world)
    o2 = world["entries"]["O2"]
    data = form_data(sup.get(_url("clarification_item", checklist, o2.pk)))
    data.update({"o-outcome": "accepted"})
    sup.post(_url("clarification_item", checklist, o2.pk), data)
    # the final page proposes: O2 passed (accepted), O3 and O5 failed (not clarified), the rest as before
    data = form_data(sup.get(_url("verdicts", checklist, "final")))
    proposed = {code: data[f"passed_{e.pk}"] for code, e in world["entries"].items()}
    assert proposed == {"O1": "pass", "O2": "pass", "O3": "fail", "O4": "pass", "O5": "fail", "O6": "pass"}
    assert sup.post(_url("verdicts", checklist, "final"), data).status_code == 302
    assert ItemVerdict.objects.final().count() == 6
    # final OIT: 9.1 = 2 of 3 = 66.666…, 9.2 = 1 of 2 = 50, so 9 = (66.666… + 50) / 2 = 58.333…;
    # 10 = 100; OIT = (58.333… + 100) / 2 = 79.1666… → 79.17
    page = sup.get(_url("clarification", checklist)).content.decode()
    assert '<td class="text-end" id="final-score">79.17</td>' in page

    # the ITA result takes those figures with one button; the analysis proposes from them
    result = ITAResult.objects.create(organization=checklist.organization, framework=checklist.framework)
    scores_page = sup.get(reverse("assessments:result_scores", args=[result.pk]))
    assert "ใช้ผลคะแนนสุดท้าย" in scores_page.content.decode()
    response = sup.post(reverse("assessments:result_use_final", args=[result.pk]), {"version": result.version})
    assert response.status_code == 302
    s91, s92, s101 = world["subs"]
    stored = dict(SubIndicatorScore.objects.filter(result=result).values_list("sub_indicator_id", "score"))
    assert stored == {s91.pk: Decimal("66.67"), s92.pk: Decimal("50.00"), s101.pk: Decimal("100.00")}
    edit = sup.get(reverse("assessments:result_edit", args=[result.pk])).content.decode()
    assert "9.2" in edit


def test_use_final_without_final_verdicts_is_refused_with_a_message(world):
    checklist = world["checklist"]
    result = ITAResult.objects.create(organization=checklist.organization, framework=checklist.framework)
    sup = world["cast"].client_for("supervisor")
    response = sup.post(reverse("assessments:result_use_final", args=[result.pk]), {"version": result.version}, follow=True)
    assert "ยังไม่ได้บันทึกผลสุดท้าย" in response.content.decode()
    assert not SubIndicatorScore.objects.filter(result=result).exists()


def test_an_outcome_before_the_directors_approval_is_not_recorded(world):
    checklist = world["checklist"]
    sup = world["cast"].client_for("supervisor")
    _enter(sup, checklist, "preliminary", PRELIMINARY)
    o3 = world["entries"]["O3"]
    sup.post(_url("clarification_item", checklist, o3.pk), {"c-clarification": "ชี้แจง", "o-outcome": "accepted"})
    assert not ItemVerdict.objects.final().exists()
    assert ItemVerdict.objects.get(entry=o3, round="preliminary").outcome == ""


def test_access_supervisors_prepare_directors_approve_and_outsiders_and_the_public_see_nothing(world):
    checklist, cast = world["checklist"], world["cast"]
    _enter(cast.client_for("supervisor"), checklist, "preliminary", PRELIMINARY)
    o2 = world["entries"]["O2"]
    page = _url("clarification", checklist)
    assert cast.client_for("anonymous").get(page).status_code == 302  # to the login page
    assert cast.client_for("other_supervisor").get(page).status_code == 404
    assert cast.client_for("viewer").get(page).status_code == 200
    for role in ("director", "viewer"):
        assert cast.client_for(role).get(_url("verdicts", checklist, "preliminary")).status_code == 403
        assert cast.client_for(role).post(_url("clarification_item", checklist, o2.pk), {"c-clarification": "x"}).status_code == 403
        assert cast.client_for(role).post(_url("clarification_submit", checklist)).status_code == 403
    assert cast.client_for("other_supervisor").post(_url("clarification_item", checklist, o2.pk), {"c-clarification": "x"}).status_code == 404
    assert ItemVerdict.objects.get(entry=o2, round="preliminary").clarification == ""
    # the supervisor may not approve; an item that passed has no clarification page
    sup = cast.client_for("supervisor")
    assert sup.post(_url("clarification_review", checklist), {"decision": "approve"}).status_code == 403
    assert sup.get(_url("clarification_item", checklist, world["entries"]["O1"].pk)).status_code == 404
    # the public pages never show the clarification
    public = cast.client_for("anonymous").get(checklist.get_public_url()).content.decode()
    assert "ไม่พบข้อมูลผู้บริหาร" not in public and "คำชี้แจง" not in public


def test_a_clarification_cannot_be_submitted_empty_or_changed_once_submitted(world):
    checklist, cast = world["checklist"], world["cast"]
    sup = cast.client_for("supervisor")
    _enter(sup, checklist, "preliminary", PRELIMINARY)
    response = sup.post(_url("clarification_submit", checklist), follow=True)
    assert "ยังไม่มีคำชี้แจง" in response.content.decode()
    checklist.refresh_from_db()
    assert checklist.clarification_status == "draft"
    o3 = world["entries"]["O3"]
    data = form_data(sup.get(_url("clarification_item", checklist, o3.pk)))
    data["c-clarification"] = "ข้อมูลปรับปรุงแล้ว"
    sup.post(_url("clarification_item", checklist, o3.pk), data)
    sup.post(_url("clarification_submit", checklist))
    sup.post(_url("clarification_item", checklist, o3.pk), {"c-clarification": "เปลี่ยนหลังเสนอ"})
    assert ItemVerdict.objects.get(entry=o3, round="preliminary").clarification == "ข้อมูลปรับปรุงแล้ว"
    # the director returns it: it is a draft again
    cast.client_for("director").post(_url("clarification_review", checklist), {"decision": "return"})
    checklist.refresh_from_db()
    assert checklist.clarification_status == "draft"


def test_a_clarified_item_cannot_be_turned_into_a_pass_in_the_preliminary_round(world):
    checklist = world["checklist"]
    sup = world["cast"].client_for("supervisor")
    _enter(sup, checklist, "preliminary", PRELIMINARY)
    o3 = world["entries"]["O3"]
    data = form_data(sup.get(_url("clarification_item", checklist, o3.pk)))
    data["c-clarification"] = "ชี้แจงแล้ว"
    sup.post(_url("clarification_item", checklist, o3.pk), data)
    response = _enter(sup, checklist, "preliminary", {"O3": ("pass", "")})
    assert response.status_code == 200
    assert "ข้อนี้มีคำชี้แจงแล้ว" in response.content.decode()
    assert ItemVerdict.objects.get(entry=o3, round="preliminary").passed is False


def test_the_clarification_prints_as_a_pdf_for_members_only(world):
    checklist, cast = world["checklist"], world["cast"]
    _enter(cast.client_for("supervisor"), checklist, "preliminary", PRELIMINARY)
    response = cast.client_for("director").get(_url("clarification_pdf", checklist))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert cast.client_for("other_director").get(_url("clarification_pdf", checklist)).status_code == 404


@pytest.mark.parametrize("day, message", [
    (datetime.date(2027, 6, 9), "ยังไม่ถึงช่วงชี้แจง ส่งคำชี้แจงได้ตั้งแต่ 10 มิ.ย. 2570 ถึง 15 มิ.ย. 2570"),
    (datetime.date(2027, 6, 16), "หมดเขตส่งคำชี้แจงแล้วเมื่อ 15 มิ.ย. 2570 จึงเขียนหรือเสนอคำชี้แจงไม่ได้"),
])
def test_outside_the_clarification_window_nothing_is_written_or_submitted(world, monkeypatch, day, message):
    checklist, sup = world["checklist"], world["cast"].client_for("supervisor")
    assert _enter(sup, checklist, "preliminary", PRELIMINARY).status_code == 302
    o2 = world["entries"]["O2"]
    # a clarification written on the last day of the window is kept
    _today(monkeypatch, datetime.date(2027, 6, 15))
    other_tab = form_data(sup.get(_url("clarification_item", checklist, o2.pk)))
    data = form_data(sup.get(_url("clarification_item", checklist, o2.pk)))
    data["c-clarification"] = "ชี้แจงในวันสุดท้าย"
    assert sup.post(_url("clarification_item", checklist, o2.pk), data).status_code == 302

    _today(monkeypatch, day)
    page = sup.get(_url("clarification_item", checklist, o2.pk)).content.decode()
    assert message in page and 'name="c-clarification"' not in page
    # a form kept open in another tab and posted now is refused beside the field, nothing saved
    other_tab["c-clarification"] = "ชี้แจงนอกช่วง"
    response = sup.post(_url("clarification_item", checklist, o2.pk), other_tab)
    assert response.status_code == 200 and message in response.content.decode()
    assert "ชี้แจงนอกช่วง" in response.content.decode()  # what was typed is shown, not lost
    assert ItemVerdict.objects.get(entry=o2, round="preliminary").clarification == "ชี้แจงในวันสุดท้าย"
    # the clarification page offers no submit button and a posted submit is refused
    page = sup.get(_url("clarification", checklist)).content.decode()
    assert message in page and "เสนอผู้อำนวยการ</button>" not in page
    response = sup.post(_url("clarification_submit", checklist), follow=True)
    assert message in response.content.decode()
    checklist.refresh_from_db()
    assert checklist.clarification_status == "draft"


def test_without_a_clarification_phase_the_window_is_not_guessed(world, monkeypatch):
    AssessmentPhase.objects.filter(framework=world["framework"]).delete()
    _today(monkeypatch, datetime.date(2031, 1, 1))
    checklist, sup = world["checklist"], world["cast"].client_for("supervisor")
    assert _enter(sup, checklist, "preliminary", PRELIMINARY).status_code == 302
    o2 = world["entries"]["O2"]
    data = form_data(sup.get(_url("clarification_item", checklist, o2.pk)))
    data["c-clarification"] = "ชี้แจง"
    assert sup.post(_url("clarification_item", checklist, o2.pk), data).status_code == 302
    assert sup.post(_url("clarification_submit", checklist)).status_code == 302
    checklist.refresh_from_db()
    assert checklist.clarification_status == "submitted"
