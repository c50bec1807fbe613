"""Excel: export of a plan and a progress table, import of a plan from the same layout;
a file with any bad row is refused whole with row-numbered messages."""

import io

import pytest
from openpyxl import load_workbook

from ita_portal.models import Membership, Organization
from ita_portal.seeds import load_seed
from plans import action_plan_excel as excel
from monitoring import progress_excel
from monitoring.progress import ProgressReport
from plans.action_plans import ActionPlan, PlanActivity
from tests.conftest import LOGIN, Cast, outcome
from tests.seed_support import SEED_001


@pytest.fixture
def seed_plan(db):
    return next(d for d in load_seed(SEED_001)["documents"] if isinstance(d, ActionPlan))


@pytest.fixture
def empty_org(db):
    return Organization.objects.create(code="empty-org", name="สำนักงานว่าง", short_name="สนง.ว่าง")


def cells(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content)).active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_the_round_trip_gives_the_same_cells(seed_plan, empty_org):
    first = excel.export_plan(seed_plan)
    imported = excel.import_plan(io.BytesIO(first), organization=empty_org)
    assert imported.organization == empty_org
    assert cells(excel.export_plan(imported)) == cells(first)
    assert imported.budget_total() == seed_plan.budget_total()
    assert [d.label for d in imported.discrepancies()] == [d.label for d in seed_plan.discrepancies()]


def test_the_export_has_thai_headers_number_formats_and_the_schedule(seed_plan):
    ws = load_workbook(io.BytesIO(excel.export_plan(seed_plan))).active
    assert tuple(c.value for c in ws[5]) == excel.PLAN_HEADERS
    assert ws["A6"].value == "1" and ws["F6"].value == 100000 and ws["F6"].number_format == "#,##0.00"
    assert ws["G6"].value == 100000
    months = {ws.cell(r, 1).value: ws.cell(r, 8).value for r in range(6, ws.max_row + 1)}
    assert months["1.2.1"] == "เม.ย."
    assert {ws.cell(r, 1).value: ws.cell(r, 10).value for r in range(6, ws.max_row + 1)}["5"] == "ไม่"


def test_the_progress_export_totals(seed_plan):
    report = ProgressReport.objects.get(plan=seed_plan)
    rows = cells(progress_excel.export_progress(report))
    assert rows[4] == progress_excel.PROGRESS_HEADERS
    assert rows[-1][1:3] == ("รวม", 200000)
    assert "ดำเนินการแล้ว 4 จาก 11 กิจกรรม (ร้อยละ 36.36)" in rows[-1][4]


def _with(content: bytes, edits: dict) -> io.BytesIO:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    for ref, value in edits.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def row_of(content: bytes, path: str) -> int:
    ws = load_workbook(io.BytesIO(content)).active
    return next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == path)


def test_a_file_with_bad_rows_is_refused_whole(seed_plan, empty_org):
    content = excel.export_plan(seed_plan)
    r_budget, r_month, r_child = row_of(content, "2"), row_of(content, "3"), row_of(content, "4")
    bad = _with(content, {f"F{r_budget}": "หนึ่งหมื่น", f"H{r_month}": "ต.ค., มกรา", f"A{r_child}": "9.1"})
    with pytest.raises(excel.ImportRefused) as exc:
        excel.import_plan(bad, organization=empty_org)
    errors = exc.value.errors
    assert f"แถวที่ {r_budget}: งบประมาณต้องเป็นตัวเลข (พบ “หนึ่งหมื่น”)" in errors
    assert any(e.startswith(f"แถวที่ {r_month}: ไม่รู้จักเดือน “มกรา”") for e in errors)
    assert any(e.startswith(f"แถวที่ {r_child}: ไม่พบกิจกรรมหลัก 9") for e in errors)
    assert not ActionPlan.objects.filter(organization=empty_org).exists()
    assert not PlanActivity.objects.filter(plan__organization=empty_org).exists()


def test_a_parent_budget_that_is_not_the_sum_is_refused(seed_plan, empty_org):
    content = excel.export_plan(seed_plan)
    r = row_of(content, "1.3")
    with pytest.raises(excel.ImportRefused) as exc:
        excel.import_plan(_with(content, {f"F{r}": 3000}), organization=empty_org)
    assert exc.value.errors == [f"แถวที่ {r}: งบประมาณ 3,000 บาท ไม่เท่ากับผลรวมของกิจกรรมย่อย 6,000 บาท (กรอกยอดตามต้นฉบับในช่องงบประมาณตามต้นฉบับ)"]


