"""Working through the OIT checklist at the speed of its forty items: one form per item saves
its status and new evidence (URL and file) in one post; the director approves or returns
several items at once from the checklist page (all or nothing, a comment per returned item,
rule "the director approves what they saw" per item); files are listed with their type in
Thai words and their size in Thai units."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import ChecklistEntry, Evidence, OITChecklist
from tests.assessments_fixtures import _framework_ids, frameworks, seed_004  # noqa: F401
from tests.conftest import LOGIN, Cast, outcome
from tests.forms import form_data, post_forms

CHANGED = "หลักฐานมีการเปลี่ยนแปลงหลังจากที่คุณเปิดหน้านี้"
COMMENT_REQUIRED = "กรุณาระบุความเห็นว่าต้องแก้ไขอะไร"


@pytest.fixture
def cast(seed_004):
    return Cast(seed_004.organization)


@pytest.fixture
def entry(seed_004):
    return seed_004.entries.select_related("item").get(item__code="01")


@pytest.fixture
def ready(seed_004):
    """Three items marked ready (พร้อมเผยแพร่) with one unapproved URL each: codes 01, 02, 03."""
    entries = list(seed_004.entries.select_related("item").filter(item__code__in=["01", "02", "03"]).order_by("item__order"))
    assert len(entries) == 3
    for e in entries:
        ChecklistEntry.objects.filter(pk=e.pk).update(status="done")
        Evidence.objects.create(entry=e, title=f"หลักฐาน {e.item.code}", url=f"https://example.go.th/{e.item.code}")
    return entries


def _item_url(entry):
    return reverse("assessments:entry", args=[entry.checklist_id, entry.pk])


def _pdf(size: int, name: str = "structure-2563.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, body + b"0" * (size - len(body)), content_type="application/octet-stream")


# --- one form per item -------------------------------------------------------------------


def test_it_saves_the_status_a_url_and_a_file_in_one_post(client, cast, entry):
    client.force_login(cast.supervisor)
    page = client.get(_item_url(entry))
    data = form_data(page)
    assert {"entry-status", "entry-responsible_group", "evidence-url", "once_token"} <= set(data)
    data.update({"entry-status": "done", "entry-score": "100", "entry-responsible_group": "กลุ่มอำนวยการ",
                 "evidence-url": "https://www.example.go.th/structure", "evidence-file": _pdf(557)})
    response = client.post(_item_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.score, entry.responsible_group) == ("done", 100, "กลุ่มอำนวยการ")
    (evidence,) = entry.evidence.all()
    assert evidence.url == "https://www.example.go.th/structure"
    assert evidence.file.name.endswith(".pdf") and evidence.size == 557
    assert evidence.title == entry.item.title  # left blank: the item's own title


def test_a_refused_file_keeps_the_typed_url_and_saves_nothing(client, cast, entry):
    client.force_login(cast.supervisor)
    data = form_data(client.get(_item_url(entry)))
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    data.update({"entry-status": "done", "evidence-url": "https://www.example.go.th/kept", "evidence-file": fake})
    response = client.post(_item_url(entry), data)
    assert response.status_code == 200
    html = response.text
    assert 'value="https://www.example.go.th/kept"' in html
    # The message is beside the file field (after its input), not only at the top of the page.
    file_input = html.index('name="evidence-file"')
    assert "ชนิดไฟล์ไม่ถูกต้อง" in html[file_input:file_input + 1500]
    assert 'value="done" selected' in html or re.search(r'<option value="done"[^>]*selected', html)
    entry.refresh_from_db()
    assert entry.status != "done" and not entry.evidence.exists()


def test_a_post_with_the_evidence_left_empty_saves_the_item_only(client, cast, entry):
    client.force_login(cast.supervisor)
    data = form_data(client.get(_item_url(entry))) | {"entry-status": "in_progress"}
    assert client.post(_item_url(entry), data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == "in_progress" and not entry.evidence.exists()


# --- files in Thai -----------------------------------------------------------------------


def test_files_are_listed_with_their_type_in_words_and_size_in_thai_units(client, cast, entry):
    client.force_login(cast.supervisor)
    data = form_data(client.get(_item_url(entry))) | {"evidence-title": "ผังโครงสร้าง", "evidence-file": _pdf(557)}
    client.post(_item_url(entry), data)
    Evidence.objects.create(entry=entry, title="ภาพใหญ่", file="oit/abc/ภาพ.png", content_type="image/png", size=1_536_000)
    Evidence.objects.create(entry=entry, title="ตาราง", file="oit/def/ตาราง.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size=1536)
    html = client.get(_item_url(entry)).text
    assert "เอกสาร PDF, 557 ไบต์" in html
    assert ">structure-2563.pdf<" in html  # the file's name, without its random folder
    assert "รูปภาพ PNG, 1.5 เมกะไบต์" in html
    assert "ไฟล์ Excel (.xlsx), 1.5 กิโลไบต์" in html
    assert "application/pdf" not in html and "557 bytes" not in html


@pytest.mark.parametrize(
    ("size", "expected"),
    [(0, "0 ไบต์"), (1023, "1,023 ไบต์"), (1024, "1.0 กิโลไบต์ (KB)"), (1_048_575, "1.0 เมกะไบต์ (MB)"),
     (1_536_000, "1.5 เมกะไบต์ (MB)"), (20 * 1024 * 1024, "20.0 เมกะไบต์ (MB)")],
)
def test_the_size_units_change_at_1024(size, expected):
    from ita_portal import thai

    assert thai.file_size(size, thai.ARABIC) == expected


# --- the director's batch ----------------------------------------------------------------


def _review_form(client, checklist_id):
    """The review form of the checklist page: its action and the values it sends (hidden
    fingerprints, empty comments, every row at ยังไม่พิจารณา, the first button)."""
    page = client.get(reverse("assessments:checklist", args=[checklist_id]))
    action = reverse("assessments:review_entries", args=[checklist_id])
    forms = [data for url, data in post_forms(page) if url == action]
    assert forms, "the director's checklist page has the review table"
    return action, forms[0]


def _row(html: str, entry) -> str:
    match = re.search(rf'<tr id="review-{entry.pk}".*?</tr>', html, re.S)
    assert match, f"row of {entry.item.code}"
    return match.group(0)


def _checked(row: str) -> str:
    """The value of the row's checked radio of การพิจารณา."""
    values = re.findall(r'<input[^>]*type="radio"[^>]*value="([^"]*)"[^>]*checked', row)
    assert len(values) == 1, row
    return values[0]


