"""Excel (.xlsx) export of an action plan and of a progress table, and import of a plan
from the same layout (openpyxl).

Plan sheet layout ("แผนปฏิบัติการ")::

    row 1  แผนงาน      | <programme>
    row 2  โครงการ      | <project name>
    row 3  ปีงบประมาณ   | <fiscal year, BE>
    row 5  headers: ลำดับ | กิจกรรม | ตัวชี้วัด | หน่วยนับ | จำนวน | งบประมาณ (บาท) |
           งบประมาณตามต้นฉบับ (บาท) | เดือนที่ดำเนินการ | ผู้รับผิดชอบ | แสดงในแผน
    row 6… one activity a row, in tree order

``ลำดับ`` is the activity's path of positions ("1", "1.1", "1.1.2"): the parent of "1.1.2"
is "1.1". Budgets are baht; a parent's budget is the computed sum of its children (on
import it may be left blank, and must equal that sum when given). Months are Thai
abbreviations or numbers separated by commas ("ต.ค., ม.ค." or "10, 1").

``import_plan`` saves nothing unless the whole file is valid; it raises ``ImportRefused``
whose ``errors`` list every bad row ("แถวที่ 7: …").
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from ita_portal import access, thai
from ita_portal.models import Organization
from plans.action_plans import ActionPlan, PlanActivity, ProgressReport, normalise_schedule

PLAN_SHEET = "แผนปฏิบัติการ"
PROGRESS_SHEET = "รายงานผล"
HEADER_ROW = 5
PLAN_HEADERS = (
    "ลำดับ", "กิจกรรม", "ตัวชี้วัด", "หน่วยนับ", "จำนวน", "งบประมาณ (บาท)",
    "งบประมาณตามต้นฉบับ (บาท)", "เดือนที่ดำเนินการ", "ผู้รับผิดชอบ", "แสดงในแผน",
)
PROGRESS_HEADERS = ("ลำดับ", "กิจกรรม", "งบประมาณ (บาท)", "ใช้จ่ายจริง (บาท)", "ผลการดำเนินงาน", "อุปสรรค/ข้อเสนอแนะ", "หมายเหตุ", "สถานะ")
MONEY_FORMAT = "#,##0.00"
AMOUNT_FORMAT = "#,##0.##"
YES, NO = "ใช่", "ไม่"
MONTH_BY_NAME = {thai.month_name(m, abbr=True): m for m in range(1, 13)} | {thai.month_name(m): m for m in range(1, 13)}


class ImportRefused(Exception):
    """The file was not imported; ``errors`` is a list of Thai messages, each naming its row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _path(a: PlanActivity, parents: dict) -> str:
    parts, node = [], a
    while node is not None:
        parts.append(str(node.position))
        node = parents.get(node.parent_id)
    return ".".join(reversed(parts))


def _months_text(months) -> str:
    return ", ".join(thai.month_name(m, abbr=True) for m in normalise_schedule(months or []))


