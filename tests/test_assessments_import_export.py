"""Import of ITA scores (CSV / .xlsx, all or nothing) and export of results and OIT URLs."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from assessments.models import ITAResult
from assessments.score_io import ImportRefused, import_scores, read_table
from ita_portal.models import Organization
from tests.assessments_fixtures import _framework_ids, frameworks, seed_002, seed_004  # noqa: F401

HEADER = "organization,fiscal_year,1,2,3,4,5,6,7,8,9,9.1,9.2,9.3,9.4,9.5,10,10.1,10.2"
TAK2 = "spp-tak-2,2566,98.10,93.51,90.85,91.39,90.23,94.41,94.29,92.41,95.00,100,100,100,100,75,100,100,100"


@pytest.fixture
def other_org(db):
    return Organization.objects.create(code="spp-other-1", name="สำนักงานอื่น", short_name="อื่น")


def test_a_csv_file_is_imported_and_gives_the_seed_002_figures(tmp_path, seed_002, other_org):
    ITAResult.objects.all().delete()
    path = tmp_path / "scores.csv"
    path.write_text(HEADER + "\n" + TAK2 + "\n" + TAK2.replace("spp-tak-2", "spp-other-1") + "\n", encoding="utf-8-sig")
    call_command("import_ita_scores", str(path), stdout=io.StringIO())
    result = ITAResult.objects.get(organization__code="spp-tak-2")
    assert f"{result.scorecard().total:.4f}" == "94.9558" and result.scorecard().rating.label == "A"
    assert ITAResult.objects.count() == 2


def test_bad_rows_are_reported_by_row_number_and_nothing_is_saved(seed_002, other_org):
    before = list(seed_002.indicator_scores.values_list("score", flat=True))
    rows = read_table(
        (HEADER + "\n" + TAK2.replace("98.10", "97.00") + "\n" + "nobody,2566,1\n" + "spp-other-1,2566,101\n"
         + "spp-other-1,2566,95.555\n" + "spp-other-1,25x6,1\n" + "spp-other-1,2599,1\n").encode(), "s.csv"
    )
    with pytest.raises(ImportRefused) as exc:
        import_scores(rows)
    errors = exc.value.errors
    assert errors[0].startswith("แถวที่ 3: ไม่พบหน่วยงานรหัส “nobody”")
    assert errors[1].startswith("แถวที่ 4 คอลัมน์ 1: “101”")
    assert errors[2].startswith("แถวที่ 5 คอลัมน์ 1: “95.555”")
    assert errors[3].startswith("แถวที่ 6: ปีงบประมาณ")
    assert errors[4].startswith("แถวที่ 7: ไม่พบกรอบการประเมินปีงบประมาณ 2599")
    # Row 2 was valid, but nothing is saved while any row is bad.
    assert list(seed_002.indicator_scores.values_list("score", flat=True)) == before
    assert Decimal("97.00") not in before


def test_an_unknown_column_is_refused(seed_002):
    with pytest.raises(ImportRefused) as exc:
        import_scores([{"organization": "spp-tak-2", "fiscal_year": "2566", "11": "50"}])
    assert "ไม่มีตัวชี้วัด “11”" in exc.value.errors[0]


def test_the_command_refuses_with_the_errors(tmp_path, seed_002):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\nspp-tak-2,2566,abc\n", encoding="utf-8")
    with pytest.raises(CommandError, match="แถวที่ 2 คอลัมน์ 1"):
        call_command("import_ita_scores", str(path))


def test_an_xlsx_file_is_read(seed_002):
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append([v if i < 1 else (int(v) if i == 1 else float(v)) for i, v in enumerate(TAK2.split(","))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (result,) = import_scores(read_table(buffer.getvalue(), "scores.xlsx"))
    assert f"{result.scorecard().total:.2f}" == "94.96"


def test_export_results_as_csv_and_xlsx(tmp_path, seed_002):
    out = tmp_path / "r.csv"
    call_command("export_ita_results", "--fiscal-year", "2566", "--out", str(out), stdout=io.StringIO())
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].split(",")[3:] == ["92.82", "93.70", "97.50", "27.84", "28.11", "39.00", "94.96", "A", "ผ่าน"]
    xlsx = tmp_path / "r.xlsx"
    call_command("export_ita_results", "--fiscal-year", "2566", "--out", str(xlsx), stdout=io.StringIO())
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[1][9:11] == ("94.96", "A")


def test_export_oit_urls_in_framework_order(admin_client, seed_004):
    from django.urls import reverse

    response = admin_client.get(reverse("assessments:checklist_urls", args=[seed_004.pk, "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "01,โครงสร้าง,http://testserver/oit/moe-chiangmai/2563/01/"
    assert len(lines) == 40
    response = admin_client.get(reverse("assessments:checklist_urls", args=[seed_004.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[39][0] == "39"
