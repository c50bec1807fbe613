"""In a real browser (Playwright driving Debian's Chromium; one ``page.goto`` of the home page,
then only clicks and typing, as in ``tests.test_journeys``): an administrator corrects the
title of an OIT item of the NACC framework 2570 in the portal and marks it verified with a
source; a supervisor of an office that has a 2570 OIT checklist finds the corrected title,
marked "ยืนยันแล้ว", on the checklist.

The world (the NACC frameworks from ``fixtures/``, one office with the conftest cast and its
2570 checklist) is committed before Playwright starts and flushed when the module ends. Every
step is screenshot at 1280 px and at 375 px (no sideways scrolling there) into
``artifacts/journeys/`` by ``tests.test_journeys.Journey``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.chromium import CHROMIUM, chromium
from tests.test_journeys import Journey, live_world

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package")

NEW_TITLE = "โครงสร้างหน่วยงาน พร้อมแผนผังการแบ่งส่วนราชการ (แก้ไข)"
SOURCE = "คู่มือการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2570 ของสำนักงาน ป.ป.ช."


@dataclass
class Facts:
    base: str = ""
    administrator: str = ""
    supervisor: str = ""
    framework_link: str = ""  # the list's link text of the NACC framework 2570
    item_link: str = ""  # the framework page's link text of the item corrected
    old_title: str = ""
    checklist_link: str = ""  # the OIT checklist list's link text of the office's 2570 checklist


def _build() -> Facts:
    from assessments.models import Framework, OITChecklist
    from ita_portal.models import Organization
    from ita_portal.seeds import load_seed
    from tests.assessments_fixtures import FIXTURES
    from tests.conftest import Cast

    for path in sorted(FIXTURES.glob("seed_0000_framework_nacc_*.json")):
        load_seed(path)
    framework = Framework.objects.get(assessing_body="nacc", fiscal_year=2570)
    office = Organization.objects.create(code="spp-fw-browser", name="สำนักงานเขตพื้นที่การศึกษาทดสอบกรอบการประเมิน", short_name="สพป.ทดสอบกรอบ")
    cast = Cast(office)
    checklist = OITChecklist.objects.create(organization=office, framework=framework)
    checklist.ensure_entries()
    item = framework.items.order_by("order").first()
    return Facts(
        administrator=cast.superuser.username,
        supervisor=cast.supervisor.username,
        framework_link="ปีงบประมาณ 2570 — สำนักงาน ป.ป.ช.",
        item_link=f"{item.code} {item.title}",
        old_title=item.title,
        checklist_link=f"{office.short_name} ปีงบประมาณ 2570",
    )


@pytest.fixture(scope="module")
def facts(django_db_setup, django_db_blocker, tmp_path_factory):
    """The committed world and a live server on it, for the whole module; flushed after."""
    with live_world(lambda tmp: _build(), django_db_blocker, tmp_path_factory.mktemp("framework-browser")) as facts:
        yield facts


@pytest.fixture(scope="module")
def browser(facts):
    with chromium() as browser:
        yield browser


@pytest.fixture(autouse=True)
def media_root(facts, settings):
    return settings.MEDIA_ROOT


def test_an_administrator_corrects_and_verifies_a_2570_item_and_the_supervisor_sees_it(browser, facts):
    admin = Journey(browser, facts, "admin-framework-edit")
    admin.sign_in(facts.administrator)
    admin.click(admin.link("กรอบการประเมิน ITA: แก้ไข ยืนยัน และคัดลอกไปปีถัดไป"))
    admin.shot("frameworks")
    admin.click(admin.link(facts.framework_link))
    admin.shot("framework-2570")
    admin.click(admin.link(facts.item_link))
    admin.type("#id_text-title", NEW_TITLE)
    admin.click(admin.button("บันทึกการแก้ไข"))
    admin.success("บันทึกการแก้ไขข้อ")
    admin.page.select_option("#id_item-verification", "verified")
    admin.type("#id_item-source", SOURCE)
    admin.click(admin.button("บันทึกสถานะการยืนยัน"))
    admin.success("บันทึกสถานะการยืนยันของข้อ")
    admin.shot("item-verified")
    assert admin.page.locator("main h1").inner_text().endswith(NEW_TITLE)
    admin.click(admin.link("กลับไปกรอบการประเมิน"))
    history = admin.page.locator("section[aria-labelledby='history-heading']").inner_text()
    assert NEW_TITLE in history and facts.old_title in history and SOURCE in history
    admin.shot("framework-history")
    admin.sign_out()
    admin.done()

    sup = Journey(browser, facts, "supervisor-framework-edit")
    sup.sign_in(facts.supervisor)
    sup.click(sup.link("แบบตรวจ OIT ของหน่วยงาน"))
    sup.click(sup.link(facts.checklist_link, partial=True))
    row = sup.page.locator("main tr", has=sup.page.get_by_role("link", name=NEW_TITLE, exact=True)).first
    assert row.is_visible()
    assert row.locator("[data-verification='verified']").inner_text() == "ยืนยันแล้ว"
    assert sup.page.get_by_role("link", name=facts.old_title, exact=True).count() == 0
    sup.shot("checklist-2570")
    sup.done()
