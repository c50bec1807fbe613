"""Seed 003 rendered: the calendar, the monitoring report and the memo hold every phrase of
the seed; copied-in signatures of other offices are flagged to staff; only a director of
the organization acknowledges monitoring report items."""

import shutil
import subprocess

import pytest

from ita_portal.seeds import load_seed
from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
from tests.conftest import LOGIN, Cast, outcome
from tests.seed_support import SEED_003, SEED_003_TEXT, missing_phrases, page_text, publish
from tests.test_report_pdf import normalise


@pytest.fixture
def draft_docs(db):
    loaded = load_seed(SEED_003)["documents"]
    pick = lambda cls: next(d for d in loaded if isinstance(d, cls))  # noqa: E731
    return pick(MonitoringCalendar), pick(MonitoringReport), pick(Memo)


@pytest.fixture
def docs(draft_docs):
    return publish(*draft_docs)


def test_the_three_pages_hold_every_phrase_of_the_seed(client, docs):
    text = "".join(page_text(client.get(d.get_absolute_url()).text) for d in docs)
    assert missing_phrases(SEED_003_TEXT, SEED_003, text) == []


def test_the_calendar_numbers_items_and_lists_groups(client, docs):
    calendar, _, _ = docs
    text = page_text(client.get(calendar.get_absolute_url()).text)
    assert "ปฏิทินการกำกับติดตามการดำเนินงาน" in text and "ประจำปีงบประมาณพ.ศ.2561" in text
    assert "10มกราคม25611.สำนักงานเขตพื้นที่การศึกษามีการกำหนด" in text
    assert "15มิถุนายน256115." in text
    assert [i.number for i in calendar.numbered_items()] == list(range(1, 16))
    assert [g.name for g in calendar.numbered_items()[14].groups.all()] == ["กลุ่มบริหารงานบุคคล", "กลุ่มอำนวยการ"]


def test_the_monitoring_report_numbers_rows_and_skips_the_continuation(docs):
    _, report, _ = docs
    numbers = [i.number for i in report.numbered_items()]
    assert numbers == [1, 2, 3, None, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert report.status_counts() == {"done": 12, "in_progress": 0, "not_started": 0}


def test_the_memo_prints_its_monitoring_report_with_the_reports_status_columns(client, docs):
    """The monitoring report printed after the memo in its PDF has the same three column
    headings as the report's own page (its words for the progress scale), not workflow states."""
    from django.template.loader import render_to_string

    _, report, memo = docs
    columns = "สมุทรสาครดำเนินการกำลังดำเนินการไม่ดำเนินการ1"  # the heading names the organization's director
    own = client.get(report.get_absolute_url()).text
    assert report in memo.covered_documents()
    covered = render_to_string("monitoring/_covered_document.html", {"doc": memo})
    for html in (own, covered):
        assert columns in page_text(html.split("การปฏิบัติ", 1)[1])


def test_a_calendar_item_date_must_lie_in_the_fiscal_year(docs):
    import datetime

    from django.core.exceptions import ValidationError

    calendar, _, _ = docs
    item = calendar.items.first()
    item.date = datetime.date(2018, 10, 1)  # fiscal year 2562
    with pytest.raises(ValidationError):
        item.full_clean()


def test_staff_see_signatures_of_other_offices(admin_client, docs):
    calendar, report, _ = docs
    text = page_text(admin_client.get(calendar.get_absolute_url()).text)
    assert "ข้อสังเกตสำหรับเจ้าหน้าที่" in text and "ชุมพร" in text and "สมุทรปราการ" in text
    # Every row was signed at สพป.มุกดาหาร: the report prints the organization's director and
    # keeps what the source said as notes (its column heading, 13 rows and 2 signature blocks).
    assert len(report.source_notes) == 16
    admin_client.logout()
    assert "ข้อสังเกตสำหรับเจ้าหน้าที่" not in admin_client.get(calendar.get_absolute_url()).text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_calendar_is_certified_once_and_staff_see_the_sources_per_page_certification(client, admin_client, docs, tmp_path):
    """The source certifies each of its two pages ("สำเนาถูกต้อง" twice, signed alike once
    the signer is the organization's director): the printed copy is certified once, at its
    end, and staff are told the source certified every page."""
    calendar = docs[0]
    path = tmp_path / "c.pdf"
    path.write_bytes(client.get(calendar.get_pdf_url()).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("สำเนาถูกต้อง") == 1
    assert normalise(text).count(normalise("(นายมารุต อุปนิสากร)")) == 1
    staff = page_text(admin_client.get(calendar.get_absolute_url()).text)
    assert "รับรองสำเนาถูกต้องทุกหน้า(2ครั้ง)" in staff  # page_text drops whitespace
    assert "รับรองสำเนาถูกต้องครั้งเดียวท้ายเอกสาร" in staff


@pytest.fixture
def cast(draft_docs):
    return Cast(draft_docs[0].organization)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("director", 302), ("supervisor", 403), ("viewer", 403), ("other_director", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_only_a_director_acknowledges(draft_docs, cast, who, expected):
    _, report, _ = draft_docs
    assert outcome(cast.client_for(who).post(f"/calendars/tracking/{report.pk}/acknowledge/")) == expected


def test_the_director_acknowledges_pending_items(client, draft_docs, cast):
    _, report, _ = draft_docs
    item = report.items.order_by("position").first()
    item.acknowledged_by_name = ""
    item.save()
    client.force_login(cast.director)
    response = client.post(f"/calendars/tracking/{report.pk}/acknowledge/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.acknowledged_by_name == "นายมารุต อุปนิสากร"
    assert item.acknowledged_by_position == "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร"
    assert item.acknowledged_on is not None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
@pytest.mark.parametrize("index", [0, 1])
def test_the_pdfs_hold_the_seed_texts(client, docs, tmp_path, index):
    doc = docs[index]
    path = tmp_path / "d.pdf"
    path.write_bytes(client.get(doc.get_pdf_url()).content)
    text = normalise(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    for phrase in ("สำเนาถูกต้อง", "2561", "สมุทรสาคร" if index else "กลุ่มบริหารงานบุคคล"):
        assert normalise(phrase) in text, phrase
    # Signers copied from other offices' files are printed as the organization's director.
    if index == 0:
        assert normalise("(นายมารุต อุปนิสากร) ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร") in text
        assert "ชุมพร" not in text and "สมุทรปราการ" not in text
    if index == 1:
        assert normalise("ลงนามรับทราบ โดย ผอ.สพป.สมุทรสาคร") in text
        assert "มุกดาหาร" not in text and normalise("นายพัชรุต อุปัติสาร") not in text
