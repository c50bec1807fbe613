"""The memo (บันทึกข้อความ) of seed 003: every field of the memo form, in the memo's digits,
with the director taken from the organization, the emblem slot, and the PDF."""

import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile

from ita_portal.seeds import load_seed
from monitoring.calendar import Memo, MemoSettings
from tests.seed_support import SEED_003, publish
from tests.test_report_pdf import normalise


@pytest.fixture
def memo(db):
    (memo,) = publish(next(d for d in load_seed(SEED_003)["documents"] if isinstance(d, Memo)))
    return memo


@pytest.fixture
def text(client, memo):
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(memo.get_absolute_url()).text))


def test_the_header_fields(text):
    assert "บันทึกข้อความ" in text
    assert "ส่วนราชการ สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา" in text
    assert "ที่ ศธ ๐๔๑๑๔/" in text
    assert "วันที่ ๑๕ มิถุนายน ๒๕๖๑" in text
    assert "เรื่อง รายงานผลการกำกับ ติดตามการดำเนินงาน" in text
    assert "เรียน ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร" in text


def test_the_body_uses_thai_digits_throughout(text):
    assert "ระยะที่ ๓ (พ.ศ. ๒๕๖๐ - ๒๕๖๔)" in text
    body = text.split("บันทึกข้อความ", 2)[-1]
    assert not any(ch.isascii() and ch.isdigit() for ch in body.split("ดาวน์โหลด")[0])


def test_the_proposals_are_numbered(text):
    assert "๑. รายงานผลการกำกับ ติดตาม" in text
    assert "๒. ขออนุญาตเผยแพร่รายงานผล" in text
    assert "จึงเรียนมาเพื่อโปรดพิจารณา" in text


def test_the_signature_blocks(text):
    assert "(นางทวิกา บำรุงสวัสดิ์) ศึกษานิเทศก์ชำนาญการพิเศษ" in text
    assert "(นางวิหาญ พลเพชร) ผู้อำนวยการกลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา ๑๕ มิ.ย. ๖๑" in text
    assert "และขอเสนอ ผอ.เขตฯ" in text
    # the director's endorsement, from the organization's record
    assert "- นายสุวิทย์ งามนิตย์ (ลงชื่อ)" in text
    assert "(นายมารุต อุปนิสากร) ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร" in text
    assert "สำเนาถูกต้อง" in text


def test_the_director_follows_the_organization(client, memo):
    org = memo.organization
    org.director_name = "นายใหม่ ทดสอบ"
    org.save()
    assert "(นายใหม่ ทดสอบ)" in client.get(memo.get_absolute_url()).text


def test_no_emblem_ships_and_an_uploaded_one_is_shown(client, memo, settings, tmp_path):
    assert "<img class=\"emblem\"" not in client.get(memo.get_absolute_url()).text
    settings.MEDIA_ROOT = tmp_path
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
           b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    s = MemoSettings(organization=memo.organization)
    s.emblem.save("garuda.png", ContentFile(png), save=False)
    s.full_clean()
    s.save()
    assert "<img class=\"emblem\" src=\"/media/emblems/garuda" in client.get(memo.get_absolute_url()).text


def test_an_emblem_must_be_an_image(memo):
    from django.core.exceptions import ValidationError

    s = MemoSettings(organization=memo.organization)
    s.emblem.name = "emblems/virus.exe"
    with pytest.raises(ValidationError):
        s.full_clean()


def test_a_covered_document_must_be_the_same_organizations(memo):
    from django.core.exceptions import ValidationError

    from ita_portal.models import Organization
    from monitoring.calendar import MonitoringCalendar

    type(memo)._base_manager.filter(pk=memo.pk).update(status="draft")  # a draft being written
    memo.status = "draft"
    other = Organization.objects.create(code="other", name="อื่น", short_name="อื่น")
    memo.calendar = MonitoringCalendar.objects.create(organization=other, fiscal_year=2561, title="x")
    with pytest.raises(ValidationError) as exc:
        memo.full_clean()
    assert "calendar" in exc.value.message_dict


def test_an_approved_memo_does_not_validate_at_all(memo):
    from django.core.exceptions import ValidationError

    from ita_portal.workflow import FROZEN_MESSAGE

    with pytest.raises(ValidationError, match=FROZEN_MESSAGE):
        memo.full_clean()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_pdf_holds_the_memo_and_the_documents_it_covers(client, memo, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(client.get(memo.get_pdf_url()).content)
    text = normalise(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    for phrase in ("บันทึกข้อความ", "ศธ ๐๔๑๑๔/", "๑๕ มิถุนายน ๒๕๖๑", "นางวิหาญ พลเพชร", "๑๕ มิ.ย. ๖๑",
                   "รายงานผลการกำกับ ติดตามการดำเนินงานประเมินคุณธรรม", "ปฏิทินการกำกับ ติดตาม",
                   # the monitoring report's acknowledgement column, signed by this office's director
                   "ลงนามรับทราบ โดย ผอ.สพป.สมุทรสาคร"):
        assert normalise(phrase) in text, phrase
    # The source's acknowledgements were signed by another office's officials (มุกดาหาร): the
    # bundle prints the signer from the organization's record, the source's name is a staff note.
    assert normalise("นายสมารัต อุบลีสาร") not in text
