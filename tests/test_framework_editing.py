"""Administrators edit a framework in the portal (``assessments.framework_views``): the list of
every year, a framework's page (tools → indicators → sub-indicators → OIT items with their
verification state and source), correcting, adding, removing, moving and marking an item,
marking the framework, copying it to the next year, the history of every change, and the
refusal of every edit of a framework in use by an approved OIT checklist or result with the
way out, a new revision of the same year that new checklists then use.

The NACC frameworks 2569 and 2570 come from ``fixtures/`` (``tests.assessments_fixtures``);
every request goes through the test client, forms are scraped from the pages
(``tests.forms.post_forms``) as a browser would send them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import ChecklistEntry, DisclosureItem, Evidence, Framework, OITChecklist
from ita_portal.models import Organization
from tests.assessments_fixtures import _framework_ids, frameworks  # noqa: F401
from tests.conftest import Cast
from tests.forms import post_forms

SOURCE = "คู่มือการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2570 หน้า 41"
NEW_TITLE = "โครงสร้างหน่วยงาน (แก้ไขโดยผู้ดูแลระบบ)"


@pytest.fixture
def fw(frameworks):  # noqa: F811
    return frameworks[("nacc", 2570)]


@pytest.fixture
def office(fw):
    organization = Organization.objects.create(code="spp-fw-1", name="สำนักงานเขตพื้นที่การศึกษาทดสอบกรอบ", short_name="สพป.ทดสอบกรอบ")
    cast = Cast(organization)
    checklist = OITChecklist.objects.create(organization=organization, framework=fw)
    checklist.ensure_entries()
    return cast, checklist


def _admin(office):
    return office[0].client_for("superuser")


def _item_url(item) -> str:
    return reverse("assessments:framework_item", args=[item.framework_id, item.pk])


def _detail_url(framework) -> str:
    return reverse("assessments:framework_detail", args=[framework.pk])


def _form(page, action: str) -> dict:
    """The values of the page's form whose hidden ``action`` is ``action``."""
    found = [values for _url, values in post_forms(page) if values.get("action") == action]
    assert found, f"no {action!r} form on the page"
    return found[0]


def _first_item(fw) -> DisclosureItem:
    return fw.items.order_by("order").first()


def _feedback(html: str) -> list[str]:
    """The messages beside the fields."""
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', html, re.S)]


def _approve_some_evidence(checklist) -> None:
    entry = checklist.entries.order_by("item__order").first()
    Evidence.objects.create(entry=entry, title="โครงสร้าง", url="https://example.go.th/s", approved_at="2027-03-01T00:00:00+07:00")


# --- pages and links ------------------------------------------------------------------------


def test_the_administrator_finds_the_list_from_the_landing_page_and_the_assessments_index(office, fw):
    client = _admin(office)
    for page in ("staff:my_work", "assessments:index"):
        assert reverse("assessments:framework_list") in client.get(reverse(page)).text
    html = client.get(reverse("assessments:framework_list")).text
    for year in (2566, 2567, 2568, 2569, 2570):
        assert f"ปีงบประมาณ {year} — สำนักงาน ป.ป.ช." in html
    assert _detail_url(fw) in html
    assert 'data-verification="' in html


def test_the_framework_page_lists_tools_indicators_sub_indicators_and_items_with_state_and_source(office, fw):
    item = _first_item(fw)
    html = _admin(office).get(_detail_url(fw)).text
    sub = item.sub_indicator
    for text in (f"ตัวชี้วัดที่ {sub.indicator.number}", f"ตัวชี้วัดย่อย {sub.number}", f"{item.code} {item.title}", "OIT"):
        assert text in html
    assert _item_url(item) in html
    assert html.count('data-verification="') >= fw.items.count() + 1  # every item and the framework
    assert "ประวัติการแก้ไข" in html and "ยังไม่มีประวัติ" in html


