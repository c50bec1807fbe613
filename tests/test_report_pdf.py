"""The report's PDF: valid, A4, the vendored Thai print font (TH Sarabun New) embedded, and the seed's content."""

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def normalise(text: str) -> str:
    """Drop whitespace only: lines of a PDF wrap anywhere, but its text layer is the printed
    Thai, letter for letter (SARA AM, tone marks and vowels in spelling order), since the
    portal writes /ActualText spans (``ita_portal.pdf_actualtext``)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pdf(member_client, seed_report, tmp_path):
    response = member_client.get(seed_report.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    return path


def run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_it_is_a_valid_a4_pdf(pdf):
    info = run("pdfinfo", str(pdf))
    assert "PDF version" in info
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2


def test_it_embeds_the_vendored_th_sarabun_new_font(pdf):
    fonts = run("pdffonts", str(pdf))
    rows = [line for line in fonts.splitlines() if "TH-Sarabun-New" in line]
    assert rows, fonts
    assert all(" yes yes yes " in row for row in rows), fonts
    assert not any(name in fonts for name in ("DejaVu", "Liberation", "Laksaman"))


def test_its_text_holds_the_report(pdf, seed_data):
    # -raw: the order the text is drawn, so a table cell's lines stay together (the default
    # reading order interleaves the lines of cells side by side).
    text = normalise(run("pdftotext", "-raw", str(pdf), "-"))
    p = seed_data["projects"][0]
    expected = [
        "รายงานผลกำกับติดตามการดำเนินการป้องกันการทุจริตรายไตรมาส",
        seed_data["organizations"][0]["name"],
        "ขั้นวางแผนการดำเนินงาน (P)",
        "ขั้นปฏิบัติตามแผนการดำเนินงาน (D)",
        "ขั้นตรวจสอบ/ประเมินผล/นำผลมาวิเคราะห์ (C)",
        "ขั้นปรับปรุงแก้ไขการดำเนินงาน (A)",
        # every budget figure of the seed, in Thai digits
        "๑๑,๐๐๐",
        "๑๐,๐๐๐",
        "๑๘,๓๐๐",
        "๒๙,๒๘๐",
        "๖๒,๔๒๐",
        "๓๐๐",
        "๔๘๐",
        "๖๑",
        # the computed totals
        "รวมงบประมาณของกิจกรรม๑๐๑,๐๐๐",
        "งบประมาณจำนวน๑๑๐,๐๐๐บาท",
        "รวมรายละเอียดการใช้งบประมาณ๑๑๐,๐๐๐",
        p["responsible"],
        "(นายสมพงศ์ พรหมจันทร์)",
        "ผู้รับรอง",
    ]
    missing = [item for item in expected if normalise(item) not in text]
    assert missing == []
    assert "110,000" not in text and "101,000" not in text  # no Arabic digits leak in


def test_page_numbers_use_the_documents_digits(pdf):
    pages = [normalise(page) for page in run("pdftotext", str(pdf), "-").split("\f")]
    assert pages[1].startswith("-๒"), pages[1][:20]
    assert pages[2].startswith("-๓"), pages[2][:20]
    assert not pages[0].startswith("-")  # no number on the first page, as in official letters
