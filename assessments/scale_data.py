"""The assessments' part of the generated national-scale data (``ita_portal.scale_data``):
for every office and fiscal year an OIT checklist of that year's framework, its entries
and evidence.

The frameworks come from ``fixtures/seed_0000_framework_*.json`` (loaded with
``load_seed``); a fiscal year without a framework gets a copy of the nearest earlier one
(``Framework.copy_to``), as an administrator does each year.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Count

from assessments.models import ChecklistEntry, Evidence, Framework, OITChecklist
from ita_portal import thai
from ita_portal.fields import ProgressStatus
from ita_portal.scale_data import ScaleDataError, moment
from ita_portal.seeds import load_seed

FRAMEWORK_FILES = ("seed_0000_framework_nacc_2563_2565.json", "seed_0000_framework_moe_2563.json")
GROUPS = ("กลุ่มอำนวยการ", "กลุ่มนโยบายและแผน", "กลุ่มบริหารงานบุคคล", "หน่วยตรวจสอบภายใน")


def prepare(run) -> None:
    """Choose the framework of every fiscal year and report the choice."""
    frameworks = _frameworks_for(run.fiscal_years)
    items = {fy: list(fw.items.order_by("order")) for fy, fw in frameworks.items()}
    run.state["assessments"] = (frameworks, items)
    run.out("frameworks: " + ", ".join(
        f"{fy} → {fw.get_assessing_body_display()} {fw.fiscal_year} ({len(items[fy])} items)" for fy, fw in frameworks.items()
    ))


def write(run, organizations: list, members: dict) -> None:
    frameworks, items = run.state["assessments"]
    checklists = run.bulk(
        OITChecklist,
        [
            OITChecklist(
                organization=org,
                framework=frameworks[fy],
                digit_system=thai.THAI,
                rationale="สำนักงานเขตพื้นที่การศึกษาเปิดเผยข้อมูลต่อสาธารณะตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
                published_version=1,
            )
            for org in organizations
            for fy in run.fiscal_years
        ],
    )
    entries = []
    year_of = {fw.pk: fy for fy, fw in frameworks.items()}
    for checklist in checklists:
        fy = year_of[checklist.framework_id]
        director = members[checklist.organization_id]["director"]
        for item in items[fy]:
            roll = run.rng.random()
            ready = roll < (0.95 if fy < run.current_fy else 0.6)
            status = ProgressStatus.DONE if ready else (
                ProgressStatus.IN_PROGRESS if roll < 0.85 else ProgressStatus.NOT_STARTED
            )
            entries.append(
                ChecklistEntry(
                    checklist=checklist,
                    item=item,
                    responsible_group=run.rng.choice(GROUPS),
                    status=status,
                    score=100 if ready else None,
                    approved_at=moment(fy, 3) if ready else None,
                    approved_by=director if ready else None,
                )
            )
    entries = run.bulk(ChecklistEntry, entries, batch_size=4000)
    evidence = []
    for entry in entries:
        if entry.status == ProgressStatus.NOT_STARTED:
            continue
        code = entry.checklist.organization.code
        for k in range(1 + (run.rng.random() < 0.5)):
            evidence.append(
                Evidence(
                    entry=entry,
                    title=f"{entry.item.title[:200]} (หลักฐานที่ {k + 1})",
                    url=f"https://{code}.example.go.th/oit/{entry.item.code.lower()}-{k + 1}",
                    approved_at=entry.approved_at,
                )
            )
    run.bulk(Evidence, evidence, batch_size=4000)


def _frameworks_for(fiscal_years: list[int]) -> dict:
    """One framework with disclosure items for each fiscal year: the seed frameworks, and a
    copy of the nearest earlier one for a year that has none."""
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
