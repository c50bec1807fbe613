"""Journeys through the portal in a real browser (Playwright driving Debian's Chromium), each
starting with one ``page.goto`` of the home page and then only clicks and typing, as people do:

* a director signs in and finds on the landing page (งานของฉัน) one submitted document of
  every kind and the OIT items waiting for them;
* a supervisor starts the next quarter's report of a project whose earlier report is
  approved, writes, saves, edits and submits it; the director finds it on the landing page
  and returns it with a comment; the supervisor sees the comment on the landing page, fixes
  and resubmits; the director approves with a signature image and downloads the PDF;
* a supervisor copies this year's action plan to next year, edits and submits the copy;
* a supervisor attaches evidence to three OIT items; the director approves two and returns
  one with a comment from the checklist's review table, in one submit; a visitor reaches the
  published item from the home page;
* an administrator starts the office's new ITA year from the portal; a supervisor of the office
  finds the new year's ITA result, enters its indicator scores and sees them on the result.

The world (``tests.security_world.build_world``: every seed document, the conftest cast a
supervisor / director of every seed organization) is built and committed once for the module,
before Playwright starts, so the ORM never runs inside Playwright's event loop; the tests
assert only what the browser shows and downloads. The module's live server shares the test
database; the database is flushed when the module ends. Every step is screenshot at 1280 px
and again at a 375 px phone width, where the page must not scroll sideways; the screenshots
are kept in ``artifacts/journeys/`` (``ARTIFACTS``) to look at after the run; each journey's
clicks and pages are printed (``pytest -s``).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from PIL import Image, ImageDraw

from tests.chromium import CHROMIUM, chromium

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "journeys"
PHONE_WIDTH = 375
PASSWORD = "pw-not-used-1"  # tests.conftest.Cast

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium package")


@dataclass
class Facts:
    """What the journeys need to know of the world, read before Playwright starts."""

    base: str = ""
    supervisor: str = ""
    director: str = ""
    kind_labels: list = field(default_factory=list)
    report_title: str = ""  # the approved quarterly report (quarter 2)
    project_name: str = ""
    next_quarter: int = 0
    next_quarter_months: list = field(default_factory=list)  # the PDCA month options' values (CE dates)
    plan_staff_url: str = ""
    plan_next_year: int = 0
    checklist_title: str = ""
    oit_items: list = field(default_factory=list)  # [(code, title)] of three items without evidence
    oit_public_link: str = ""  # the home page's link text to the OIT pages
    signature: Path = Path()
    administrator: str = ""
    new_year: int = 0  # the fiscal year (BE) the administrator starts
    new_year_office: tuple = (0, "")  # (organization id, short name)
    new_year_framework: int = 0  # id of the NACC framework of ``new_year``
    new_year_indicators: int = 0  # how many indicators that framework has


def _build(tmp: Path) -> Facts:
    """The world, plus: one submitted document of every kind (the quarterly report is a
    revision of the approved one) and an OIT item ready for approval."""
    from assessments.models import ChecklistEntry
    from ita_portal import kinds, thai, transitions
    from ita_portal.fields import ProgressStatus
    from tests.security_world import build_world

    w = build_world()
    cast = w.cast
    approved = transitions.approve(transitions.submit(w.report, by=cast.supervisor), by=cast.director)
    transitions.submit(transitions.revise(approved, by=cast.supervisor), by=cast.supervisor)
    for document in (w.plan, w.progress, w.calendar, w.monitoring_report, w.memo, w.result):
        transitions.submit(document, by=cast.supervisor)
    ChecklistEntry.objects.filter(pk=w.entry.pk).update(status=ProgressStatus.DONE)  # its evidence awaits approval

    signature = tmp / "signature.png"
    image = Image.new("RGB", (360, 120), "white")
    ImageDraw.Draw(image).line([(10, 90), (120, 30), (200, 80), (340, 20)], fill=(10, 30, 140), width=6)
    image.save(signature)
    entries = list(w.checklist.entries.select_related("item").order_by("item__order")[1:4])
    from assessments.models import Framework

    newest = Framework.objects.filter(assessing_body="nacc").order_by("-fiscal_year").first()
    office = w.checklist.organization
    return Facts(
        supervisor=cast.supervisor.username,
        director=cast.director.username,
        kind_labels=[kind.label for kind in kinds.all_kinds()],
        report_title=str(approved),
        project_name=approved.project.name,
        next_quarter=approved.quarter + 1,
        next_quarter_months=[d.isoformat() for d in thai.quarter_months(approved.project.fiscal_year, approved.quarter + 1)],
        plan_staff_url=w.plan.get_staff_url(),
        plan_next_year=w.plan.fiscal_year + 1,
        checklist_title=f"ปีงบประมาณ {w.checklist.framework.fiscal_year}",
        oit_items=[(e.item.code, e.item.title) for e in entries],
        oit_public_link=f"การเปิดเผยข้อมูลสาธารณะ OIT ปีงบประมาณ {w.checklist.framework.fiscal_year}",
        signature=signature,
        administrator=cast.superuser.username,
        new_year=newest.fiscal_year,
        new_year_office=(office.pk, office.short_name),
        new_year_framework=newest.pk,
        new_year_indicators=newest.indicators.count(),
    )


@contextlib.contextmanager
def live_world(build, django_db_blocker, tmp):
    """Commit the world ``build(tmp)`` makes (its ``Facts``), serve it on a live server and
    yield the facts with ``base`` set to the server's URL; flush the database afterwards.
    Media go to ``tmp / "media"``; passwords use a fast hasher."""
    from django.core.cache import cache
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_ROOT=tmp / "media", PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with django_db_blocker.unblock():
            try:
                facts = build(tmp)
                cache.clear()
                server = LiveServer("localhost")
                facts.base = server.url
                yield facts
                server.stop()
            finally:
                call_command("flush", interactive=False, verbosity=0)
                cache.clear()


@pytest.fixture(scope="module")
def facts(django_db_setup, django_db_blocker, tmp_path_factory):
    """The committed world and a live server on it, for the whole module; flushed after."""
    with live_world(_build, django_db_blocker, tmp_path_factory.mktemp("journeys")) as facts:
        yield facts


@pytest.fixture(scope="module")
def browser(facts):
    """One Chromium for the module, started after the world is built."""
    with chromium() as browser:
        yield browser


@pytest.fixture(autouse=True)
def media_root(facts, settings):
    """The module's media folder (the conftest's per-test folder would hide the world's files)."""
    return settings.MEDIA_ROOT


