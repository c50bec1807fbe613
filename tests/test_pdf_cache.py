"""A draft's PDF is rendered once per content (ita_portal/pdf_cache.py): the rendered HTML's
SHA-256 keys a PDF kept through Django's storage API; an edit renders anew."""

import pytest
from django.core.files.storage import default_storage

from ita_portal import pdf as pdf_module
from ita_portal import pdf_cache


@pytest.fixture
def renders(monkeypatch):
    """Every HTML handed to WeasyPrint (the real renderer still runs)."""
    calls = []
    real = pdf_module.html_to_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(pdf_module, "html_to_pdf", counting)
    return calls


def test_the_same_draft_comes_back_as_the_same_bytes_without_rendering_again(member_client, seed_report, renders):
    assert not seed_report.is_approved
    first = member_client.get(seed_report.get_pdf_url())
    again = member_client.get(seed_report.get_pdf_url())

    assert first.status_code == again.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF") and again.content == first.content
    assert len(renders) == 1
    (folder,) = default_storage.listdir(pdf_cache.FOLDER)[0]
    assert folder == pdf_cache.renderer_fingerprint()


def test_an_edit_renders_anew_and_undoing_it_brings_back_the_first_pdf(member_client, seed_report, renders):
    url = seed_report.get_pdf_url()
    first = member_client.get(url).content
    original = seed_report.problems

    type(seed_report).objects.filter(pk=seed_report.pk).update(problems=original + "\nงบประมาณได้รับจัดสรรล่าช้า")
    edited = member_client.get(url).content

    assert edited.startswith(b"%PDF") and edited != first
    assert len(renders) == 2 and "งบประมาณได้รับจัดสรรล่าช้า" in renders[1]

    type(seed_report).objects.filter(pk=seed_report.pk).update(problems=original)
    assert member_client.get(url).content == first  # the same content: the stored PDF
    assert len(renders) == 2


def test_a_failed_render_stores_nothing(member_client, seed_report, monkeypatch):
    def failing(html):
        raise pdf_module.PDFRenderError("PDF rendering failed: test")

    monkeypatch.setattr(pdf_module, "html_to_pdf", failing)
    with pytest.raises(pdf_module.PDFRenderError):
        member_client.get(seed_report.get_pdf_url())
    assert not default_storage.exists(pdf_cache.FOLDER)


def test_pruning_deletes_superseded_drafts_and_older_renderers_and_keeps_the_current_pdf(member_client, seed_report, renders):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    url = seed_report.get_pdf_url()
    member_client.get(url)
    (old_name,) = [f"{pdf_cache.FOLDER}/{pdf_cache.renderer_fingerprint()}/{d}/{f}"
                   for d in default_storage.listdir(f"{pdf_cache.FOLDER}/{pdf_cache.renderer_fingerprint()}")[0]
                   for f in default_storage.listdir(f"{pdf_cache.FOLDER}/{pdf_cache.renderer_fingerprint()}/{d}")[1]]
    forty_days_ago = time.time() - 40 * 86400
    os.utime(default_storage.path(old_name), (forty_days_ago, forty_days_ago))
    type(seed_report).objects.filter(pk=seed_report.pk).update(problems=seed_report.problems + "\nแก้ไขแล้ว")
    current = member_client.get(url).content
    older_renderer = default_storage.save(f"{pdf_cache.FOLDER}/0000000000000000/ab/ab.pdf", ContentFile(b"%PDF old"))
    assert len(renders) == 2

    out = __import__("io").StringIO()
    call_command("prune_pdf_cache", stdout=out)

    assert "2 files deleted" in out.getvalue()
    assert not default_storage.exists(old_name) and not default_storage.exists(older_renderer)
    assert member_client.get(url).content == current and len(renders) == 2  # the current draft's PDF is kept
