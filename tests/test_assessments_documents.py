"""Seed 002 and seed 004 documents as HTML pages and PDFs, and who may read them."""

import io
from html import escape

import pytest
from pypdf import PdfReader

from tests.assessments_fixtures import _framework_ids, frameworks, seed_002, seed_004  # noqa: F401
from tests.conftest import Cast

SEED_002_FIGURES = ["98.10", "93.51", "90.85", "91.39", "90.23", "94.41", "94.29", "92.41", "95.00", "75.00", "27.84", "28.11", "39.00", "94.96"]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_seed_002_page_shows_every_figure_and_the_rule(admin_client, seed_002):
    html = admin_client.get(seed_002.get_absolute_url()).text
    for figure in SEED_002_FIGURES:
        assert figure in html, figure
    assert "ระดับ A" in html and "Rating Score" in html
    assert "ตัวชี้วัดย่อย ที่ 9.5 การส่งเสริมความโปร่งใส ได้คะแนน 75 คะแนน" in html
    assert "ตัวชี้วัดที่ 10 การป้องกันการทุจริต ได้คะแนนสูงสุด 100 คะแนน" in html
    assert "ค่าคะแนนเฉลี่ยร้อยละ 90.00 ขึ้นไป" in html and "ปีงบประมาณ พ.ศ. 2567" in html
    assert "จัดตั้งคณะกรรมการหรือหน่วยงานเฉพาะสำหรับการเปิดเผยข้อมูล" in html
    assert "ขอให้สามารถนำงบประมาณโครงการเขตสุจริต" in html
    # The signature names the office from data (the seed misprints it "ประถมศึกษาดาก").
    assert "ประถมศึกษาดาก" not in html
    # Staff see the portal's proposal by the rule of seed 002.
    assert "แก้ไขโดยเร่งด่วน: ตัวชี้วัดย่อยที่ 9.5" in html


def test_seed_002_pdf_has_every_figure(admin_client, seed_002):
    response = admin_client.get(seed_002.get_pdf_url())
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for figure in SEED_002_FIGURES:
        assert figure in text, figure


def test_seed_004_report_shows_the_39_items_and_the_zero_result(admin_client, seed_004):
    html = admin_client.get(seed_004.get_report_url()).text
    assert "มีค่าเฉลี่ยเท่ากับ 0.00 เนื่องจากไม่ได้เข้าร่วมการประเมิน" in html
    for entry in seed_004.entries.select_related("item"):
        assert escape(entry.item.title) in html
    assert "แผนที่ตั้งหน่วยงาน" in html and "4.7 จัดทำมาตรการส่งเสริมคุณธรรมความโปร่งใส" in html


def test_seed_004_pdf(admin_client, seed_004):
    text = "".join(_pdf_text(admin_client.get(seed_004.get_pdf_url()).content).split())  # lines rejoined
    assert "0.00" in text and "SocialNetwork" in text and "ตามมาตรการส่งเสริมคุณธรรม" in text  # (pypdf splits the vowel ำ)


@pytest.mark.parametrize("role", ["supervisor", "director", "viewer"])
def test_members_read_the_documents(seed_002, role):
    assert Cast(seed_002.organization).client_for(role).get(seed_002.get_absolute_url()).status_code == 200


def test_outsiders_and_anonymous_visitors_get_404_for_a_draft(client, seed_002, seed_004):
    assert client.get(seed_002.get_absolute_url()).status_code == 404  # as for an id that does not exist
    client.force_login(Cast(seed_002.organization).outsider)
    assert client.get(seed_002.get_absolute_url()).status_code == 404
    assert client.get(seed_004.get_report_url()).status_code == 404


def test_the_result_page_costs_a_fixed_number_of_queries(admin_client, seed_002, django_assert_max_num_queries):
    # 16 for the document and the workflow panel, 7 for the audit history (one per history table)
    with django_assert_max_num_queries(23):
        admin_client.get(seed_002.get_absolute_url())
