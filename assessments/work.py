"""What the assessments app adds to the landing page and the menu (``ita_portal.work``):
OIT items waiting for the director's approval, OIT items still to be made ready before the
framework's answer deadline, and the ITA/OIT pages.

The rule of the OIT checklist (``ChecklistEntry.approve``): the director approves an item
whose status is "พร้อมเผยแพร่" (``ProgressStatus.DONE``) and that has evidence; only approved
evidence is published.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from assessments.models import Framework, OITChecklist, Verification
from ita_portal import thai
from ita_portal.fields import ProgressStatus
from ita_portal.models import Membership, Organization
from ita_portal.work import (
    DUE, REVIEW, MenuLink, Notice, WorkItem, register_link, register_notice_source, register_public_pages,
    register_work_source,
)

LABEL = "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"


def oit_items_waiting(user, roles: dict, today: datetime.date) -> list[WorkItem]:
    """One line per checklist: for its director, the items ready for publication with evidence
    not yet approved (REVIEW); for its supervisor, while the framework's answer deadline has
    not passed, the items not yet ready (DUE). One query."""
    directed = [org for org, role in roles.items() if role == Membership.Role.DIRECTOR]
    supervised = [org for org, role in roles.items() if role == Membership.Role.SUPERVISOR]
    if not directed and not supervised:
        return []
    ready = Q(
        entries__status=ProgressStatus.DONE,
        entries__evidence__isnull=False,
        entries__evidence__approved_at__isnull=True,
    )
    not_ready = ~Q(entries__status=ProgressStatus.DONE)
    checklists = (
        OITChecklist.objects.filter(
            Q(organization__in=directed) | Q(organization__in=supervised, framework__answer_deadline__gte=today)
        )
        .select_related("organization", "framework")
        .annotate(
            waiting=Count("entries", filter=ready, distinct=True),
            unready=Count("entries", filter=not_ready, distinct=True),
        )
        .order_by("-framework__fiscal_year", "organization__code")
    )
    items = []
    for checklist in checklists:
        base = {
            "url": reverse("assessments:checklist", args=[checklist.pk]),
            "kind_label": LABEL,
            "organization": checklist.organization.short_name,
            "fiscal_year": checklist.framework.fiscal_year,
        }
        if checklist.organization_id in directed and checklist.waiting:
            items.append(WorkItem(
                bucket=REVIEW, title=f"{checklist}: {checklist.waiting} รายการรอการอนุมัติให้เผยแพร่",
                action="พิจารณา", **base,
            ))
        if checklist.organization_id in supervised and checklist.unready and checklist.framework.answer_deadline:
            items.append(WorkItem(
                bucket=DUE, title=f"{checklist}: อีก {checklist.unready} รายการยังไม่พร้อมเผยแพร่",
                since=checklist.framework.answer_deadline, action="เปิดแบบตรวจ", **base,
            ))
    return items


PROVISIONAL_DATES = "กำหนดการยังไม่ได้ยืนยันกับประกาศของหน่วยงานผู้ประเมิน ตรวจสอบในระบบ ITAS อีกครั้ง"


def phase_notices(user, roles: dict, today: datetime.date) -> list[Notice]:
    """For a member of any organization: where each framework of the current fiscal year
    (``thai.fiscal_year(today)``, BE) with a calendar stands today — the current phase and
    the days left, or the next phase (``Framework.phase_now``), in Arabic digits like the rest
    of the landing page; nothing once every phase has ended. Two queries (frameworks, phases)."""
    if not roles:
        return []
    frameworks = (
        Framework.objects.newest().filter(fiscal_year=thai.fiscal_year(today), phases__isnull=False)
        .distinct()
        .prefetch_related("phases")
        .order_by("assessing_body")
    )
    notices = []
    for framework in frameworks:
        now = framework.phase_now(today)
        text = now.text(thai.ARABIC)
        if not text:
            continue
        phase = now.current or now.upcoming
        notices.append(Notice(
            title=f"การประเมิน ITA ปีงบประมาณ {framework.fiscal_year} ({framework.get_assessing_body_display()})",
            text=text,
            note="" if phase.verification == Verification.VERIFIED else PROVISIONAL_DATES,
            url=reverse("assessments:index"),
            action="แบบตรวจ OIT ของหน่วยงาน",
        ))
    return notices


def new_year_notices(user, roles: dict, today: datetime.date) -> list[Notice]:
    """For a supervisor or director: one notice per organization of theirs that has no OIT
    checklist of the current fiscal year (``thai.fiscal_year(today)``, BE) while a framework
    of that year exists, with the button that starts the year (``assessments:start_year``,
    the organization preselected). One query."""
    starters = [org for org, role in roles.items() if role in (Membership.Role.SUPERVISOR, Membership.Role.DIRECTOR)]
    if not starters:
        return []
    year = thai.fiscal_year(today)
    organizations = (
        Organization.objects.filter(pk__in=starters)
        .filter(Exists(Framework.objects.filter(fiscal_year=year)))
        .exclude(Exists(OITChecklist.objects.filter(organization=OuterRef("pk"), framework__fiscal_year=year)))
        .order_by("code")
    )
    return [
        Notice(
            title=f"การประเมิน ITA ปีงบประมาณ {year}",
            text=f"{organization.short_name} ยังไม่ได้เริ่มการประเมิน ITA ปีงบประมาณ {year}",
            note="ระบบจะสร้างผลการประเมินและแบบตรวจ OIT ของปีนี้ และยกหลักฐานของปีก่อนที่ยังใช้ได้มาให้ตรวจสอบ",
            url=reverse("assessments:start_year") + f"?office={organization.pk}",
            action=f"เริ่มการประเมินปีงบประมาณ {year}",
        )
        for organization in organizations
    ]


def school_round_notices(user, roles: dict, today: datetime.date) -> list[Notice]:
    """For an assessor (``Membership.Role.ASSESSOR``) of an office: one notice per such office
    with a unit, linking to its list of schools to assess (``assessments:schools``). No query
    for a user who assesses nowhere; otherwise one."""
    offices = [org for org, role in roles.items() if role == Membership.Role.ASSESSOR]
    if not offices:
        return []
    organizations = Organization.objects.filter(pk__in=offices).filter(Exists(Organization.objects.filter(parent=OuterRef("pk"))))
    return [
        Notice(
            title="การประเมิน OIT ของสถานศึกษาในสังกัด",
            text=f"ท่านเป็นผู้ประเมินของ{organization.short_name}: ตรวจแบบตรวจ OIT ของสถานศึกษาในสังกัดและบันทึกผลการตรวจรายข้อ",
            url=reverse("assessments:schools", args=[organization.pk]),
            action="เปิดรายชื่อสถานศึกษาในสังกัด",
        )
        for organization in organizations.order_by("code")
    ]


def public_oit_pages() -> list[tuple[int, str, str]]:
    """``(organization id, label, URL)`` of every organization's public OIT page of each
    fiscal year, newest first, for the home page. One query."""
    checklists = OITChecklist.objects.select_related("organization", "framework").order_by("-framework__fiscal_year")
    return [(c.organization_id, f"OIT ปีงบประมาณ {c.framework.fiscal_year}", c.get_public_url()) for c in checklists]


def register() -> None:
    """Register the landing-page source and the menu links (``AssessmentsConfig.ready()``)."""
    register_work_source(oit_items_waiting)
    register_notice_source(phase_notices)
    register_notice_source(new_year_notices)
    register_notice_source(school_round_notices)
    register_link(MenuLink("ผลการประเมิน ITA และมาตรการ", "การประเมิน ITA ของหน่วยงาน", "assessments:index"))
    register_link(MenuLink("OIT", "แบบตรวจ OIT ของหน่วยงาน", "assessments:index"))
    register_link(MenuLink("OIT", "หน้าเผยแพร่ข้อมูลสาธารณะ (OIT)", "oit:index", public=True))
    register_public_pages(public_oit_pages)