class Journey:
    """One person's browser tab: counts clicks and pages, screenshots each step."""

    def __init__(self, browser, facts: Facts, name: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.facts, self.name = facts, name
        self.clicks, self.pages, self.step = 0, 0, 0
        self.page.on("load", lambda _page: self._loaded())
        self.page.goto(facts.base + "/")  # the one typed address

    def _loaded(self):
        self.pages += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()
        self.page.wait_for_load_state()

    def type(self, selector: str, text: str):
        self.page.fill(selector, text)

    def shot(self, name: str):
        """Screenshot this step at 1280 px and at a phone's 375 px (``ARTIFACTS``); at 375 px the
        page must not scroll sideways."""
        self.step += 1
        stem = ARTIFACTS / f"{self.name}-{self.step:02d}-{name}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=f"{stem}.png", full_page=True)
        self.page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        try:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            self.page.screenshot(path=f"{stem}-{PHONE_WIDTH}.png", full_page=True)
        finally:
            self.page.set_viewport_size({"width": 1280, "height": 900})
        assert width <= PHONE_WIDTH, f"{self.name} step {name}: {self.page.url} is {width} px wide at {PHONE_WIDTH} px"

    def link(self, name: str, *, within=None, partial=False):
        """The first link named ``name`` (or containing it, ``partial``) in ``within`` (a CSS
        selector; the page's main part by default)."""
        scope = self.page.locator(within) if within else self.page.get_by_role("main")
        return scope.get_by_role("link", name=name, exact=not partial).first

    def button(self, name: str):
        return self.page.get_by_role("main").get_by_role("button", name=name, exact=True).first

    def sign_in(self, username: str):
        """From any page of a visitor (the home page after signing out) to the landing page."""
        self.click(self.page.get_by_role("link", name="เข้าสู่ระบบ", exact=True).last)
        self.type("#id_username", username)
        self.type("#id_password", PASSWORD)
        self.click(self.page.locator("main button[type=submit]"))
        assert self.page.get_by_role("heading", name="งานของฉัน", level=1).is_visible()

    def sign_out(self):
        self.click(self.page.get_by_role("button", name="ออกจากระบบ"))
        assert self.page.get_by_role("link", name="เข้าสู่ระบบ", exact=True).first.is_visible()

    def success(self, text: str):
        """Wait for the success message ``text``; when it does not come, fail with a screenshot
        and the page's own messages (what refused the step)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.locator(".alert-success", has_text=text).first.wait_for(timeout=20_000)
        except PlaywrightTimeout:
            self.shot("refused")
            said = self.page.locator(".alert, .invalid-feedback").all_inner_texts()
            raise AssertionError(f"{self.name}: no message {text!r}; the page says {said}") from None

    def done(self):
        print(f"\n[journey] {self.name}: {self.clicks} clicks, {self.pages} pages")
        self.page.close()


def _work_section(page, key: str):
    return page.locator(f"section[aria-labelledby='work-{key}']")


def test_a_director_finds_everything_waiting_for_them_on_the_landing_page(browser, facts):
    j = Journey(browser, facts, "director-waiting")
    j.sign_in(facts.director)
    j.shot("landing")
    review = _work_section(j.page, "review").inner_text()
    missing = [label for label in facts.kind_labels if label not in review]
    assert not missing, f"not on the director's landing page: {missing}"
    assert "รายการรอการอนุมัติให้เผยแพร่" in review  # the OIT items
    assert j.page.locator("#work-drafts").count() == 0  # drafts are the supervisor's
    j.done()


def test_next_quarters_report_is_written_returned_fixed_and_approved_with_a_signature(browser, facts, tmp_path):
    quarter = facts.next_quarter
    sup = Journey(browser, facts, "supervisor-report")
    sup.sign_in(facts.supervisor)
    sup.click(sup.link("รายงานผลกำกับติดตามรายไตรมาส"))
    sup.click(sup.link(facts.report_title[:40], partial=True))
    sup.click(sup.link(facts.project_name))
    sup.shot("project")
    sup.click(sup.button(f"เริ่มรายงานไตรมาสที่ {quarter}"))
    sup.success(f"สร้างรายงานไตรมาสที่ {quarter} แล้ว")
    months = facts.next_quarter_months
    for letter, month in zip("PDCA", (months[0], months[1], months[2], months[2])):
        sup.page.select_option(f"#id_pdca-{letter}-month", month)
        sup.type(f"#id_pdca-{letter}-methods", f"ขั้นตอน {letter} ไตรมาสที่ {quarter}")
        sup.page.check(f"input[name='pdca-{letter}-status'][value='done']")
        sup.page.check(f"input[name='pdca-{letter}-outcome'][value='achieved']")
    sup.type("#id_problems", "ร่างแรก")
    for result in sup.page.locator("textarea[name^='result_'], input[name^='result_']").all():
        result.fill("ดำเนินการแล้ว")
    sup.shot("written")
    sup.click(sup.button("บันทึกรายงาน"))
    sup.success("บันทึกรายงานแล้ว")
    sup.click(sup.link("แก้ไข", within="section[aria-labelledby=workflow-heading]"))
    sup.type("#id_problems", "ภาระงานของบุคลากรไม่ตรงกัน")
    # The project's activities (101,000 baht) and budget lines (110,000) disagree, as in the
    # source report: a submit needs the supervisor's reason, printed as a footnote.
    sup.type("#id_totals_reason", "งบประมาณส่วนที่เหลือโอนไปใช้ในกิจกรรมไตรมาสถัดไป")
    sup.click(sup.button("บันทึกรายงาน"))
    sup.success("บันทึกรายงานแล้ว")
    sup.click(sup.button("เสนอผู้อำนวยการ"))
    sup.success("เสนอเอกสารต่อผู้อำนวยการแล้ว")
    sup.shot("submitted")
    sup.sign_out()

    director = Journey(browser, facts, "director-report")
    director.sign_in(facts.director)
    title = f"ไตรมาสที่ {quarter}/"
    director.click(_work_section(director.page, "review").get_by_role("link", name=title).first)
    director.type("#comment", "โปรดระบุผลการดำเนินงานของขั้นตอน C ให้ชัดเจน")
    director.shot("return")
    director.click(director.button("ส่งกลับ"))
    assert director.page.get_by_text("โปรดระบุผลการดำเนินงานของขั้นตอน C ให้ชัดเจน").first.is_visible()
    director.sign_out()

    sup.sign_in(facts.supervisor)
    returned = _work_section(sup.page, "returned")
    assert "โปรดระบุผลการดำเนินงานของขั้นตอน C ให้ชัดเจน" in returned.inner_text()
    sup.shot("returned-on-landing")
    sup.click(returned.get_by_role("link", name="แก้ไข", exact=True).first)
    sup.type("#id_pdca-C-methods", "ขั้นตอน C: ตรวจผลการอบรมด้วยแบบประเมิน")
    sup.click(sup.button("บันทึกรายงาน"))
    sup.success("บันทึกรายงานแล้ว")
    sup.click(sup.button("เสนอผู้อำนวยการ"))
    sup.success("เสนอเอกสารต่อผู้อำนวยการแล้ว")
    sup.sign_out()
    sup.done()

    director.sign_in(facts.director)
    director.click(_work_section(director.page, "review").get_by_role("link", name=title).first)
    director.page.set_input_files("#signature", str(facts.signature))
    director.click(director.button("อนุมัติ"))
    director.success("อนุมัติเอกสารแล้ว")
    director.shot("approved")
    with director.page.expect_download() as download:
        director.clicks += 1
        director.link("ดาวน์โหลด PDF").evaluate("a => { a.setAttribute('download', ''); a.click(); }")
    pdf = tmp_path / "approved.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert "ขั้นตอนC:ตรวจผลการอบรมด้วยแบบประเมิน" in text  # the fix is in the approved PDF
    director.done()


def test_next_years_action_plan_is_copied_edited_and_submitted(browser, facts):
    year = facts.plan_next_year
    j = Journey(browser, facts, "supervisor-plan")
    j.sign_in(facts.supervisor)
    j.click(j.link("แผนปฏิบัติการป้องกันการทุจริต"))
    j.click(j.page.locator(f"main a[href='{facts.plan_staff_url}']").first)
    j.shot("this-year")
    j.click(j.button(f"คัดลอกเป็นแผนปีงบประมาณ {year}"))
    j.success(f"สร้างแผนปีงบประมาณ {year}")
    j.shot("copied")
    j.type("#id_expected_impact", "ผู้บริหารและบุคลากรปฏิบัติงานด้วยความโปร่งใส (ปรับปรุงสำหรับปีถัดไป)")
    j.click(j.button("บันทึกแผน"))
    j.success("บันทึกแผนแล้ว")
    j.click(j.page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=re.compile(f"ปีงบประมาณ {year}")))
    j.click(j.button("เสนอผู้อำนวยการ"))
    j.success("เสนอเอกสารต่อผู้อำนวยการแล้ว")
    assert j.page.get_by_text("ปรับปรุงสำหรับปีถัดไป").first.is_visible()
    j.shot("submitted")
    j.done()


def test_oit_evidence_is_attached_reviewed_in_one_table_and_published(browser, facts):
    items = facts.oit_items
    sup = Journey(browser, facts, "supervisor-oit")
    sup.sign_in(facts.supervisor)
    sup.click(sup.link("แบบตรวจ OIT ของหน่วยงาน"))
    sup.click(sup.link(facts.checklist_title, partial=True))
    for code, title in items:
        sup.click(sup.link(title))
        sup.page.select_option("#id_entry-status", "done")
        sup.type("#id_evidence-title", f"หลักฐานข้อ {code}")
        sup.type("#id_evidence-url", f"https://example.go.th/oit/{code}")
        sup.click(sup.button("บันทึก"))
        assert sup.page.get_by_text(f"หลักฐานข้อ {code}").first.is_visible()
        sup.click(sup.link("กลับไปยังแบบตรวจ OIT ทั้งหมด"))
    sup.shot("evidence-attached")
    sup.sign_out()
    sup.done()

    director = Journey(browser, facts, "director-oit")
    director.sign_in(facts.director)
    director.click(_work_section(director.page, "review").get_by_role("link", name="รายการรอการอนุมัติให้เผยแพร่").first)
    (approve_a, _), (approve_b, _), (send_back, _) = items
    for code, choice in ((approve_a, "อนุมัติ"), (approve_b, "อนุมัติ"), (send_back, "ส่งกลับแก้ไข")):
        director.page.get_by_role("group", name=f"การพิจารณาข้อ {code}", exact=True).get_by_label(choice, exact=True).check()
    director.page.get_by_label(f"ความเห็นต่อข้อ {send_back}", exact=True).fill("ลิงก์ไม่ตรงกับรายการ")
    director.shot("review")
    director.click(director.button("บันทึกผลการพิจารณา"))
    director.success("อนุมัติให้เผยแพร่ 2 รายการ ส่งกลับแก้ไข 1 รายการ")
    assert director.page.locator("a.badge", has_text="ส่งกลับแก้ไข").count() >= 1
    director.sign_out()
    director.done()

    visitor = Journey(browser, facts, "visitor-oit")
    visitor.click(visitor.link(facts.oit_public_link))
    code, title = items[0]
    visitor.click(visitor.link(title, partial=True))
    visitor.shot("published-item")
    assert visitor.page.locator(f"main a[href='https://example.go.th/oit/{code}']").is_visible()  # the evidence, linked
    visitor.done()


def test_an_administrator_starts_a_new_ita_year_and_a_supervisor_enters_its_scores(browser, facts):
    year = facts.new_year
    office_id, office = facts.new_year_office
    admin = Journey(browser, facts, "admin-new-year")
    admin.sign_in(facts.administrator)
    admin.click(admin.link("การประเมิน ITA ของหน่วยงาน"))
    admin.click(admin.link("เริ่มการประเมินปีงบประมาณใหม่"))
    admin.page.select_option("#id_organization", str(office_id))
    admin.type("#id_fiscal_year", str(year))
    admin.page.select_option("#id_framework", str(facts.new_year_framework))
    admin.shot("start-year")
    admin.click(admin.button("เริ่มการประเมินและเปิดแบบตรวจ OIT"))
    admin.success(f"เริ่มการประเมิน ITA ปีงบประมาณ {year} ของ {office} แล้ว")
    admin.shot("new-checklist")
    admin.sign_out()
    admin.done()

    sup = Journey(browser, facts, "supervisor-new-year-scores")
    sup.sign_in(facts.supervisor)
    sup.click(sup.link("การประเมิน ITA ของหน่วยงาน"))
    results = sup.page.locator("main ul").first  # the ITA results come before the OIT checklists
    # the index links a member to the result's staff page (its workflow panel), where
    # "บันทึกคะแนน" is: one click fewer than through the result's document page
    sup.click(results.get_by_role("link", name=f"{office} ปีงบประมาณ {year}", exact=True))
    sup.click(sup.link("บันทึกคะแนน"))
    scores = [f"{80 + n}.{25 * (n % 4):02d}" for n in range(1, facts.new_year_indicators + 1)]  # 81.25, 82.50, 83.75, 84.00, ...
    inputs = sup.page.locator("input[name^='indicator_']")
    assert inputs.count() == len(scores)
    tools = sup.page.locator("tr[data-indicator] .badge").all_inner_texts()
    assert {"IIT", "EIT", "OIT"} <= set(tools), tools
    for i, score in enumerate(scores):
        inputs.nth(i).fill(score)
    sup.shot("scores")
    sup.click(sup.button("บันทึกคะแนน"))
    sup.success("บันทึกคะแนนแล้ว")
    sup.shot("result")
    assert f"ปีงบประมาณ {year}" in sup.page.title()  # back on the new year's result
    shown = sup.page.get_by_role("main").inner_text()
    missing = [score for score in scores if score not in shown]
    assert not missing, f"scores not on the result page: {missing}"
    sup.done()