def test_the_director_approves_two_items_and_returns_one_with_a_comment_in_one_post(client, cast, ready):
    first, second, third = ready
    OITChecklist.objects.filter(pk=first.checklist_id).update(digit_system="thai")
    client.force_login(cast.director)
    action, data = _review_form(client, first.checklist_id)
    assert all(data[f"decision_{e.pk}"] == "" for e in ready)  # ยังไม่พิจารณา until chosen
    comment = "ลิงก์ยังเปิดไม่ได้ กรุณาแนบไฟล์คำสั่งแทน"
    posted = data | {f"decision_{first.pk}": "approve", f"decision_{second.pk}": "approve",
                     f"decision_{third.pk}": "return", f"comment_{third.pk}": comment}
    response = client.post(action, posted, follow=True)
    assert response.redirect_chain[-1][0].endswith("#review-h")
    assert "อนุมัติให้เผยแพร่ ๒ รายการ ส่งกลับแก้ไข ๑ รายการ" in response.text  # in the checklist's digits
    for e in (first, second):
        e.refresh_from_db()
        assert e.approved_by == cast.director and e.approved_at is not None
        assert e.evidence.filter(approved_at__isnull=True).count() == 0
    third.refresh_from_db()
    assert third.approved_at is None
    assert (third.status, third.returned_by, third.return_comment) == ("in_progress", cast.director, comment)
    assert not third.evidence.filter(approved_at__isnull=False).exists()
    assert "ไม่มีรายการรออนุมัติ" in response.text  # nothing awaits approval any more

    client.force_login(cast.supervisor)
    assert comment in client.get(_item_url(third)).text


def test_rows_left_undecided_stay_awaiting_approval(client, cast, ready):
    first, second, third = ready
    client.force_login(cast.director)
    action, data = _review_form(client, first.checklist_id)
    response = client.post(action, data | {f"decision_{second.pk}": "approve"}, follow=True)
    assert "อนุมัติให้เผยแพร่ 1 รายการ ส่งกลับแก้ไข 0 รายการ" in response.text
    states = []
    for e in ready:
        e.refresh_from_db()
        states.append((e.item.code, e.status, e.approved_at is not None))
    assert states == [("01", "done", False), ("02", "done", True), ("03", "done", False)]
    assert f'id="review-{first.pk}"' in response.text and f'id="review-{second.pk}"' not in response.text


def test_the_shortcut_approves_the_rows_left_undecided_and_returns_the_ones_chosen(client, cast, ready):
    first, second, third = ready
    client.force_login(cast.director)
    action, data = _review_form(client, first.checklist_id)
    posted = data | {"undecided": "approve", f"decision_{second.pk}": "return", f"comment_{second.pk}": "แนบไฟล์ให้ครบ"}
    response = client.post(action, posted, follow=True)
    assert "อนุมัติให้เผยแพร่ 2 รายการ ส่งกลับแก้ไข 1 รายการ" in response.text  # this checklist writes Arabic digits
    for e in ready:
        e.refresh_from_db()
    assert (first.approved_at is not None, second.approved_at is not None, third.approved_at is not None) == (True, False, True)
    assert (second.status, second.return_comment) == ("in_progress", "แนบไฟล์ให้ครบ")


