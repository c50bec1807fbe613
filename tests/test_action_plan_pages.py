"""Seed 001 rendered: the plan page and the 6-month report page hold every phrase of the
seed (HTML), the PDFs hold its texts (pdftotext), staff see the flagged mismatch."""

import shutil
import subprocess

import pytest

from ita_portal.seeds import load_seed
from monitoring.progress import ProgressReport
from plans.action_plans import ActionPlan
from tests.seed_support import SEED_001, SEED_001_TEXT, missing_phrases, page_text, publish
from tests.test_report_pdf import normalise


@pytest.fixture
def seed_docs(db):
    docs = load_seed(SEED_001)["documents"]
    plan = next(d for d in docs if isinstance(d, ActionPlan))
    report = next(d for d in docs if isinstance(d, ProgressReport))
    return publish(plan, report)


def test_the_report_page_holds_every_phrase_of_the_seed(client, seed_docs):
    _, report = seed_docs
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert missing_phrases(SEED_001_TEXT, SEED_001, page_text(response.text)) == []


def test_the_plan_page_holds_part_1(client, seed_docs):
    plan, _ = seed_docs
    text = page_text(client.get(plan.get_absolute_url()).text)
    # Part 1 is lines 18–105 of the seed (the plan page has no "ส่วนที่ 1" heading).
    assert missing_phrases(SEED_001_TEXT, SEED_001, text, first_line=18, last_line=105) == []
    assert "ศึกษาดูงาน" not in text
    for phrase in ("ไตรมาส1", "ต.ค.63", "ก.ย.64", "รวม150,000", "ตั้งแต่1ตุลาคม2563ถึง30กันยายน2564"):
        assert phrase in text


def test_the_report_shows_computed_totals(client, seed_docs):
    _, report = seed_docs
    text = page_text(client.get(report.get_absolute_url()).text)
    # Activity 5 was added during the year: the report's total says so, beside the plan's.
    assert "รวมงบประมาณทุกกิจกรรมที่รายงาน(รวมกิจกรรมที่เพิ่มระหว่างปี)200,000" in text
    assert "งบประมาณตามแผน(ส่วนที่1)150,000บาท" in text
    assert "(ตุลาคม2563-มีนาคม2564)" in text
    assert "ดำเนินการแล้ว4จาก11กิจกรรม(ร้อยละ36.36)" in text
    assert "6,000" in text  # activity 1.3 as computed, not the seed's 3,000


def test_staff_see_the_mismatch_and_the_public_does_not(client, superuser, seed_docs):
    plan, _ = seed_docs
    assert "ข้อสังเกตสำหรับเจ้าหน้าที่" not in client.get(plan.get_absolute_url()).text
    client.force_login(superuser)
    text = page_text(client.get(plan.get_absolute_url()).text)
    assert "งบประมาณกิจกรรม1.3" in text and "ต้นฉบับระบุ“3,000บาท”/ระบบพิมพ์“6,000บาท(ผลรวมของกิจกรรมย่อย;" in text
    assert "ไม่อยู่ในแผน" in text


def test_the_schedule_marks_the_scheduled_month(client, seed_docs):
    plan, _ = seed_docs
    html = client.get(plan.get_absolute_url()).text
    assert html.count('class="month on"') == 1


def test_an_unknown_plan_is_404(client, db):
    assert client.get("/plans/action-plans/999/").status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_report_pdf_holds_the_seed_texts(client, seed_docs, tmp_path):
    _, report = seed_docs
    response = client.get(report.get_pdf_url())
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" not in info.split("Page size:")[1].split("\n")[0]  # first page portrait
    # -raw: the order the text is drawn, so a table cell's lines stay together.
    text = normalise(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    for phrase in (
        "รายงานการกำกับติดตาม", "ตามแผนปฏิบัติการป้องกันการทุจริต", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก",
        "บูรณาการต่อต้านการทุจริตและประพฤติมิชอบ", "ZeroTolerance&CleanThailand", "ร้อยละ65(85คะแนนขึ้นไป)",
        "กิจกรรมศึกษาดูงานเขตพื้นที่สุดจริตต้นแบบ", "www.uprightschool.net", "100,000", "200,000", "ไตรมาส4",
    ):
        assert normalise(phrase) in text, phrase


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")
def test_the_plan_pdf_has_landscape_pages_for_the_schedule(client, seed_docs, tmp_path):
    plan, _ = seed_docs
    path = tmp_path / "p.pdf"
    path.write_bytes(client.get(plan.get_pdf_url()).content)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "20", str(path)], capture_output=True, text=True, check=True).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0].strip() for line in info.splitlines() if line.startswith("Page") and "size" in line]
    assert sizes[0].startswith("595") and any(s.startswith("841") for s in sizes)
