"""The PDF renderer prints only the document's own files (rule "a document prints only its own
files", ``ita_portal.pdf``): whatever the HTML asks for, another file under ``MEDIA_ROOT``
(here: another office's evidence image) is refused and logged, while the document's own
signature and its organization's memo emblem are embedded. Images are counted in the PDF
with pypdf."""

from __future__ import annotations

import hashlib
import io
import logging

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ita_portal import pdf, pdf_cache, transitions
from ita_portal.seeds import load_seed
from monitoring.calendar import Memo, MemoSettings
from tests.conftest import Cast
from tests.seed_support import SEED_003


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _images(data: bytes) -> int:
    """The number of distinct images embedded in a PDF (WeasyPrint shares one resource
    dictionary between pages, so each page lists every image of the document)."""
    return len({hashlib.sha256(image.data).hexdigest() for page in PdfReader(io.BytesIO(data)).pages for image in page.images})


@pytest.fixture
def foreign_file(media_root) -> str:
    """The URL of an image under MEDIA_ROOT that belongs to no document being rendered
    (another office's evidence)."""
    name = default_storage.save("evidence/2568/other-office/secret.png", ContentFile(_png("red")))
    return settings.MEDIA_URL + name


@pytest.fixture
def injected(monkeypatch, foreign_file):
    """Every PDF template renders with an extra ``<img>`` of ``foreign_file`` at its end, as a
    template (or a crafted context printed unescaped) asking for a file that is not its own."""
    def with_image(real):
        return lambda *args, **kwargs: real(*args, **kwargs).replace(
            "</body>", f'<img src="{foreign_file}" alt="x" style="width:2cm"></body>'
        )

    monkeypatch.setattr(pdf, "render_to_string", with_image(pdf.render_to_string))
    monkeypatch.setattr(pdf_cache, "render_to_string", with_image(pdf_cache.render_to_string))


def test_html_outside_any_document_embeds_no_media_file(foreign_file, caplog):
    html = f'<html><body><p>ทดสอบ</p><img src="{foreign_file}" alt="x"></body></html>'
    with caplog.at_level(logging.WARNING, logger="ita_portal.pdf"):
        assert _images(pdf.html_to_pdf(html)) == 0
    assert "refused media file" in caplog.text and "secret.png" in caplog.text


def test_the_approved_pdf_embeds_the_signature_but_not_another_offices_file(
    seed_report, cast, client, injected, caplog
):
    transitions.submit(seed_report, by=cast.supervisor)
    client.force_login(cast.director)
    url = reverse("staff:document_transition", args=["quarterly-report", seed_report.pk, "approve"])
    signature = SimpleUploadedFile("signature.png", _png("navy"), content_type="image/png")
    with caplog.at_level(logging.WARNING, logger="ita_portal.pdf"):
        assert client.post(url, {"signature": signature}).status_code == 302
    seed_report.refresh_from_db()
    assert seed_report.status == "approved" and seed_report.signature
    assert _images(seed_report.approved_pdf.read()) == 1  # the signature only
    assert "secret.png" in caplog.text


@pytest.fixture
def draft_memo(db):
    memo = next(d for d in load_seed(SEED_003)["documents"] if isinstance(d, Memo))
    settings_row = MemoSettings.objects.create(organization=memo.organization)
    settings_row.emblem.save("garuda.png", ContentFile(_png("black")))
    return memo


def test_a_draft_memo_pdf_embeds_its_emblem_but_not_another_offices_file(draft_memo, client, injected):
    assert draft_memo.status == "draft"
    client.force_login(Cast(draft_memo.organization).supervisor)
    response = client.get(draft_memo.get_pdf_url())
    assert response.status_code == 200
    assert _images(response.content) == 1  # the emblem only
