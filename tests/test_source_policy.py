"""One policy for the sources' own errors: what the portal derives is printed from data, what
a source said differently is listed for members ("ต้นฉบับระบุ … / ระบบพิมพ์ …"); names of other
organizations are warned about; totals that disagree need the supervisor's reason, printed as
a footnote; a seed's blank dates stay blank; a bundled PDF prints one digit system."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from assessments.models import ITAResult
from ita_portal import transitions
from ita_portal.models import Organization
from ita_portal.seeds import FIXTURES_DIR, load_seed
from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
from monitoring.models import QuarterlyReport
from tests.conftest import Cast
from tests.forms import form_data

NOTE = "ข้อสังเกตสำหรับเจ้าหน้าที่: เอกสารต้นฉบับระบุต่างจากที่ระบบพิมพ์"
OTHER = "ชื่อหน่วยงานอื่นในเอกสาร"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _seed(name: str) -> list:
    return load_seed(FIXTURES_DIR / name)["documents"]


def _pick(documents, cls):
    return next(d for d in documents if isinstance(d, cls))


@pytest.fixture
def seed_003(db):
    loaded = _seed("seed_003_samutsakhon_calendar_2561.json")
    return _pick(loaded, MonitoringCalendar), _pick(loaded, MonitoringReport), _pick(loaded, Memo)


def _body(html: str) -> str:
    """The document itself on a page (inside its paper), without the members' notes above it."""
    return html.split('<div class="paper', 1)[1]


def _notes(html: str) -> str:
    return html.split('id="source-notes"', 1)[1].split("</div>", 1)[0]


def _pdf_text(client, document, tmp_path, layout: bool = False) -> str:
    response = client.get(document.get_pdf_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.content)
    args = ["pdftotext"] + ([] if layout else ["-raw"]) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# 1. What the source said differently, listed on the staff page of each kind that has some.

def test_the_quarterly_report_prints_its_own_district_and_lists_the_sources_for_members(seed_report, cast):
    page = cast.client_for("supervisor").get(seed_report.get_staff_url()).text
    notes = _notes(page)
    assert "ตำแหน่งผู้รับรองใต้ลายมือชื่อ: ต้นฉบับระบุ “ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๕”" in notes
    assert "ระบบพิมพ์ “ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๖”" in notes
    assert "ต้นฉบับระบุ “๑๑๐,๐๐๐ บาท”" in notes  # the stated total, in the same list
    body = _body(page)
    assert "เชียงใหม่ เขต ๖" in body and "เชียงใหม่ เขต ๕" not in body


def test_the_calendar_and_the_monitoring_report_print_the_organizations_director(seed_003):
    calendar, report, _memo = seed_003
    cast = Cast(calendar.organization)
    client = cast.client_for("supervisor")
    page = client.get(calendar.get_staff_url()).text
    notes = _notes(page)
    assert "ชุมพร" in notes and "สมุทรปราการ" in notes
    body = _body(page)
    assert "ชุมพร" not in body and "สมุทรปราการ" not in body
    assert "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร" in body

    page = client.get(report.get_staff_url()).text
    notes = _notes(page)
    assert "รายการที่ 1 ผู้ลงนามรับทราบ: ต้นฉบับระบุ “(นายพรุต อุบัติศกร) ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามุกดาหาร”" in notes
    assert "หัวคอลัมน์ลงนามรับทราบ: ต้นฉบับระบุ “ลงนามรับทราบ โดย ผอ.สพป.มุกดาหาร”" in notes
    assert "มุกดาหาร" not in _body(page)


def test_the_ita_result_prints_its_own_office_where_the_source_named_another(db, client):
    _seed("seed_0000_framework_obec_2566.json")
    result = _pick(_seed("seed_002_tak2_2566.json"), ITAResult)
    cast = Cast(result.organization)
    page = cast.client_for("viewer").get(result.get_staff_url()).text
    assert "ต้นฉบับระบุ “สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาบุรีรัมย์”" in _notes(page)
    assert "บุรีรัมย์" not in _body(page)
    ITAResult.objects.filter(pk=result.pk).update(status="approved")
    assert "บุรีรัมย์" not in client.get(result.get_absolute_url()).text  # the public sees no notes


# 2. Names of other organizations: a warning on save and in the checklist, never a refusal.

def test_a_memo_naming_another_organization_is_saved_with_a_warning_and_listed_before_submission(seed_003):
    _calendar, _report, memo = seed_003
    cast = Cast(memo.organization)
    Organization.objects.create(
        code="spp-chumphon", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชุมพร", short_name="สพป.ชุมพร",
    )
    client = cast.client_for("supervisor")
    staff = client.get(memo.get_staff_url()).text
    # Its own name (the body names สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร) is no finding.
    assert OTHER not in staff

    edit = reverse("calendars:memo_edit", args=[memo.pk])
    data = form_data(client.get(edit))
    data["body"] += "\nตามแนวทางของ สพป. ชุมพร"
    response = client.post(edit, data, follow=True)
    assert Memo.objects.get(pk=memo.pk).body.endswith("สพป. ชุมพร")  # saved all the same
    assert "พบชื่อหน่วยงานอื่นในเอกสาร" in response.text and "“สพป. ชุมพร”" in response.text

    staff = client.get(memo.get_staff_url()).text
    listed = staff.split('id="other-organizations"', 1)[1].split("</ul>", 1)[0]
    assert "ข้อความ: “สพป. ชุมพร” (สพป.ชุมพร)" in listed
    assert "สมุทรสาคร" not in listed

    client.post(reverse("staff:document_transition", args=["memo", memo.pk, "submit"]))
    assert Memo.objects.get(pk=memo.pk).status == "submitted"  # a warning, not a refusal


