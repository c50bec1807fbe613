"""Re-importing an Excel file of a plan the office already has: a draft or returned plan is
updated after a preview of what changes ("ยืนยันการนำเข้า" applies, "ยกเลิก" changes
nothing); a submitted or approved plan is refused with what to do instead.

Seed 001 is a draft action plan of fiscal 2564 with 16 activities totalling 200,000 baht:
under 1 (100,000) are 1.1 (34,000 = 1.1.1 3,000 + 1.1.2 30,000 + 1.1.3 1,000), 1.2 (30,000),
1.3 (6,000 = 1.3.1 3,000 + 1.3.2 3,000) and 1.4 (30,000); then 2 (15,000), 3 (25,000),
4 (10,000) and 5 (50,000).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ita_portal.seeds import load_seed
from ita_portal.workflow import Status
from plans import action_plan_excel as excel
from plans.action_plans import ActionPlan, PlanActivity
from tests.conftest import Cast
from tests.forms import post_forms
from tests.seed_support import SEED_001

IMPORT = "/plans/action-plans/import/"
CONFIRM = reverse("action_plans:plan_import_confirm")


@pytest.fixture
def plan(db):
    return next(d for d in load_seed(SEED_001)["documents"] if isinstance(d, ActionPlan))


@pytest.fixture
def people(plan):
    return Cast(plan.organization)


def _upload(content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = "plan.xlsx"
    return upload


def _changed_file(plan) -> bytes:
    """The plan's export with 1.1.2's budget 30,000 → 35,000, row 1.3.2 deleted, a new
    activity 6 added, and the parents' figures left blank (they are sums)."""
    wb = load_workbook(io.BytesIO(excel.export_plan(plan)))
    ws = wb.active
    rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
    ws.cell(rows["1.1.2"], 6).value = 35000
    for parent in ("1", "1.1", "1.3"):
        ws.cell(rows[parent], 6).value = None
    ws.delete_rows(rows["1.3.2"])
    ws.append(["6", "กิจกรรมอบรมผู้บริหารสถานศึกษาด้านคุณธรรม", "", "", None, 12000, None, "ม.ค., ก.พ.", "กลุ่มอำนวยการ", "ใช่"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _tree(plan) -> dict:
    """``{number: (budget shown in baht, responsible, months)}`` as stored now."""
    return {a.dotted_number: (a.budget_total, a.responsible, a.schedule_months)
            for a in ActionPlan.objects.get(pk=plan.pk).activity_tree()}


def _preview(client, plan, content: bytes):
    return client.post(IMPORT, {"organization": plan.organization.pk, "file": _upload(content)})


def test_an_unchanged_export_shows_no_change_and_offers_only_cancel(plan, people):
    client = people.client_for("supervisor")
    before = _tree(plan)
    page = _preview(client, plan, excel.export_plan(plan))
    assert page.status_code == 200
    assert "ไม่มีการเปลี่ยนแปลง" in page.text
    assert "ยืนยันการนำเข้า" not in page.text and "ยกเลิก" in page.text
    assert ActionPlan.objects.filter(organization=plan.organization).count() == 1
    assert _tree(plan) == before and ActionPlan.objects.get(pk=plan.pk).version == 1


def test_a_changed_file_is_previewed_then_applied_on_confirm(plan, people):
    client = people.client_for("supervisor")
    page = _preview(client, plan, _changed_file(plan))
    assert page.status_code == 200 and "ไม่มีการเปลี่ยนแปลง" not in page.text
    text = page.text
    assert "กิจกรรมที่แก้ไข" in text and "<del>30,000 บาท</del> → <ins>35,000 บาท</ins>" in text  # 1.1.2
    assert "<del>100,000 บาท</del> → <ins>102,000 บาท</ins>" in text  # 1's sum: 100,000 + 5,000 − 3,000
    assert "กิจกรรมที่ลบ 1 รายการ" in text and "<strong>1.3.2</strong> กิจกรรมสร้างสื่อประชาสัมพันธ์" in text
    assert "กิจกรรมที่เพิ่ม 1 รายการ" in text and "<strong>6</strong> กิจกรรมอบรมผู้บริหารสถานศึกษาด้านคุณธรรม" in text
    assert "12,000 บาท" in text and "ม.ค., ก.พ." in text
    assert PlanActivity.objects.filter(plan=plan).count() == 16  # nothing saved yet

    (data,) = [values for url, values in post_forms(page) if url == CONFIRM]
    assert data["action"] == "confirm"
    response = client.post(CONFIRM, data)
    assert response["Location"] == plan.get_staff_url()
    tree = _tree(plan)
    assert "1.3.2" not in tree and len(tree) == 16  # one removed, one added
    assert tree["1.1.2"][0] == Decimal("35000") and tree["1.1"][0] == Decimal("39000")
    assert tree["1.3"][0] == Decimal("3000") and tree["1"][0] == Decimal("102000")
    assert tree["6"] == (Decimal("12000"), "กลุ่มอำนวยการ", [1, 2])
    saved = ActionPlan.objects.get(pk=plan.pk)
    assert saved.budget_total() == Decimal("214000")  # 102,000 + 15,000 + 25,000 + 10,000 + 50,000 + 12,000
    assert saved.version == 2 and saved.status == Status.DRAFT
    assert saved.history.first().history_change_reason == "นำเข้าจากไฟล์ Excel"
    assert PlanActivity.history.filter(history_type="-", history_change_reason="นำเข้าจากไฟล์ Excel").count() == 1
    # the same token again: the file was used up
    again = client.post(CONFIRM, data, follow=True)
    assert "ไม่พบไฟล์ที่รอยืนยัน" in again.text and ActionPlan.objects.get(pk=plan.pk).version == 2


def test_cancel_changes_nothing(plan, people):
    client = people.client_for("supervisor")
    before = _tree(plan)
    page = _preview(client, plan, _changed_file(plan))
    (data,) = [values for url, values in post_forms(page) if url == CONFIRM]
    response = client.post(CONFIRM, {**data, "action": "cancel"}, follow=True)
    assert "ยกเลิกการนำเข้าแล้ว" in response.text
    assert _tree(plan) == before and ActionPlan.objects.get(pk=plan.pk).version == 1
    assert client.post(CONFIRM, data, follow=True).redirect_chain[-1][0] == IMPORT  # the file is gone
    assert _tree(plan) == before


def test_a_returned_plan_is_updated_and_back_in_draft(plan, people):
    ActionPlan.objects.filter(pk=plan.pk).update(status=Status.RETURNED)
    client = people.client_for("supervisor")
    (data,) = [v for url, v in post_forms(_preview(client, plan, _changed_file(plan))) if url == CONFIRM]
    client.post(CONFIRM, data)
    saved = ActionPlan.objects.get(pk=plan.pk)
    assert saved.status == Status.DRAFT and saved.budget_total() == Decimal("214000")


def test_an_edit_after_the_preview_makes_the_confirmation_refused(plan, people):
    client = people.client_for("supervisor")
    (data,) = [v for url, v in post_forms(_preview(client, plan, _changed_file(plan))) if url == CONFIRM]
    ActionPlan.objects.filter(pk=plan.pk).update(version=5)  # somebody saved the plan meanwhile
    response = client.post(CONFIRM, data, follow=True)
    assert "มีผู้แก้ไขแผนนี้หลังจากระบบแสดงรายการเปลี่ยนแปลง" in response.text
    assert _tree(plan)["1.1.2"][0] == Decimal("30000") and "6" not in _tree(plan)


@pytest.mark.parametrize(("status", "says"), [
    (Status.SUBMITTED, "เสนอผู้อำนวยการแล้ว จึงนำเข้าทับไม่ได้ กรุณารอผู้อำนวยการพิจารณา"),
    (Status.APPROVED, "ได้รับอนุมัติแล้ว จึงนำเข้าทับไม่ได้ หากต้องการแก้ไข ให้กด “จัดทำฉบับปรับปรุง”"),
])
def test_a_submitted_or_approved_plan_is_refused_with_what_to_do(plan, people, status, says):
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    before = _tree(plan)
    page = _preview(people.client_for("supervisor"), plan, _changed_file(plan))
    assert page.status_code == 200
    assert "ไม่ได้นำเข้าไฟล์นี้" in page.text and says in page.text
    assert "ยืนยันการนำเข้า" not in page.text
    assert _tree(plan) == before


def test_a_file_for_another_office_is_refused(plan, people):
    # the other office's supervisor cannot choose this office, nor use this office's preview
    other = people.client_for("other_supervisor")
    page = other.post(IMPORT, {"organization": plan.organization.pk, "file": _upload(_changed_file(plan))})
    assert page.status_code == 200 and "ตรวจสอบการเปลี่ยนแปลง" not in page.text
    (data,) = [v for url, v in post_forms(_preview(people.client_for("supervisor"), plan, _changed_file(plan))) if url == CONFIRM]
    response = other.post(CONFIRM, data, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT and "ไม่พบไฟล์ที่รอยืนยัน" in response.text
    assert people.client_for("viewer").post(CONFIRM, data, follow=True).redirect_chain[-1][0] == IMPORT
    assert "6" not in _tree(plan) and ActionPlan.objects.get(pk=plan.pk).version == 1


def _kept(media_root) -> set[str]:
    """The files waiting for an import's confirmation, as paths under MEDIA."""
    folder = media_root / "imports"
    return {str(p.relative_to(media_root)) for p in folder.rglob("*.xlsx")} if folder.exists() else set()


def _age(path, hours: float) -> None:
    """Make ``path`` look last written ``hours`` ago."""
    import os
    import time

    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_an_expired_pending_import_is_deleted_when_a_new_preview_is_kept(plan, people, media_root):
    client = people.client_for("supervisor")
    _preview(client, plan, _changed_file(plan))
    (fresh,) = _kept(media_root)
    stale = media_root / "imports" / "999999" / "abandoned.xlsx"  # another user's, never confirmed
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    _age(stale, 2.5)  # past the token's 2 hours
    almost = media_root / "imports" / "999999" / "recent.xlsx"
    almost.write_bytes(b"recent")
    _age(almost, 1.5)  # its token still good
    _preview(client, plan, _changed_file(plan))
    kept = _kept(media_root)
    assert not stale.exists()
    assert fresh in kept and "imports/999999/recent.xlsx" in kept and len(kept) == 3


def test_the_command_prunes_expired_pending_imports_only(plan, people, media_root):
    from django.core.management import call_command

    client = people.client_for("supervisor")
    _preview(client, plan, _changed_file(plan))
    _preview(client, plan, _changed_file(plan))
    old, new = sorted(_kept(media_root))
    _age(media_root / old, 3)
    out = io.StringIO()
    call_command("prune_pending_imports", stdout=out)
    assert _kept(media_root) == {new}
    assert "deleted 1 " in out.getvalue()