def test_a_comment_left_without_a_choice_is_refused_even_by_the_shortcut(client, cast, ready):
    first, second, _third = ready
    client.force_login(cast.director)
    action, data = _review_form(client, first.checklist_id)
    response = client.post(action, data | {"undecided": "approve", f"comment_{first.pk}": "ไฟล์ไม่ชัด"})
    assert response.status_code == 200
    assert "มีความเห็นแต่ยังไม่ได้เลือกการพิจารณา" in _row(response.text, first)
    assert "มีความเห็นแต่ยังไม่ได้เลือกการพิจารณา" not in _row(response.text, second)
    assert not ChecklistEntry.objects.filter(pk__in=[e.pk for e in ready], approved_at__isnull=False).exists()


def test_a_post_that_decides_nothing_is_refused(client, cast, ready):
    client.force_login(cast.director)
    action, data = _review_form(client, ready[0].checklist_id)
    response = client.post(action, data)
    assert response.status_code == 200
    assert "ยังไม่ได้เลือกการพิจารณาของรายการใด" in response.text
    assert all(_checked(_row(response.text, e)) == "" for e in ready)


def test_a_return_without_a_comment_is_refused_beside_its_row_and_nothing_is_saved(client, cast, ready):
    first, second, third = ready
    client.force_login(cast.director)
    action, data = _review_form(client, first.checklist_id)
    posted = data | {f"decision_{first.pk}": "return", f"comment_{first.pk}": "แก้ชื่อไฟล์",
                     f"decision_{second.pk}": "return", f"decision_{third.pk}": "approve"}
    response = client.post(action, posted)
    assert response.status_code == 200
    assert COMMENT_REQUIRED in _row(response.text, second)
    assert COMMENT_REQUIRED not in _row(response.text, first) and COMMENT_REQUIRED not in _row(response.text, third)
    # every choice and comment typed is kept
    assert "แก้ชื่อไฟล์" in _row(response.text, first)
    assert [_checked(_row(response.text, e)) for e in ready] == ["return", "return", "approve"]
    for e in ready:
        e.refresh_from_db()
        assert e.status == "done" and e.returned_at is None and e.approved_at is None  # all or nothing


def test_a_changed_evidence_fingerprint_refuses_the_whole_post(client, cast, ready):
    first, second, third = ready
    client.force_login(cast.director)
    action, seen = _review_form(client, first.checklist_id)

    client.force_login(cast.supervisor)
    data = form_data(client.get(_item_url(second))) | {"evidence-title": "เพิ่มภายหลัง", "evidence-url": "https://example.go.th/later"}
    assert client.post(_item_url(second), data).status_code == 302

    client.force_login(cast.director)
    decided = {f"decision_{first.pk}": "approve", f"decision_{second.pk}": "approve",
               f"decision_{third.pk}": "return", f"comment_{third.pk}": "แก้ลิงก์"}
    response = client.post(action, seen | decided)
    assert response.status_code == 200
    assert CHANGED in _row(response.text, second) and CHANGED not in _row(response.text, first)
    assert not Evidence.objects.filter(entry__in=ready, approved_at__isnull=False).exists()
    third.refresh_from_db()
    assert third.status == "done" and third.return_comment == ""  # the return waits too

    # The page shown again carries the evidence as it is now: deciding from it goes through.
    action, fresh = _review_form(client, first.checklist_id)
    assert client.post(action, fresh | decided).status_code == 302
    assert Evidence.objects.filter(entry=second, approved_at__isnull=False).count() == 2


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", LOGIN), ("outsider", 404), ("other_director", 404), ("viewer", 403), ("supervisor", 403), ("director", 302)],
)
def test_only_the_organization_director_reviews_a_batch(cast, ready, role, expected):
    first = ready[0]
    fingerprint = ChecklistEntry.evidence_fingerprint(first.evidence.all())
    posted = {f"decision_{first.pk}": "approve", f"fingerprint_{first.pk}": fingerprint}
    response = cast.client_for(role).post(reverse("assessments:review_entries", args=[first.checklist_id]), posted)
    assert outcome(response) == expected
    first.refresh_from_db()
    assert (first.approved_at is not None) == (expected == 302)


def test_the_review_table_is_shown_to_the_director_only(client, cast, ready):
    url = reverse("assessments:checklist", args=[ready[0].checklist_id])
    client.force_login(cast.supervisor)
    assert "บันทึกผลการพิจารณา" not in client.get(url).text
    client.force_login(cast.director)
    html = client.get(url).text
    assert "บันทึกผลการพิจารณา" in html
    for e in ready:
        row = _row(html, e)
        assert f"<legend class=\"visually-hidden\">การพิจารณาข้อ {e.item.code}</legend>" in row
        assert _checked(row) == ""