def test_members_are_refused_with_403(office, fw):
    cast, _checklist = office
    item = _first_item(fw)
    urls = [reverse("assessments:framework_list"), _detail_url(fw), _item_url(item)]
    for role in ("supervisor", "director", "viewer", "outsider"):
        client = cast.client_for(role)
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        assert client.post(_item_url(item), {"action": "text", "text-title": "x"}).status_code == 403
    assert DisclosureItem.objects.get(pk=item.pk).title == item.title


# --- each operation -----------------------------------------------------------------------------


def test_correcting_an_item_title_and_elements_is_saved_and_in_the_history(office, fw):
    client, item = _admin(office), _first_item(fw)
    old = item.title
    data = _form(client.get(_item_url(item)), "text")
    data.update({"text-title": NEW_TITLE, "text-content_elements": "โครงสร้างหน่วยงาน\n  แผนผังแสดงตำแหน่ง"})
    response = client.post(_item_url(item), data, follow=True)
    assert f"บันทึกการแก้ไขข้อ {item.code} แล้ว" in response.text
    assert f"ข้อ {item.code} {NEW_TITLE}" in response.text
    history = client.get(_detail_url(fw)).text
    assert f"<del>{old}</del> → {NEW_TITLE}" in history
    assert office[0].superuser.username in history


def test_an_empty_title_is_refused_beside_the_field(office, fw):
    client, item = _admin(office), _first_item(fw)
    data = _form(client.get(_item_url(item)), "text")
    data["text-title"] = ""
    response = client.post(_item_url(item), data)
    assert "กรุณากรอกข้อมูลช่องนี้" in _feedback(response.text)
    assert DisclosureItem.objects.get(pk=item.pk).title == item.title


def test_marking_verified_needs_a_source_beside_the_field_and_shows_on_the_supervisors_checklist(office, fw):
    cast, checklist = office
    client, item = _admin(office), _first_item(fw)
    data = _form(client.get(_item_url(item)), "verify")
    data.update({"item-verification": "verified", "item-source": ""})
    refused = client.post(_item_url(item), data)
    assert any("กรุณาระบุแหล่งที่มา" in m for m in _feedback(refused.text))
    assert DisclosureItem.objects.get(pk=item.pk).verification == "provisional"
    data["item-source"] = SOURCE
    client.post(_item_url(item), data)
    page = cast.client_for("supervisor").get(checklist.get_absolute_url()).text
    entry = checklist.entries.get(item=item)
    link = f'<a href="{reverse("assessments:entry", args=[checklist.pk, entry.pk])}">{item.title}</a>'
    row = page[page.index(link):][:400]
    assert 'data-verification="verified"' in row and "ยืนยันแล้ว" in row
    detail = client.get(_detail_url(fw)).text
    assert SOURCE in detail
    assert "<del>ชั่วคราว</del> → ยืนยันแล้ว" in detail  # the history, in the states' names
    public = client.get(checklist.get_public_url()).text
    assert "ยืนยันแล้ว" not in public and "data-verification" not in public


def test_provisional_needs_no_source(office, fw):
    client, item = _admin(office), _first_item(fw)
    DisclosureItem.objects.filter(pk=item.pk).update(verification="secondary", source="ข่าว")
    data = _form(client.get(_item_url(item)), "verify")
    data.update({"item-verification": "provisional", "item-source": ""})
    client.post(_item_url(item), data)
    assert DisclosureItem.objects.get(pk=item.pk).verification == "provisional"


def test_an_item_moves_to_another_sub_indicator(office, fw):
    client, item = _admin(office), _first_item(fw)
    other = next(s for s in fw.indicators.get(number=item.sub_indicator.indicator.number + 1).sub_indicators.all())
    data = _form(client.get(_item_url(item)), "move")
    data["move-sub_indicator"] = str(other.pk)
    response = client.post(_item_url(item), data, follow=True)
    assert f"ย้ายข้อ {item.code} ไปตัวชี้วัดย่อย {other.number} แล้ว" in response.text
    html = client.get(_detail_url(fw)).text
    assert f"<del>{item.sub_indicator.number}</del> → {other.number}" in html
    block = html[html.index(f"ตัวชี้วัดย่อย {other.number} {other.name}"):]
    assert block.index(f"{item.code} {item.title}") < block.index("ตัวชี้วัดย่อย", 10)


