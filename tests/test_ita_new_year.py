"""Starting an organization's ITA year in the portal (``assessments:start_year``), the
year-to-year item mapping (``DisclosureItem.continues``) and the evidence carried from last
year's OIT checklist by the evidence period of each new item.

The carry-forward tests build their own two frameworks (2569 → 2570, one item per evidence
period) so that each period kind is tested on its own; the shipped NACC fixtures are only
read for their mapping. "Today" is 1 December 2026 (fiscal year 2570).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    ChecklistEntry,
    DisclosureItem,
    Evidence,
    Framework,
    Indicator,
    ITAResult,
    OITChecklist,
    SubIndicator,
    Tool,
)
from ita_portal.models import Organization
from tests.assessments_fixtures import _framework_ids, frameworks  # noqa: F401
from tests.conftest import Cast
from tests.forms import form_data

START = reverse("assessments:start_year")

# code → (evidence period of the 2570 item, evidence period of the 2569 item it continues)
ITEMS = {
    "A1": ("as_of_assessment", "as_of_assessment"),
    "U1": ("", ""),
    "C1": ("current_fy", "current_fy"),
    "H1": ("first_half", "first_half"),
    "P1": ("previous_fy", "current_fy"),
    "P2": ("previous_fy", "previous_fy"),
    "N1": ("", None),  # new in 2570: continues nothing
}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 12, 1))


def _framework(year: int, periods: dict[str, str]) -> Framework:
    framework = Framework.objects.create(assessing_body="nacc", fiscal_year=year, name=f"ITA {year}")
    tool = Tool.objects.create(framework=framework, code="OIT", weight=100)
    indicator = Indicator.objects.create(framework=framework, tool=tool, number=9, name="การเปิดเผยข้อมูล")
    sub = SubIndicator.objects.create(indicator=indicator, number="9.1", name="ข้อมูลพื้นฐาน")
    for order, (code, period) in enumerate(periods.items(), 1):
        DisclosureItem.objects.create(
            framework=framework, sub_indicator=sub, code=code, order=order, title=f"ข้อมูล {code}", evidence_period=period
        )
    return framework


@pytest.fixture
def world(db):
    """สพป.ทดสอบปีใหม่ with its 2569 checklist: each item has one approved evidence row (a
    URL; A1 also a file) and one row never approved; the 2570 framework continues it."""
    old = _framework(2569, {code: before for code, (_, before) in ITEMS.items() if before is not None})
    new = _framework(2570, {code: now for code, (now, _) in ITEMS.items()})
    for item in new.items.exclude(code="N1"):
        item.continues.set([old.items.get(code=item.code)])
    organization = Organization.objects.create(code="spp-newyear-1", name="สำนักงานเขตพื้นที่การศึกษาทดสอบปีใหม่", short_name="สพป.ทดสอบปีใหม่")
    cast = Cast(organization)
    checklist = OITChecklist.objects.create(organization=organization, framework=old)
    checklist.ensure_entries()
    for entry in checklist.entries.select_related("item"):
        approved = Evidence(entry=entry, title=f"หลักฐาน {entry.item.code} ปี 2569", url=f"https://example.go.th/{entry.item.code}", approved_at=timezone.now())
        if entry.item.code == "A1":
            approved.content_type, approved.size = "application/pdf", 9
            approved.file.save("a1.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        approved.save()
        Evidence.objects.create(entry=entry, title=f"ร่าง {entry.item.code}", url="https://example.go.th/draft")
    return cast, old, new


def _start(cast, role="supervisor", **changes):
    """Open the index page, follow its button, send the start form (with ``changes``)."""
    client = cast.client_for(role)
    index = client.get(reverse("assessments:index"))
    assert f'href="{START}"' in index.text
    page = client.get(START)
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    return client, client.post(START, data)


def _carried(cast, code) -> list[Evidence]:
    entry = ChecklistEntry.objects.get(checklist__organization=cast.organization, checklist__framework__fiscal_year=2570, item__code=code)
    return list(entry.evidence.all())


# --- starting the year from the page -----------------------------------------------------------


def test_a_supervisor_starts_the_current_year_from_the_index_page_and_lands_on_the_new_checklist(world):
    cast, _, new = world
    client, response = _start(cast)
    checklist = OITChecklist.objects.get(organization=cast.organization, framework__fiscal_year=2570)
    assert response.status_code == 302 and response["Location"] == reverse("assessments:checklist", args=[checklist.pk])
    assert checklist.framework == new
    assert sorted(checklist.entries.values_list("item__code", flat=True)) == sorted(ITEMS)
    assert ITAResult.objects.filter(organization=cast.organization, framework=new, status="draft").count() == 1
    page = client.get(response["Location"])
    assert "เริ่มการประเมิน ITA ปีงบประมาณ 2570" in page.text
    assert "ยกมา รอตรวจสอบ" in page.text and "ต้องจัดทำใหม่" in page.text


def test_the_form_proposes_the_current_fiscal_year_and_its_framework(world):
    cast, _, new = world
    data = form_data(cast.client_for("director").get(START))
    assert data["fiscal_year"] == "2570"
    assert data["framework"] == str(new.pk)
    assert data["organization"] == str(cast.organization.pk)


def test_a_director_may_start_the_year_too(world):
    cast, _, _ = world
    _, response = _start(cast, "director")
    assert response.status_code == 302
    assert OITChecklist.objects.filter(organization=cast.organization, framework__fiscal_year=2570).exists()


def test_a_year_the_office_already_has_is_refused_beside_the_fiscal_year(world):
    cast, old, _ = world
    client, response = _start(cast, fiscal_year="2569", framework=str(old.pk))
    assert response.status_code == 200
    assert "มีแบบตรวจ OIT ของปีงบประมาณ 2569 อยู่แล้ว" in response.text
    assert response.context["form"].errors["fiscal_year"]
    assert "framework" not in response.context["form"].errors
    assert OITChecklist.objects.filter(organization=cast.organization).count() == 1


def test_starting_the_same_year_twice_creates_one_checklist(world):
    cast, _, _ = world
    client, first = _start(cast)
    assert first.status_code == 302
    _, second = _start(cast, "director")
    assert second.status_code == 200
    assert "มีแบบตรวจ OIT ของปีงบประมาณ 2570 อยู่แล้ว" in second.context["form"].errors["fiscal_year"][0]
    assert OITChecklist.objects.filter(organization=cast.organization, framework__fiscal_year=2570).count() == 1
    assert ITAResult.objects.filter(organization=cast.organization, framework__fiscal_year=2570).count() == 1


def test_a_year_without_a_framework_is_refused_beside_the_fiscal_year(world):
    cast, _, new = world
    _, response = _start(cast, fiscal_year="2571")
    assert response.status_code == 200
    assert "ยังไม่มีกรอบการประเมินของปีงบประมาณ 2571" in " ".join(response.context["form"].errors["fiscal_year"])
    assert not OITChecklist.objects.filter(framework__fiscal_year=2571).exists()


def test_a_framework_of_another_year_is_refused_beside_the_framework(world):
    cast, old, _ = world
    _, response = _start(cast, framework=str(old.pk))
    assert response.status_code == 200
    assert "เป็นของปีงบประมาณ 2569" in " ".join(response.context["form"].errors["framework"])
    assert not OITChecklist.objects.filter(organization=cast.organization, framework__fiscal_year=2570).exists()


# --- who may start a year ------------------------------------------------------------------------


def test_a_viewer_is_refused_and_sees_no_button(world):
    cast, _, new = world
    client = cast.client_for("viewer")
    assert f'href="{START}"' not in client.get(reverse("assessments:index")).text
    assert client.get(START).status_code == 403
    data = {"organization": cast.organization.pk, "fiscal_year": 2570, "framework": new.pk}
    assert client.post(START, data).status_code == 403
    assert not OITChecklist.objects.filter(framework=new).exists()


def test_a_signed_in_outsider_is_refused(world):
    cast, _, new = world
    client = cast.client_for("outsider")
    assert client.get(START).status_code == 403
    assert client.post(START, {"organization": cast.organization.pk, "fiscal_year": 2570, "framework": new.pk}).status_code == 403
    assert not OITChecklist.objects.filter(framework=new).exists()


def test_a_supervisor_of_another_office_cannot_start_this_offices_year(world):
    cast, _, new = world
    client = cast.client_for("other_supervisor")
    page = client.get(START)
    assert page.status_code == 200
    assert cast.organization.short_name not in page.text
    response = client.post(START, {"organization": cast.organization.pk, "fiscal_year": 2570, "framework": new.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not OITChecklist.objects.filter(organization=cast.organization, framework=new).exists()


def test_signed_out_visitors_are_sent_to_sign_in(world):
    response = world[0].client_for("anonymous").get(START)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the landing page's button -------------------------------------------------------------------


def test_the_landing_page_offers_the_start_until_the_office_has_the_year(world):
    cast, _, _ = world
    client = cast.client_for("supervisor")
    page = client.get(reverse("staff:my_work")).text
    assert "เริ่มการประเมินปีงบประมาณ 2570" in page
    assert f"{START}?office={cast.organization.pk}" in page
    assert "เริ่มการประเมินปีงบประมาณ 2570" not in cast.client_for("viewer").get(reverse("staff:my_work")).text
    _start(cast)
    assert "เริ่มการประเมินปีงบประมาณ 2570" not in client.get(reverse("staff:my_work")).text


# --- carrying evidence forward, one period kind at a time ------------------------------------------


def test_as_of_the_assessment_date_evidence_is_carried_and_marked(world):
    cast, _, _ = world
    client, response = _start(cast)
    (carried,) = _carried(cast, "A1")
    assert carried.title == "หลักฐาน A1 ปี 2569" and carried.url == "https://example.go.th/A1"
    assert carried.carried_from_year == 2569
    entry = carried.entry
    page = client.get(reverse("assessments:entry", args=[entry.checklist_id, entry.pk])).text
    assert "ยกมาจากปี 2569 — กรุณาตรวจสอบ" in page


def test_a_carried_file_is_a_copy_of_its_own(world):
    cast, _, _ = world
    _start(cast)
    (carried,) = _carried(cast, "A1")
    original = Evidence.objects.get(entry__checklist__framework__fiscal_year=2569, entry__item__code="A1", approved_at__isnull=False)
    assert carried.file.name != original.file.name
    assert carried.file.read() == b"%PDF-1.4\n"


def test_evidence_of_an_item_with_no_period_stated_is_carried(world):
    cast, _, _ = world
    _start(cast)
    assert [e.title for e in _carried(cast, "U1")] == ["หลักฐาน U1 ปี 2569"]


def test_this_fiscal_year_evidence_is_not_carried(world):
    cast, _, _ = world
    _start(cast)
    assert _carried(cast, "C1") == []


def test_first_six_months_evidence_is_not_carried(world):
    cast, _, _ = world
    _start(cast)
    assert _carried(cast, "H1") == []


def test_previous_fiscal_year_evidence_is_last_years_own_year_evidence_and_is_carried(world):
    cast, _, _ = world
    _start(cast)
    assert [e.carried_from_year for e in _carried(cast, "P1")] == [2569]


def test_previous_fiscal_year_evidence_that_was_already_a_year_old_is_not_carried(world):
    cast, _, _ = world
    _start(cast)
    assert _carried(cast, "P2") == []


def test_an_item_that_continues_nothing_gets_nothing(world):
    cast, _, _ = world
    _start(cast)
    assert _carried(cast, "N1") == []


def test_only_last_years_approved_evidence_is_carried_never_the_drafts(world):
    cast, _, _ = world
    _start(cast)
    titles = [e.title for e in Evidence.objects.filter(entry__checklist__framework__fiscal_year=2570)]
    assert sorted(titles) == ["หลักฐาน A1 ปี 2569", "หลักฐาน P1 ปี 2569", "หลักฐาน U1 ปี 2569"]


def test_carried_evidence_is_not_approved_nor_published(world):
    cast, _, _ = world
    client, response = _start(cast)
    carried = Evidence.objects.filter(entry__checklist__framework__fiscal_year=2570)
    assert carried.count() == 3
    assert all(e.approved_at is None for e in carried)
    assert not ChecklistEntry.objects.filter(checklist__framework__fiscal_year=2570, approved_at__isnull=False).exists()
    assert set(ChecklistEntry.objects.filter(checklist__framework__fiscal_year=2570).values_list("status", flat=True)) == {"not_started"}
    public = client.get(reverse("oit:organization_year", args=[cast.organization.code, 2570]))
    assert "example.go.th/A1" not in public.text


def test_the_new_checklist_lists_what_was_carried_and_what_is_to_make(world):
    cast, _, _ = world
    client, response = _start(cast)
    page = client.get(response["Location"])
    carried = [e.item.code for e in page.context["readiness"].carried]
    to_make = [e.item.code for e in page.context["readiness"].to_make]
    assert sorted(carried) == ["A1", "P1", "U1"]
    assert sorted(to_make) == ["C1", "H1", "N1", "P2"]
    assert page.text.index("ยกมา รอตรวจสอบ (3 รายการ)") < page.text.index("ต้องจัดทำใหม่ (4 รายการ)")


def test_the_supervisor_confirms_a_carried_item_by_taking_it_up(world):
    cast, _, _ = world
    client, response = _start(cast)
    entry = ChecklistEntry.objects.get(checklist__framework__fiscal_year=2570, item__code="A1")
    url = reverse("assessments:entry", args=[entry.checklist_id, entry.pk])
    data = {**form_data(client.get(url)), "entry-status": "done"}
    assert client.post(url, data).status_code == 302
    page = client.get(response["Location"])
    assert sorted(e.item.code for e in page.context["readiness"].carried) == ["P1", "U1"]


def test_an_office_without_last_years_checklist_starts_with_nothing_carried(world):
    cast, _, new = world
    OITChecklist.objects.filter(organization=cast.organization).delete()
    _, response = _start(cast)
    assert response.status_code == 302
    assert not Evidence.objects.filter(entry__checklist__framework=new).exists()


# --- the mapping in the shipped NACC fixtures ------------------------------------------------------


def _continues(frameworks, year, code) -> list[str]:
    item = frameworks[("nacc", year)].items.get(code=code)
    return sorted(i.code for i in item.continues.all())


def test_the_shipped_frameworks_map_items_to_last_years(frameworks):
    # 2567 is presumed to be 2566 item by item
    assert _continues(frameworks, 2567, "O42") == ["O42"]
    # 2568 merged items: โครงสร้างและอำนาจหน้าที่; ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม
    assert _continues(frameworks, 2568, "O1") == ["O1", "O3"]
    assert _continues(frameworks, 2568, "O16") == ["O39", "O40"]
    # same title, new number: ข้อมูลการติดต่อ (2567 O5 → 2568 O3)
    assert _continues(frameworks, 2568, "O3") == ["O5"]
    # renumbered in 2569: procurement (2568 O12 → 2569 O11)
    assert _continues(frameworks, 2569, "O11") == ["O12"]
    # new in 2569: แผนปฏิบัติการป้องกันการทุจริต has no 2568 item
    assert _continues(frameworks, 2569, "O23") == []
    # 2570 is a copy of 2569
    assert _continues(frameworks, 2570, "O26") == ["O26"]
    # the items continued are of the previous year's framework
    o16 = frameworks[("nacc", 2568)].items.get(code="O16")
    assert {i.framework.fiscal_year for i in o16.continues.all()} == {2567}