def _bold(ws, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_plan(plan: ActionPlan) -> bytes:
    """The plan's header fields and activity table as .xlsx bytes (layout in the module doc)."""
    wb = Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    ws.append(["แผนงาน", plan.programme])
    ws.append(["โครงการ", plan.project_name])
    ws.append(["ปีงบประมาณ", plan.fiscal_year])
    ws.append([])
    ws.append(list(PLAN_HEADERS))
    _bold(ws, HEADER_ROW)
    tree = plan.activity_tree()
    by_pk = {a.pk: a for a in tree}
    for a in tree:
        ws.append([
            _path(a, by_pk), a.title, a.indicator, a.unit,
            a.target_amount, a.budget_total, a.stated_budget,
            _months_text(a.schedule_months), a.responsible, YES if a.listed_in_plan else NO,
        ])
        row = ws.max_row
        ws.cell(row, 5).number_format = AMOUNT_FORMAT
        ws.cell(row, 6).number_format = MONEY_FORMAT
        ws.cell(row, 7).number_format = MONEY_FORMAT
    for column, width in zip("ABCDEFGHIJ", (8, 60, 45, 10, 10, 16, 16, 24, 30, 10)):
        ws.column_dimensions[column].width = width
    return _save(wb)


def export_progress(report: ProgressReport) -> bytes:
    """The progress table of a report (every activity; budgets computed) with a total row."""
    wb = Workbook()
    ws = wb.active
    ws.title = PROGRESS_SHEET
    ws.append([f"รายงานการกำกับติดตาม{report.get_period_display()} {report.plan.project_name}"])
    ws.append(["ปีงบประมาณ", report.plan.fiscal_year])
    ws.append(["ช่วงเวลา", thai.format_month_range(report.start_date(), report.end_date(), thai.ARABIC)])
    ws.append([])
    ws.append(list(PROGRESS_HEADERS))
    _bold(ws, HEADER_ROW)
    rows = report.rows()
    by_pk = {a.pk: a for a in rows}
    for a in rows:
        line = a.line
        ws.append([
            _path(a, by_pk), line.title if line else a.title, a.budget_total,
            line.spent if line else None, line.result if line else "", line.obstacles if line else "",
            line.remarks if line else "", line.get_status_display() if line else "",
        ])
        ws.cell(ws.max_row, 3).number_format = MONEY_FORMAT
        ws.cell(ws.max_row, 4).number_format = MONEY_FORMAT
    summary = report.summary(rows)
    ws.append(["", "รวม", summary.planned, summary.spent, f"ดำเนินการแล้ว {summary.done} จาก {summary.activities} กิจกรรม (ร้อยละ {summary.done_percent})"])
    ws.cell(ws.max_row, 3).number_format = MONEY_FORMAT
    ws.cell(ws.max_row, 4).number_format = MONEY_FORMAT
    _bold(ws, ws.max_row)
    for column, width in zip("ABCDEFGH", (8, 60, 16, 16, 45, 45, 20, 18)):
        ws.column_dimensions[column].width = width
    return _save(wb)


# Import ----------------------------------------------------------------------------------

def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _decimal(value, label: str, errors: list, row: int) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors.append(f"แถวที่ {row}: {label}ต้องเป็นตัวเลข (พบ “{_text(value)}”)")
        return None
    if number < 0:
        errors.append(f"แถวที่ {row}: {label}ต้องไม่ติดลบ")
        return None
    return number


def _months(value, errors: list, row: int) -> list[int]:
    months = []
    for part in _text(value).replace("،", ",").split(","):
        part = part.strip()
        if not part:
            continue
        month = MONTH_BY_NAME.get(part)
        if month is None and part.isdigit() and 1 <= int(part) <= 12:
            month = int(part)
        if month is None:
            errors.append(f"แถวที่ {row}: ไม่รู้จักเดือน “{part}” (ใช้ชื่อย่อ เช่น ต.ค. ม.ค. หรือเลข 1–12)")
        elif month in months:
            errors.append(f"แถวที่ {row}: เดือน “{part}” ซ้ำ")
        else:
            months.append(month)
    return months


def _parse_path(value) -> tuple[int, ...] | None:
    text = _text(value).rstrip(".")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    try:
        parts = tuple(int(p) for p in text.split("."))
    except ValueError:
        return None
    return parts if parts and all(p >= 1 for p in parts) else None


def import_plan(file, *, organization: Organization) -> ActionPlan:
    """Create an action plan of ``organization`` from an .xlsx in the export layout.

    Returns the saved plan. Raises ``ImportRefused`` (nothing saved) listing every bad row:
    unreadable file, missing header fields, bad path, child without parent, duplicate path,
    text in a number cell, unknown month, parent budget not equal to its children's sum, or
    any model validation error.
    """
    try:
        wb = load_workbook(file, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not .xlsx
        raise ImportRefused(["ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"]) from None
    ws = wb[PLAN_SHEET] if PLAN_SHEET in wb.sheetnames else wb.active
    errors: list[str] = []
    programme, project_name, fiscal_year = (_text(ws.cell(r, 2).value) for r in (1, 2, 3))
    if not project_name:
        errors.append("แถวที่ 2: ไม่มีชื่อโครงการ")
    if not fiscal_year.isdigit():
        errors.append(f"แถวที่ 3: ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2564 (พบ “{fiscal_year}”)")
    headers = tuple(_text(c.value) for c in ws[HEADER_ROW][: len(PLAN_HEADERS)])
    if headers != PLAN_HEADERS:
        raise ImportRefused(errors + [f"แถวที่ {HEADER_ROW}: หัวตารางไม่ตรงกับแบบที่ระบบส่งออก ({', '.join(PLAN_HEADERS)})"])

    parsed: dict[tuple[int, ...], dict] = {}
    for row_number, cells in enumerate(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True), HEADER_ROW + 1):
        cells = list(cells) + [None] * (len(PLAN_HEADERS) - len(cells))
        if all(_text(c) == "" for c in cells[: len(PLAN_HEADERS)]):
            continue
        path = _parse_path(cells[0])
        if path is None:
            errors.append(f"แถวที่ {row_number}: ลำดับ “{_text(cells[0])}” ไม่ถูกต้อง (ใช้รูปแบบ 1, 1.1, 1.1.1)")
            continue
        if len(path) > 3:
            errors.append(f"แถวที่ {row_number}: กิจกรรมซ้อนกันได้ไม่เกิน 3 ระดับ")
            continue
        if path in parsed:
            errors.append(f"แถวที่ {row_number}: ลำดับ {'.'.join(map(str, path))} ซ้ำกับแถวที่ {parsed[path]['row']}")
            continue
        if len(path) > 1 and path[:-1] not in parsed:
            errors.append(f"แถวที่ {row_number}: ไม่พบกิจกรรมหลัก {'.'.join(map(str, path[:-1]))} ของกิจกรรม {'.'.join(map(str, path))} (กิจกรรมหลักต้องอยู่ก่อน)")
            continue
        if not _text(cells[1]):
            errors.append(f"แถวที่ {row_number}: ไม่มีชื่อกิจกรรม")
        listed = _text(cells[9]) or YES
        if listed not in (YES, NO):
            errors.append(f"แถวที่ {row_number}: ช่องแสดงในแผนต้องเป็น “{YES}” หรือ “{NO}”")
        parsed[path] = {
            "row": row_number,
            "title": _text(cells[1]),
            "indicator": _text(cells[2]),
            "unit": _text(cells[3]),
            "target_amount": _decimal(cells[4], "จำนวน", errors, row_number),
            "budget": _decimal(cells[5], "งบประมาณ", errors, row_number),
            "stated_budget": _decimal(cells[6], "งบประมาณตามต้นฉบับ", errors, row_number),
            "months": _months(cells[7], errors, row_number),
            "responsible": _text(cells[8]),
            "listed": listed != NO,
        }
    if not parsed and not errors:
        errors.append(f"ไม่มีกิจกรรมตั้งแต่แถวที่ {HEADER_ROW + 1}")
    # Parents: their budget is computed; a given figure must equal the children's sum.
    totals: dict[tuple[int, ...], Decimal] = {}
    for path in sorted(parsed, key=len, reverse=True):
        children = [p for p in parsed if len(p) == len(path) + 1 and p[:-1] == path]
        if children:
            totals[path] = sum((totals[c] for c in children), Decimal("0"))
            given = parsed[path]["budget"]
            if given is not None and given != totals[path]:
                errors.append(f"แถวที่ {parsed[path]['row']}: งบประมาณ {given:,} บาท ไม่เท่ากับผลรวมของกิจกรรมย่อย {totals[path]:,} บาท (กรอกยอดตามต้นฉบับในช่องงบประมาณตามต้นฉบับ)")
            parsed[path]["budget"] = None
        else:
            totals[path] = parsed[path]["budget"] or Decimal("0")
    if errors:
        raise ImportRefused(errors)
    return _save_plan(organization, programme, project_name, int(fiscal_year), parsed)


@transaction.atomic
def _save_plan(organization, programme, project_name, fiscal_year, parsed) -> ActionPlan:
    errors = []
    plan = ActionPlan(
        organization=organization, fiscal_year=fiscal_year, programme=programme, project_name=project_name,
        digit_system=organization.default_digit_system,
    )
    try:
        plan.full_clean()
    except ValidationError as exc:
        raise ImportRefused([f"แถวที่ 1–3: {m}" for m in exc.messages]) from None
    plan.save()
    saved: dict[tuple[int, ...], PlanActivity] = {}
    for path in sorted(parsed, key=lambda p: (len(p), p)):
        row = parsed[path]
        activity = PlanActivity(
            plan=plan, parent=saved.get(path[:-1]), position=path[-1], title=row["title"], indicator=row["indicator"],
            unit=row["unit"], target_amount=row["target_amount"], budget=row["budget"], stated_budget=row["stated_budget"],
            schedule_months=row["months"], responsible=row["responsible"], listed_in_plan=row["listed"],
        )
        try:
            activity.full_clean()
        except ValidationError as exc:
            errors.extend(f"แถวที่ {row['row']}: {m}" for m in exc.messages)
            continue
        activity.save()
        saved[path] = activity
    if errors:
        transaction.set_rollback(True)
        raise ImportRefused(sorted(errors, key=lambda e: int(e.split()[1].rstrip(":")) if e.split()[1].rstrip(":").isdigit() else 0))
    return plan


class PlanImportForm(forms.Form):
    """Choose the organization (one the user may edit) and the .xlsx file."""

    organization = forms.ModelChoiceField(label="หน่วยงาน", queryset=Organization.objects.none(), error_messages={"required": "กรุณาเลือกหน่วยงาน"})
    file = forms.FileField(label="ไฟล์ Excel (.xlsx)", error_messages={"required": "กรุณาเลือกไฟล์"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.organizations_for(user, access.EDIT)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("ใช้ได้เฉพาะไฟล์ .xlsx")
        return f