def test_the_other_organization_check_costs_one_query(seed_report, django_assert_num_queries):
    from ita_portal.other_organizations import find_other_organizations

    organization = seed_report.project.organization
    Organization.objects.create(code="spp-a-10", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๑", short_name="สพป.เชียงใหม่ เขต ๑")
    texts = [("ก", "ประชุมร่วมกับ สพป.เชียงใหม่ เขต 1 และ สพป.เชียงใหม่ เขต 6"), ("ข", "ไปศึกษาดูงาน สพป.เชียงใหม่ เขต ๑๖")]
    with django_assert_num_queries(1):
        found = find_other_organizations(organization, texts)
    assert [(f.where, f.found) for f in found] == [("ก", "สพป.เชียงใหม่ เขต 1")]


# 3. Totals that disagree: no submission without a reason, which the page and the PDF print.

def test_a_report_whose_totals_disagree_is_submitted_only_with_a_reason_printed_as_its_footnote(seed_report, cast, tmp_path):
    QuarterlyReport.objects.filter(pk=seed_report.pk).update(totals_reason="")
    client = cast.client_for("supervisor")
    submit = reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "submit"])

    client.post(submit)
    assert QuarterlyReport.objects.get(pk=seed_report.pk).status == "draft"
    staff = client.get(seed_report.get_staff_url()).text
    assert "ยอดรวมไม่ตรงกัน: งบประมาณรวมของกิจกรรม (ข้อ ๔) ๑๐๑,๐๐๐ บาท แต่ยอดรวมรายละเอียดการใช้งบประมาณ (ข้อ ๕.๒) ๑๑๐,๐๐๐ บาท" in staff

    edit = reverse("staff:report_edit", args=[seed_report.pk])
    page = client.get(edit).text
    beside = page.split('name="totals_reason"', 1)[1]
    assert "ต้องระบุเหตุผลก่อนเสนอผู้อำนวยการ" in beside[:3000]
    data = form_data(page)
    data["totals_reason"] = "งบประมาณส่วนที่เหลือ 9,000 บาท เป็นค่าบริหารโครงการ"
    assert client.post(edit, data).status_code == 302

    client.post(submit)
    assert QuarterlyReport.objects.get(pk=seed_report.pk).status == "submitted"
    html = client.get(seed_report.get_absolute_url()).text
    assert "เหตุผล: งบประมาณส่วนที่เหลือ ๙,๐๐๐ บาท เป็นค่าบริหารโครงการ" in html
    if shutil.which("pdftotext"):
        text = re.sub(r"\s+", "", _pdf_text(client, seed_report, tmp_path))
        assert "หมายเหตุยอดรวมที่ไม่ตรงกัน" in text
        assert "เหตุผล:งบประมาณส่วนที่เหลือ๙,๐๐๐บาทเป็นค่าบริหารโครงการ" in text


# 4. and 5. Dates the source leaves blank; the memo bundle in one digit system.

def test_a_published_seed_memo_keeps_its_blank_endorsement_date(seed_003, client):
    _calendar, _report, memo = seed_003
    cast = Cast(memo.organization)
    for document in seed_003:  # as load_demo publishes them
        transitions.publish(document, supervisor=cast.supervisor, director=cast.director)
    memo = Memo.objects.get(pk=memo.pk)
    assert memo.is_approved and memo.endorsement and memo.endorsed_on is None
    html = client.get(memo.get_absolute_url()).text
    # The group head's date is the source's; the director's order carries none.
    assert html.count('class="sign-date"') == 1 and "๑๕ มิ.ย. ๖๑" in html


@needs_pdftotext
def test_the_memo_bundle_prints_its_attachments_in_the_memos_digits_and_the_sources_order(seed_003, tmp_path, monkeypatch):
    monkeypatch.setattr("ita_portal.pdf_cache.INLINE_HTML_CHARS", 10**9)  # rendered in the request, not by the worker
    calendar, report, memo = seed_003
    assert calendar.digit_system == report.digit_system == "arabic" and memo.digit_system == "thai"
    client = Cast(memo.organization).client_for("supervisor")
    text = _pdf_text(client, memo, tmp_path, layout=True)
    assert not re.search(r"[0-9]", text), re.findall(r".{20}[0-9].{5}", text)[:5]
    pages = [re.sub(r"\s+", "", page) for page in text.split("\f")]
    # Each document starts on a page of its own with its title, without a page number.
    calendar_page = next(i for i, p in enumerate(pages) if p.startswith("ปฏิทินการกำกับ"))
    report_page = next(i for i, p in enumerate(pages) if p.startswith("รายงานผลการกำกับ"))
    assert pages[0].startswith("บันทึกข้อความ") and 0 < calendar_page < report_page
    # Then each numbers its own pages from ๒.
    assert re.match("-๒(?![๐-๙])", pages[calendar_page + 1]) and re.match("-๒(?![๐-๙])", pages[report_page + 1])
