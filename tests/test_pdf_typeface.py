"""Printed documents are set in TH Sarabun New, the typeface of Thai government documents, with
its licence beside the font files, and the memo (บันทึกข้อความ) keeps the emblem's 1.5 cm slot
at its top left (ระเบียบงานสารบรรณ) whether or not the office has uploaded an emblem.

Page counts of the seed documents in this typeface: ``tests/test_pdf_text_layer.py``, which
renders them all once."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from ita_portal.seeds import load_seed
from monitoring.calendar import Memo, MemoSettings
from tests.conftest import Cast
from tests.seed_support import SEED_003
from tests.text_layer import embedded_fonts

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
CM = 72 / 2.54  # PDF points per centimetre
TOP_MARGIN = 2.5 * CM  # document.css: @page margin-top


def test_the_quarterly_report_pdf_embeds_th_sarabun_new_and_no_other_font(member_client, seed_report):
    response = member_client.get(seed_report.get_pdf_url())
    assert response.status_code == 200
    fonts = embedded_fonts(response.content)
    assert {name.replace("-", "") for name in fonts} == {"THSarabunNew", "THSarabunNewBold"}, fonts


def test_the_font_files_have_their_licence_beside_them():
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (FONTS / f"THSarabunNew-{style}.ttf").stat().st_size > 50_000
    licence = (FONTS / "THSarabunNew-LICENSE.txt").read_text(encoding="utf-8")
    assert "Software Industry Promotion Agency" in licence
    assert "As a special exception, if you create a document which uses this font" in licence
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 2, June 1991" in licence


@pytest.fixture
def memo(db, media_root):
    return next(d for d in load_seed(SEED_003)["documents"] if isinstance(d, Memo))


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "black").save(buffer, "PNG")
    return buffer.getvalue()


def _first_page_words(client, memo, tmp_path) -> tuple[list[tuple[str, float, float, float, float]], bytes]:
    """The words of the memo PDF's first page as (text, xMin, yMin, xMax, yMax) in points from
    the top left (``pdftotext -bbox``), and the PDF."""
    response = client.get(memo.get_pdf_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "memo.pdf"
    path.write_bytes(response.content)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    words = [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]
    return words, response.content


def _word(words, text):
    return next(w for w in words if w[0] == text)


def test_the_memo_keeps_the_emblem_slot_empty_or_filled(client, memo, tmp_path):
    client.force_login(Cast(memo.organization).supervisor)
    empty, pdf = _first_page_words(client, memo, tmp_path)
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images
    title, first_field = _word(empty, "บันทึกข้อความ"), _word(empty, "ส่วนราชการ")
    # The title is set beside the slot, within the 1.5 cm band below the top margin; the
    # first field starts below that band.
    assert TOP_MARGIN < (title[2] + title[4]) / 2 < TOP_MARGIN + 1.5 * CM
    assert first_field[2] >= TOP_MARGIN + 1.5 * CM

    settings_row = MemoSettings.objects.create(organization=memo.organization)
    settings_row.emblem.save("garuda.png", ContentFile(_png(120, 130)))
    filled, pdf = _first_page_words(client, memo, tmp_path)
    assert _word(filled, "บันทึกข้อความ")[1:] == pytest.approx(title[1:], abs=0.05)
    assert _word(filled, "ส่วนราชการ")[1:] == pytest.approx(first_field[1:], abs=0.05)
    (image,) = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert image.image.size == (120, 130)
    # Drawn 1.5 cm high at the top left: pdfimages gives its resolution, pixels per inch drawn.
    listing = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(tmp_path / "memo.pdf")],
                             check=True, capture_output=True, text=True).stdout
    row = listing.splitlines()[2].split()
    assert int(row[12]) == pytest.approx(130 / (1.5 / 2.54), abs=2)  # y-ppi
