"""National-scale generated data: every OBEC office with several fiscal years of documents.

``generate(offices=245, years=5)`` creates, for each office: 3 members (supervisor, director,
viewer) and, for each of the last ``years`` fiscal years up to the current one, one project
with 20 activities, 6 budget lines an activity, 4 risks and 2 success indicators; its 4
quarterly reports (4 PDCA steps and 20 activity results each) in a realistic mix of
workflow states; and an OIT checklist of that year's framework with evidence.

Texts are taken from the seed-000 report (a real document), so pages and PDFs have the
length and script of real data. Rows are written with ``bulk_create`` in batches, a chunk
of offices per transaction: no ``save()``, no ``full_clean()``, no signals — and therefore no
django-simple-history rows for generated data (there is no edit history to show for it).
Approved reports get no stored PDF; the PDF view renders those live.

The frameworks come from ``fixtures/seed_0000_framework_*.json`` (loaded with
``load_seed``); a fiscal year without a framework gets a copy of the nearest earlier one
(``Framework.copy_to``), as an administrator does each year.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ita_portal import thai
from ita_portal.models import Membership, Organization
from ita_portal.seeds import load_seed
from ita_portal.workflow import Status

CODE_PREFIX = "scale-"
FRAMEWORK_FILES = ("seed_0000_framework_nacc_2563_2565.json", "seed_0000_framework_moe_2563.json")
TEXT_SOURCE = "seed_000_chiangmai6_q2_2563.json"
ACTIVITIES_PER_PROJECT = 20
LINES_PER_ACTIVITY = 6
RISKS_PER_PROJECT = 4
PRIMARY_OFFICES = 183  # สพป. (the other 62 of OBEC's 245 offices are สพม.)
ROLES = (Membership.Role.SUPERVISOR, Membership.Role.DIRECTOR, Membership.Role.VIEWER)

PROVINCES = (
    "กรุงเทพมหานคร กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท ชัยภูมิ ชุมพร "
    "เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช นครสวรรค์ นนทบุรี "
    "นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา พะเยา พังงา "
    "พัทลุง พิจิตร พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด "
    "ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง ลำพูน เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม "
    "สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี สุโขทัย สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง "
    "อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี"
).split()
FIRST_NAMES = ("นางสาวธนพร", "นายสมชาย", "นางวิไลวรรณ", "นายประเสริฐ", "นางสาวกนกวรรณ", "นายวีระ", "นางพรทิพย์", "นายสุรชัย")
LAST_NAMES = ("มาใหม่", "ใจดี", "ศรีสุข", "พรหมจันทร์", "บุญมา", "แก้วมณี", "ทองดี", "สุขสวัสดิ์")


class ScaleDataError(RuntimeError):
    """The data cannot be generated here (e.g. it is already present); the message says why."""


def generate(*, offices: int, years: int, seed: int = 0, password: str, out=None, chunk_offices: int = 10) -> Counter:
    """Generate the data described in the module docstring; return row counts per model.

    ``out`` (a callable taking one line) receives progress lines. Raises ``ScaleDataError``
    when generated offices already exist (use a fresh database).
    """
    out = out or (lambda line: None)
    if offices < 1 or years < 1:
        raise ScaleDataError("offices and years must be at least 1")
    if Organization.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise ScaleDataError(f"generated offices ({CODE_PREFIX}…) already exist; use a fresh database")
    started = time.perf_counter()
    counts: Counter = Counter()
    rng = random.Random(seed)
    texts = _Texts(json.loads((Path(settings.BASE_DIR) / "fixtures" / TEXT_SOURCE).read_text(encoding="utf-8")))
    current_fy = thai.fiscal_year(timezone.localdate())
    fiscal_years = list(range(current_fy - years + 1, current_fy + 1))

    frameworks = _frameworks_for(fiscal_years)
    items = {fy: list(fw.items.order_by("order")) for fy, fw in frameworks.items()}
    out(f"frameworks: " + ", ".join(f"{fy} → {fw.get_assessing_body_display()} {fw.fiscal_year} ({len(items[fy])} items)" for fy, fw in frameworks.items()))

    with transaction.atomic():
        organizations = _organizations(offices)
        counts["Organization"] += len(organizations)
        members = _members(organizations, make_password(password))  # hashed once: ~0.3 s, not 735 × 0.3 s
        counts["User"] += len(members) * len(ROLES)
        counts["Membership"] += len(members) * len(ROLES)
    out(f"[{time.perf_counter() - started:6.1f} s] {offices} offices, {counts['User']} users")

    generator = _Generator(rng, texts, fiscal_years, current_fy, frameworks, items, counts)
    for start in range(0, len(organizations), chunk_offices):
        chunk = organizations[start : start + chunk_offices]
        with transaction.atomic():
            generator.write(chunk, members)
        done = start + len(chunk)
        out(f"[{time.perf_counter() - started:6.1f} s] offices {done}/{offices}: {sum(counts.values()):,} rows")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _frameworks_for(fiscal_years: list[int]) -> dict:
    """One framework with disclosure items for each fiscal year: the seed frameworks, and a
    copy of the nearest earlier one for a year that has none."""
    from assessments.models import Framework

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    for name in FRAMEWORK_FILES:
        load_seed(fixtures / name)
    with_items = Framework.objects.annotate(n=Count("items")).filter(n__gt=0)
    chosen = {}
    for fy in fiscal_years:
        framework = with_items.filter(fiscal_year=fy).order_by("assessing_body").first()
        if framework is None:
            # The nearest earlier framework of a body that has none for this year yet.
            taken = set(Framework.objects.filter(fiscal_year=fy).values_list("assessing_body", flat=True))
            sources = [f for f in with_items.order_by("-fiscal_year", "assessing_body") if f.assessing_body not in taken]
            source = next((f for f in sources if f.fiscal_year < fy), sources[0] if sources else None)
            if source is None:
                raise ScaleDataError(f"no framework with OIT items for fiscal year {fy} and none can be copied")
            framework = source.copy_to(fy)
        chosen[fy] = framework
    return chosen


def _organizations(count: int) -> list[Organization]:
    rows = []
    for i in range(count):
        primary = i < PRIMARY_OFFICES
        kind, long_kind = ("spp", "ประถมศึกษา") if primary else ("spm", "มัธยมศึกษา")
        n = i if primary else i - PRIMARY_OFFICES
        province, area = PROVINCES[n % len(PROVINCES)], n // len(PROVINCES) + 1
        short_kind = "สพป." if primary else "สพม."
        rows.append(
            Organization(
                code=f"{CODE_PREFIX}{kind}-{n + 1:03d}",
                name=f"สำนักงานเขตพื้นที่การศึกษา{long_kind}{province} เขต {thai.to_thai_digits(area)}",
                short_name=f"{short_kind}{province} เขต {thai.to_thai_digits(area)}",
                parent_body="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
                ministry="กระทรวงศึกษาธิการ",
                address=f"ถนนราชดำเนิน อำเภอเมือง จังหวัด{province}",
                director_name=f"{FIRST_NAMES[i % 8]} {LAST_NAMES[(i // 8) % 8]}",
                default_digit_system=thai.THAI,
            )
        )
    return Organization.objects.bulk_create(rows, batch_size=500)


def _members(organizations: list[Organization], password_hash: str) -> dict:
    """{organization id: {role: user}}: ``<code>-supervisor``, ``-director``, ``-viewer``."""
    User = get_user_model()
    users = []
    for i, org in enumerate(organizations):
        for j, role in enumerate(ROLES):
            users.append(
                User(
                    username=f"{org.code}-{role}",
                    email=f"{org.code}-{role}@example.invalid",
                    first_name=FIRST_NAMES[(i + j) % 8],
                    last_name=LAST_NAMES[(i + 3 * j) % 8],
                    password=password_hash,
                )
            )
    users = User.objects.bulk_create(users, batch_size=1000)
    members, rows = {}, []
    for k, user in enumerate(users):
        org, role = organizations[k // len(ROLES)], ROLES[k % len(ROLES)]
        members.setdefault(org.pk, {})[role] = user
        position = "ศึกษานิเทศก์" if role == Membership.Role.SUPERVISOR else ""
        rows.append(Membership(user=user, organization=org, role=role, position=position))
    Membership.objects.bulk_create(rows, batch_size=1000)
    return members


class _Texts:
    """Real Thai texts of seed 000, handed out in rotation."""

    def __init__(self, data: dict):
        p = data["projects"][0]
        r = p["quarterly_reports"][0]
        self.project = p
        self.activities = [a["title"] for a in p["activities"]]
        self.lines = [b["item"] for b in p["budget_line_items"]]
        self.risks = p["risks"]
        self.indicators = p["success_indicators"]
        self.report = r
        self.results = ["\n".join(a["result"]) if isinstance(a["result"], list) else a["result"] for a in r["activity_results"]]
        self.pdca = {s["step"]: "\n".join(s["methods"]) for s in r["pdca_steps"]}

    @staticmethod
    def joined(value) -> str:
        return "\n".join(value) if isinstance(value, list) else (value or "")


class _Generator:
    def __init__(self, rng, texts, fiscal_years, current_fy, frameworks, items, counts):
        self.rng, self.t, self.fiscal_years, self.current_fy = rng, texts, fiscal_years, current_fy
        self.current_quarter = thai.fiscal_quarter(timezone.localdate())
        self.frameworks, self.items, self.counts = frameworks, items, counts

    def _bulk(self, model, rows: list, batch_size: int = 2000) -> list:
        created = model.objects.bulk_create(rows, batch_size=batch_size)
        self.counts[model.__name__] += len(created)
        return created

    def write(self, organizations: list[Organization], members: dict) -> None:
        from assessments.models import ChecklistEntry, Evidence, OITChecklist
        from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
        from plans.models import Activity, BudgetLineItem, Project, Risk, SuccessIndicator

        t, p = self.t, self.t.project
        pairs = [(org, fy) for org in organizations for fy in self.fiscal_years]
        projects = self._bulk(
            Project,
            [
                Project(
                    organization=org,
                    fiscal_year=fy,
                    name=p["name"],
                    activity_title=p["activity_title"],
                    responsible=f"{members[org.pk]['supervisor'].get_full_name()} ศึกษานิเทศก์",
                    policy_alignment=t.joined(p["policy_alignment"]),
                    component_number=p.get("component_number"),
                    component_title=p.get("component_title", ""),
                    objectives=t.joined(p["objectives"]),
                    quantitative_targets=t.joined(p["quantitative_targets"]),
                    qualitative_targets=t.joined(p["qualitative_targets"]),
                    expected_results=t.joined(p["expected_results"]),
                    budget_note=p.get("budget_note", ""),
                )
                for org, fy in pairs
            ],
        )
        activities = []
        for project in projects:
            start = thai.fiscal_year_start(project.fiscal_year)
            for n in range(1, ACTIVITIES_PER_PROJECT + 1):
                first = (n - 1) % 12
                activities.append(
                    Activity(
                        project=project,
                        number=n,
                        title=t.activities[(n - 1) % len(t.activities)],
                        budget=Decimal(self.rng.randrange(5, 60) * 1000),
                        start_month=_add_months(start, first),
                        end_month=_add_months(start, min(11, first + self.rng.randrange(0, 3))),
                    )
                )
        activities = self._bulk(Activity, activities)
        lines = []
        for project_index, project in enumerate(projects):
            number = 0
            for activity in activities[project_index * ACTIVITIES_PER_PROJECT : (project_index + 1) * ACTIVITIES_PER_PROJECT]:
                for k in range(LINES_PER_ACTIVITY):
                    number += 1
                    lines.append(
                        BudgetLineItem(
                            project=project,
                            activity=activity,
                            number=number,
                            item=t.lines[(number - 1) % len(t.lines)],
                            quantity=Decimal(self.rng.randrange(1, 80)),
                            unit_rate=Decimal(self.rng.choice((35, 50, 120, 300, 600))),
                        )
                    )
        self._bulk(BudgetLineItem, lines, batch_size=4000)
        risks, indicators = [], []
        for project in projects:
            for order in range(1, RISKS_PER_PROJECT + 1):
                r = t.risks[(order - 1) % len(t.risks)]
                risks.append(
                    Risk(project=project, category=r["category"], order=order,
                         opportunity_impact=t.joined(r["opportunity_impact"]), management_plan=t.joined(r["management_plan"]))
                )
            for s in t.indicators:
                indicators.append(
                    SuccessIndicator(project=project, order=s["order"], indicator=s["indicator"], achievement=t.joined(s.get("achievement")))
                )
        self._bulk(Risk, risks)
        self._bulk(SuccessIndicator, indicators)

        reports = []
        for project in projects:
            people = members[project.organization_id]
            for quarter in thai.QUARTERS:
                reports.append(self._report(QuarterlyReport, project, quarter, people))
        reports = self._bulk(QuarterlyReport, reports, batch_size=1000)
        steps, results = [], []
        for report in reports:
            months = thai.quarter_months(report.project.fiscal_year, report.quarter)
            done = report.status == Status.APPROVED
            for k, step in enumerate(PDCAStep.STEP_ORDER):
                steps.append(
                    PDCAStep(
                        report=report,
                        step=step,
                        month=months[min(k, 2)],
                        methods=t.pdca.get(step, ""),
                        status=PDCAStep.Status.DONE if done else self.rng.choice(PDCAStep.Status.values),
                        outcome=PDCAStep.Outcome.ACHIEVED if done else "",
                    )
                )
        by_project = {}
        for activity in activities:
            by_project.setdefault(activity.project_id, []).append(activity)
        for report in reports:
            for n, activity in enumerate(by_project[report.project_id]):
                results.append(ActivityResult(report=report, activity=activity, result=t.results[n % len(t.results)]))
        self._bulk(PDCAStep, steps, batch_size=4000)
        self._bulk(ActivityResult, results, batch_size=4000)

        checklists = self._bulk(
            OITChecklist,
            [
                OITChecklist(
                    organization=org,
                    framework=self.frameworks[fy],
                    digit_system=thai.THAI,
                    rationale="สำนักงานเขตพื้นที่การศึกษาเปิดเผยข้อมูลต่อสาธารณะตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
                    published_version=1,
                )
                for org, fy in pairs
            ],
        )
        entries = []
        year_of = {fw.pk: fy for fy, fw in self.frameworks.items()}
        for checklist in checklists:
            fy = year_of[checklist.framework_id]
            director = members[checklist.organization_id]["director"]
            for item in self.items[fy]:
                roll = self.rng.random()
                ready = roll < (0.95 if fy < self.current_fy else 0.6)
                status = ChecklistEntry.Status.READY if ready else (
                    ChecklistEntry.Status.IN_PROGRESS if roll < 0.85 else ChecklistEntry.Status.NOT_STARTED
                )
                entries.append(
                    ChecklistEntry(
                        checklist=checklist,
                        item=item,
                        responsible_group=self.rng.choice(("กลุ่มอำนวยการ", "กลุ่มนโยบายและแผน", "กลุ่มบริหารงานบุคคล", "หน่วยตรวจสอบภายใน")),
                        status=status,
                        score=100 if ready else None,
                        approved_at=_moment(fy, 3) if ready else None,
                        approved_by=director if ready else None,
                    )
                )
        entries = self._bulk(ChecklistEntry, entries, batch_size=4000)
        evidence = []
        for entry in entries:
            if entry.status == ChecklistEntry.Status.NOT_STARTED:
                continue
            code = entry.checklist.organization.code
            for k in range(1 + (self.rng.random() < 0.5)):
                evidence.append(
                    Evidence(
                        entry=entry,
                        title=f"{entry.item.title[:200]} (หลักฐานที่ {k + 1})",
                        url=f"https://{code}.example.go.th/oit/{entry.item.code.lower()}-{k + 1}",
                        approved_at=entry.approved_at,
                    )
                )
        self._bulk(Evidence, evidence, batch_size=4000)

    def _report(self, model, project, quarter: int, people: dict):
        fy, r = project.fiscal_year, self.t.report
        roll = self.rng.random()
        if fy < self.current_fy or quarter < self.current_quarter:
            status = Status.APPROVED if roll < 0.9 else (Status.SUBMITTED if roll < 0.95 else Status.RETURNED)
        elif quarter == self.current_quarter:
            status = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)[min(3, int(roll * 4))]
        else:
            status = Status.DRAFT
        supervisor, director = people["supervisor"], people["director"]
        report = model(
            project=project,
            quarter=quarter,
            status=status,
            digit_system=thai.THAI,
            reporter=supervisor,
            reporter_name=supervisor.get_full_name(),
            reporter_position="ศึกษานิเทศก์",
            problems=self.t.joined(r.get("problems")),
            solutions=self.t.joined(r.get("solutions")),
        )
        if status != Status.DRAFT:
            report.submitted_at, report.submitted_by = _moment(fy, quarter), supervisor
        if status in (Status.APPROVED, Status.RETURNED):
            report.reviewed_at, report.reviewed_by = _moment(fy, quarter, days=3), director
        if status == Status.RETURNED:
            report.review_comment = "กรุณาเพิ่มผลการดำเนินงานของกิจกรรมที่ ๓"
        if status == Status.APPROVED:
            report.approver_name = director.get_full_name()
            report.approver_position = project.organization.director_title
        return report


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def _moment(fy: int, quarter: int, days: int = 0) -> datetime.datetime:
    """An aware moment near the end of ``quarter`` of fiscal year ``fy`` (BE)."""
    last_month = thai.quarter_months(fy, quarter)[-1]
    return datetime.datetime.combine(last_month.replace(day=20), datetime.time(10), tzinfo=datetime.UTC) + datetime.timedelta(days=days)