def test_an_item_is_added_with_a_checklist_row_and_a_taken_code_is_refused_beside_the_code(office, fw):
    _cast, checklist = office
    client, first = _admin(office), _first_item(fw)
    data = _form(client.get(_detail_url(fw)), "add")
    data.update({"add-sub_indicator": str(first.sub_indicator_id), "add-code": "O99", "add-title": "ข้อมูลใหม่ทดสอบ", "add-content_elements": ""})
    response = client.post(_detail_url(fw), data, follow=True)
    assert "เพิ่มข้อ O99 แล้ว" in response.text and "O99 ข้อมูลใหม่ทดสอบ" in response.text
    assert ChecklistEntry.objects.filter(checklist=checklist, item__code="O99").count() == 1
    data["add-code"] = first.code
    refused = client.post(_detail_url(fw), data)
    assert f"กรอบการประเมินนี้มีข้อ {first.code} อยู่แล้ว ใช้รหัสข้ออื่น" in _feedback(refused.text)


def test_an_item_is_removed_unless_evidence_is_attached(office, fw):
    _cast, checklist = office
    client = _admin(office)
    items = list(fw.items.order_by("order")[:2])
    response = client.post(_item_url(items[0]), _form(client.get(_item_url(items[0])), "remove"), follow=True)
    assert f"ลบข้อ {items[0].code} แล้ว" in response.text
    assert not DisclosureItem.objects.filter(pk=items[0].pk).exists()
    assert f'ข้อ {items[0].code} <span class="badge text-bg-light">ลบ</span>' in client.get(_detail_url(fw)).text
    entry = checklist.entries.get(item=items[1])
    Evidence.objects.create(entry=entry, title="ร่าง", url="https://example.go.th/d")
    refused = client.post(_item_url(items[1]), {"action": "remove"}, follow=True)
    assert "มีหน่วยงานแนบหลักฐานของข้อนี้ในแบบตรวจ OIT แล้ว จึงลบข้อนี้ไม่ได้" in refused.text
    assert DisclosureItem.objects.filter(pk=items[1].pk).exists()


def test_the_framework_is_marked_with_a_source(office, fw):
    client = _admin(office)
    data = _form(client.get(_detail_url(fw)), "verify")
    data.update({"fw-verification": "secondary", "fw-source": ""})
    assert any("กรุณาระบุแหล่งที่มา" in m for m in _feedback(client.post(_detail_url(fw), data).text))
    data["fw-source"] = "https://www.nacc.go.th/ita2570"
    client.post(_detail_url(fw), data)
    fw.refresh_from_db()
    assert (fw.verification, fw.verification_source) == ("secondary", "https://www.nacc.go.th/ita2570")


def test_copying_forward_makes_next_years_provisional_framework_and_refuses_a_taken_year(office, fw, frameworks):  # noqa: F811
    client = _admin(office)
    data = _form(client.get(_detail_url(fw)), "copy")
    assert data["copy-fiscal_year"] == "2571"
    response = client.post(_detail_url(fw), data, follow=True)
    assert "คัดลอกกรอบการประเมินไปปีงบประมาณ 2571 แล้ว" in response.text
    copy = Framework.objects.get(assessing_body="nacc", fiscal_year=2571)
    assert copy.items.count() == fw.items.count()
    assert set(copy.items.values_list("verification", flat=True)) == {"provisional"}
    older = frameworks[("nacc", 2569)]
    data = _form(client.get(_detail_url(older)), "copy")
    assert data["copy-fiscal_year"] == "2570"
    refused = client.post(_detail_url(older), data)
    assert "มีกรอบการประเมินของปีงบประมาณ 2570 อยู่แล้ว" in _feedback(refused.text)