def test_a_duplicate_plan_is_refused_and_nothing_saved(seed_plan):
    content = excel.export_plan(seed_plan)
    count = PlanActivity.objects.count()
    with pytest.raises(excel.ImportRefused) as exc:
        excel.import_plan(io.BytesIO(content), organization=seed_plan.organization)
    assert exc.value.errors[0].startswith("แถวที่ 1–3:")
    assert PlanActivity.objects.count() == count


def test_a_file_that_is_not_excel_is_refused(empty_org):
    with pytest.raises(excel.ImportRefused) as exc:
        excel.import_plan(io.BytesIO(b"not a spreadsheet"), organization=empty_org)
    assert exc.value.errors == ["ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"]


# Through the pages --------------------------------------------------------------------

@pytest.fixture
def cast(seed_plan, empty_org):
    cast = Cast(seed_plan.organization)
    Membership.objects.create(user=cast.supervisor, organization=empty_org, role="supervisor")
    return cast


@pytest.mark.parametrize(
    ("who", "expected"),
    [("supervisor", 200), ("viewer", 200), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)],
)
def test_the_export_page_checks_access(seed_plan, cast, who, expected):
    response = cast.client_for(who).get(f"/plans/action-plans/{seed_plan.pk}/xlsx/")
    assert outcome(response) == expected
    if expected == 200:
        assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_import_page_saves_a_valid_file(client, seed_plan, cast, empty_org):
    client.force_login(cast.supervisor)
    upload = io.BytesIO(excel.export_plan(seed_plan))
    upload.name = "plan.xlsx"
    response = client.post("/plans/action-plans/import/", {"organization": empty_org.pk, "file": upload})
    assert response.status_code == 302
    assert ActionPlan.objects.filter(organization=empty_org).count() == 1


def test_the_import_page_lists_every_bad_row_and_keeps_the_choice(client, seed_plan, cast, empty_org):
    client.force_login(cast.supervisor)
    content = excel.export_plan(seed_plan)
    upload = _with(content, {"F7": "abc", "H8": "xyz"})
    upload.name = "plan.xlsx"
    response = client.post("/plans/action-plans/import/", {"organization": empty_org.pk, "file": upload})
    assert response.status_code == 200
    assert "ไม่ได้นำเข้าไฟล์นี้" in response.text and "แถวที่ 7:" in response.text and "แถวที่ 8:" in response.text
    assert f'<option value="{empty_org.pk}" selected>' in response.text
    assert not ActionPlan.objects.filter(organization=empty_org).exists()


def test_the_import_page_refuses_an_organization_the_user_cannot_edit(client, seed_plan, cast):
    client.force_login(cast.viewer)
    upload = io.BytesIO(excel.export_plan(seed_plan))
    upload.name = "plan.xlsx"
    response = client.post("/plans/action-plans/import/", {"organization": seed_plan.organization.pk, "file": upload})
    assert response.status_code == 200
    assert "กรุณาเลือก" in response.text or "Select a valid choice" in response.text or "ตัวเลือก" in response.text


def _declaring_rows(content: bytes, rows: int) -> io.BytesIO:
    """``content`` (an .xlsx) whose sheets declare ``rows`` rows in their ``<dimension>``."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="([A-Z]+\d+):([A-Z]+)\d+"', rb'<dimension ref="\1:\g<2>' + str(rows).encode() + b'"', data)
            dst.writestr(entry, data)
    out.seek(0)
    return out


def test_an_import_over_the_row_limit_is_refused_before_parsing(client, seed_plan, cast, empty_org, monkeypatch):
    import time

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    client.force_login(cast.supervisor)
    upload = _declaring_rows(excel.export_plan(seed_plan), 700_000)
    upload.name = "plan.xlsx"
    monkeypatch.setattr(excel, "load_workbook", never)
    started = time.perf_counter()
    response = client.post("/plans/action-plans/import/", {"organization": empty_org.pk, "file": upload})
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 200
    assert "ไฟล์มีข้อมูลเกิน 2,000 แถว" in response.text
    assert not ActionPlan.objects.filter(organization=empty_org).exists()


def test_a_score_table_over_the_row_limit_is_refused_before_parsing():
    from assessments.score_io import ImportRefused, read_table

    with pytest.raises(ImportRefused, match="เกิน 2,000 แถว"):
        read_table(("organization,score\n" + "x,1\n" * 60_000).encode(), "scores.csv")
    with pytest.raises(ImportRefused, match="ขนาดเกิน 5 MB"):
        read_table(b"a" * (6 * 1024 * 1024), "scores.csv")
