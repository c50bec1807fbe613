"""End to end in a real browser: Playwright (PyPI) driving Debian's Chromium.

A supervisor signs in, adds a budget line (the total updates as she types), creates a
quarterly report, fills the PDCA checklist and submits; the director signs in and approves
with a signature image; the PDF downloads and carries the director's name; the supervisor can
no longer edit. Screenshots of each step go to artifacts/browser/.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageDraw

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "browser"

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh installs it)"),
    pytest.mark.django_db(transaction=True),
]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)  # the PDF's text layer is the printed Thai (ita_portal.pdf_actualtext)


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def signature_png(tmp_path) -> Path:
    image = Image.new("RGB", (360, 120), "white")
    ImageDraw.Draw(image).line([(10, 90), (120, 30), (200, 80), (340, 20)], fill=(10, 30, 140), width=6)
    path = tmp_path / "signature.png"
    image.save(path)
    return path


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-not-used-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/my-work/")


def test_supervisor_to_director_to_pdf(live_server, browser, cast, seed_report, signature_png, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    project = seed_report.project

    def shot(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    supervisor = browser.new_page(viewport={"width": 1280, "height": 900})
    login(supervisor, base, "sup")
    shot(supervisor, "01-supervisor-dashboard")

    # A budget line, with the total updated by the page's script while typing.
    supervisor.goto(f"{base}/staff/projects/{project.pk}/")
    lines = supervisor.locator('[data-formset="lines"]')
    lines.locator("[data-add-row]").click()
    row = lines.locator("tbody tr[data-row]").last
    row.locator('input[name$="-number"]').fill("7")
    row.locator('input[name$="-item"]').fill("ค่าถ่ายเอกสาร")
    row.locator('input[name$="-quantity"]').fill("100")
    row.locator('input[name$="-unit_rate"]').fill("2.5")
    assert row.locator("[data-amount]").inner_text() == "250"
    assert lines.locator('[data-total="lines"]').inner_text() == "110,250"
    shot(supervisor, "02-budget-line-typed")
    supervisor.click("button:has-text('บันทึกโครงการ')")
    supervisor.wait_for_selector(".alert-success")
    assert project.budget_line_items.filter(item="ค่าถ่ายเอกสาร").exists()

    # A new quarterly report with its PDCA checklist.
    supervisor.click("button:has-text('เริ่มรายงานไตรมาสที่ 3')")
    supervisor.wait_for_selector("text=ปฏิทินการกำกับ ติดตามการดำเนินงาน (PDCA)")
    for letter, month in zip("PDCA", ("2020-04-01", "2020-05-01", "2020-06-01", "2020-06-01")):
        supervisor.select_option(f"#id_pdca-{letter}-month", month)
        supervisor.fill(f"#id_pdca-{letter}-methods", f"ขั้นตอน {letter} วิธีที่หนึ่ง\nขั้นตอน {letter} วิธีที่สอง")
        supervisor.check(f"input[name='pdca-{letter}-status'][value='done']")
        supervisor.check(f"input[name='pdca-{letter}-outcome'][value='achieved']")
    supervisor.fill("#id_problems", "ภาระงานของบุคลากรไม่ตรงกัน")
    # The seed report's activities (101,000 baht) and budget lines (110,000) disagree: a submit
    # needs the supervisor's reason.
    supervisor.fill("#id_totals_reason", "ยอดรายละเอียดการใช้งบประมาณรวมค่าใช้จ่ายที่โอนจากไตรมาสก่อน")
    # Every activity ended by the quarter's last month needs its result (completeness before submit).
    for result in supervisor.locator("textarea[name^='result_'], input[name^='result_']").all():
        result.fill("ดำเนินการแล้ว")
    shot(supervisor, "03-pdca-filled")
    supervisor.click("button:has-text('บันทึกรายงาน')")
    supervisor.wait_for_selector("text=บันทึกรายงานแล้ว")
    report_url = supervisor.url
    shot(supervisor, "04-report-saved")
    supervisor.click("button:has-text('เสนอผู้อำนวยการ')")
    supervisor.wait_for_selector("text=เสนอเอกสารต่อผู้อำนวยการแล้ว")
    shot(supervisor, "05-submitted")

    # The director approves with a signature image.
    director = browser.new_page(viewport={"width": 1280, "height": 900})
    login(director, base, "dir")
    director.goto(report_url)
    director.set_input_files("#signature", str(signature_png))
    shot(director, "06-director-review")
    director.click("button:has-text('อนุมัติ')")
    director.wait_for_selector("text=อนุมัติเอกสารแล้ว")
    sha = director.locator("code").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    shot(director, "07-approved")

    # The PDF downloads and carries the director's name and signature.
    with director.expect_download() as download_info:
        director.evaluate("() => { const a = document.querySelector('a[href$=\"/pdf/\"]'); a.setAttribute('download', ''); a.click(); }")
    pdf_path = tmp_path / "approved.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = _normalise(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout)
        assert _normalise("(นายสมพงศ์ พรหมจันทร์)") in text
        assert _normalise("ขั้นตอน P วิธีที่หนึ่ง") in text
    if shutil.which("pdfimages"):  # the signature image is embedded
        listing = subprocess.run(["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, check=True).stdout
        assert len(listing.splitlines()) >= 3, listing
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "3", str(pdf_path), str(ARTIFACTS / "08-pdf")], check=True)

    # The supervisor can no longer edit.
    supervisor.goto(report_url)
    assert supervisor.locator("text=แก้ไขรายงาน").count() == 0
    response = supervisor.goto(report_url + "edit/")
    assert response.status == 403
    shot(supervisor, "09-supervisor-cannot-edit")