# --- a framework in use by something approved, and its new revision --------------------------


def test_a_framework_under_an_approved_checklist_refuses_edits_and_offers_a_new_revision(office, fw):
    cast, checklist = office
    _approve_some_evidence(checklist)
    client, item = _admin(office), _first_item(fw)
    refused = client.post(_item_url(item), {"action": "text", "text-title": NEW_TITLE, "text-content_elements": ""})
    assert "กรอบการประเมินนี้ใช้อยู่กับแบบตรวจ OIT ที่อนุมัติให้เผยแพร่แล้ว จึงแก้ไขไม่ได้" in refused.text
    assert "สร้างฉบับแก้ไข" in refused.text
    for action, data in (("verify", {"item-verification": "verified", "item-source": SOURCE}), ("remove", {})):
        client.post(_item_url(item), {"action": action, **data})
    assert DisclosureItem.objects.filter(pk=item.pk, title=item.title, verification=item.verification).exists()

    page = client.get(_detail_url(fw))
    response = client.post(_detail_url(fw), _form(page, "revise"), follow=True)
    assert "สร้างฉบับแก้ไขที่ 2 แล้ว" in response.text
    revision = Framework.objects.get(assessing_body="nacc", fiscal_year=2570, revision=2)
    assert revision.items.count() == fw.items.count()
    new_item = revision.items.get(code=item.code)
    data = _form(client.get(_item_url(new_item)), "text")
    data["text-title"] = NEW_TITLE
    assert f"บันทึกการแก้ไขข้อ {item.code} แล้ว" in client.post(_item_url(new_item), data, follow=True).text

    # the approved checklist keeps its framework and what it was approved with
    checklist.refresh_from_db()
    assert checklist.framework_id == fw.pk
    assert item.title in cast.client_for("supervisor").get(checklist.get_absolute_url()).text
    # the old one points to the revision; a second revision of the old one is refused
    assert _detail_url(revision) in client.get(_detail_url(fw)).text
    again = client.post(_detail_url(fw), {"action": "revise"}, follow=True)
    assert "มีฉบับแก้ไขที่ 2 ของกรอบการประเมินนี้แล้ว ให้แก้ไขฉบับนั้น" in again.text


def test_a_new_checklist_of_the_year_uses_the_newest_revision(office, fw):
    cast, checklist = office
    _approve_some_evidence(checklist)
    client = _admin(office)
    client.post(_detail_url(fw), {"action": "revise"})
    revision = Framework.objects.get(assessing_body="nacc", fiscal_year=2570, revision=2)
    page = client.get(reverse("assessments:start_year")).text
    assert f'value="{revision.pk}"' in page and f'value="{fw.pk}"' not in page
    newcomer = Organization.objects.create(code="spp-fw-2", name="สำนักงานเขตพื้นที่การศึกษาทดสอบกรอบ ๒", short_name="สพป.ทดสอบกรอบ ๒")
    response = client.post(
        reverse("assessments:start_year"), {"organization": newcomer.pk, "fiscal_year": 2570, "framework": revision.pk}, follow=True
    )
    assert response.status_code == 200
    assert OITChecklist.objects.get(organization=newcomer).framework_id == revision.pk


def test_a_framework_with_a_submitted_ita_result_refuses_edits(office, fw):
    from assessments.models import ITAResult

    cast, _checklist = office
    ITAResult.objects.create(organization=cast.organization, framework=fw, status="approved")
    client, item = _admin(office), _first_item(fw)
    refused = client.post(_item_url(item), {"action": "text", "text-title": NEW_TITLE, "text-content_elements": ""})
    assert "ผลการประเมิน ITA ที่ส่งหรืออนุมัติแล้ว" in refused.text and "สร้างฉบับแก้ไข" in refused.text
    assert DisclosureItem.objects.get(pk=item.pk).title == item.title
