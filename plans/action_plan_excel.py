"""Excel (.xlsx) export of an action plan, and import of a plan from the same layout
(openpyxl). A progress report's table is exported by ``monitoring.progress_excel`` with the
helpers here (``activity_path``, ``bold_row``, ``workbook_bytes``).

Plan sheet layout ("แผนปฏิบัติการ")::

    row 1  แผนงาน      | <programme>
    row 2  โครงการ      | <project name>
    row 3  ปีงบประมาณ   | <fiscal year, BE>
    row 5  headers: ลำดับ | กิจกรรม | ตัวชี้วัด | หน่วยนับ | จำนวน | งบประมาณ (บาท) |
           งบประมาณตามต้นฉบับ (บาท) | เดือนที่ดำเนินการ | ผู้รับผิดชอบ | แสดงในแผน
    row 6… one activity a row, in tree order

``ลำดับ`` is the activity's path of positions ("1", "1.1", "1.1.2"): the parent of "1.1.2"
is "1.1". Budgets are baht; a parent's budget is the computed sum of its children (on
import it may be left blank, and must equal that sum when given). Numbers, the three-level
limit and the sums are those of ``plans.activity_tree``. Months are Thai abbreviations or
numbers separated by commas ("ต.ค., ม.ค." or "10, 1").

``import_plan`` saves nothing unless the whole file is valid; it raises ``ImportRefused``
whose ``errors`` list every bad row ("แถวที่ 7: …").
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import HttpResponse
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from ita_portal import access, thai
from ita_portal.models import Organization
from ita_portal.uploads import IMPORT_MAX_BYTES, table_limits_or_error
from plans.action_plans import ActionPlan, PlanActivity, normalise_schedule
from plans.activity_tree import ActivityTree, Node, NumberedRow

PLAN_SHEET = "แผนปฏิบัติการ"
HEADER_ROW = 5
PLAN_HEADERS = (
    "ลำดับ", "กิจกรรม", "ตัวชี้วัด", "หน่วยนับ", "จำนวน", "งบประมาณ (บาท)",
    "งบประมาณตามต้นฉบับ (บาท)", "เดือนที่ดำเนินการ", "ผู้รับผิดชอบ", "แสดงในแผน",
)
MONEY_FORMAT = "#,##0.00"
AMOUNT_FORMAT = "#,##0.##"
YES, NO = "ใช่", "ไม่"
MONTH_BY_NAME = {thai.month_name(m, abbr=True): m for m in range(1, 13)} | {thai.month_name(m): m for m in range(1, 13)}


class ImportRefused(Exception):
    """The file was not imported; ``errors`` is a list of Thai messages, each naming its row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def activity_path(a: PlanActivity, _parents: dict | None = None) -> str:
    """The number column ``ลำดับ`` holds ("1.1.2") for a row of ``ActionPlan.activity_tree()``;
    ``_parents`` is no longer needed."""
    return a.dotted_number


def _months_text(months) -> str:
    return ", ".join(thai.month_name(m, abbr=True) for m in normalise_schedule(months or []))


def bold_row(ws, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    """A download of .xlsx ``content`` named ``<stem>.xlsx``."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


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
    bold_row(ws, HEADER_ROW)
    for a in plan.activity_tree():
        ws.append([
            a.dotted_number, a.title, a.indicator, a.unit,
            a.target_amount, a.budget_total, a.stated_budget,
            _months_text(a.schedule_months), a.responsible, YES if a.listed_in_plan else NO,
        ])
        row = ws.max_row
        ws.cell(row, 5).number_format = AMOUNT_FORMAT
        ws.cell(row, 6).number_format = MONEY_FORMAT
        ws.cell(row, 7).number_format = MONEY_FORMAT
    for column, width in zip("ABCDEFGHIJ", (8, 60, 45, 10, 10, 16, 16, 24, 30, 10)):
        ws.column_dimensions[column].width = width
    return workbook_bytes(wb)


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


def _by_row(errors: list[str]) -> list[str]:
    """``errors`` in the order of the rows they name ("แถวที่ 7: …"); others first."""
    def row(error: str) -> int:
        words = error.split()
        word = words[1].rstrip(":") if len(words) > 1 else ""
        return int(word) if word.isdigit() else 0
    return sorted(errors, key=row)


def import_plan(file, *, organization: Organization) -> ActionPlan:
    """Create an action plan of ``organization`` from an .xlsx in the export layout.

    Returns the saved plan. Raises ``ImportRefused`` (nothing saved) listing every bad row:
    unreadable file, missing header fields, bad path, child without parent, duplicate path,
    text in a number cell, unknown month, parent budget not equal to its children's sum, or
    any model validation error.
    """
    file.seek(0)
    content = file.read(IMPORT_MAX_BYTES + 1)
    file.seek(0)
    if error := table_limits_or_error(content, "plan.xlsx"):  # before parsing anything
        raise ImportRefused([error])
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

    items: list[dict] = []
    numbered: list[NumberedRow] = []
    for row_number, cells in enumerate(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True), HEADER_ROW + 1):
        cells = list(cells) + [None] * (len(PLAN_HEADERS) - len(cells))
        if all(_text(c) == "" for c in cells[: len(PLAN_HEADERS)]):
            continue
        if not _text(cells[1]):
            errors.append(f"แถวที่ {row_number}: ไม่มีชื่อกิจกรรม")
        listed = _text(cells[9]) or YES
        if listed not in (YES, NO):
            errors.append(f"แถวที่ {row_number}: ช่องแสดงในแผนต้องเป็น “{YES}” หรือ “{NO}”")
        items.append({
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
        })
        numbered.append(NumberedRow(cells[0], items[-1]["budget"], f"แถวที่ {row_number}"))
    if not items and not errors:
        errors.append(f"ไม่มีกิจกรรมตั้งแต่แถวที่ {HEADER_ROW + 1}")
    # A parent's figure is the exported sum of its children: accepted when it still is.
    tree = ActivityTree.from_numbers(numbered, allow_parent_sum=True)
    errors += [problem.text for problem in tree.problems]
    if errors:
        raise ImportRefused(_by_row(errors))
    return _save_plan(organization, programme, project_name, int(fiscal_year), [(node, items[node.id]) for node in tree.nodes])


@transaction.atomic
def _save_plan(organization, programme, project_name, fiscal_year, rows: list[tuple[Node, dict]]) -> ActionPlan:
    """Save the plan and its activities (``rows``: tree nodes, parents first, with their
    cells); a parent's figure is not stored, its budget is computed."""
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
    saved: dict[int, PlanActivity] = {}
    for node, row in rows:
        activity = PlanActivity(
            plan=plan, parent=saved.get(node.parent.id) if node.parent else None, position=node.path[-1],
            title=row["title"], indicator=row["indicator"], unit=row["unit"], target_amount=row["target_amount"],
            budget=None if node.children else row["budget"], stated_budget=row["stated_budget"],
            schedule_months=row["months"], responsible=row["responsible"], listed_in_plan=row["listed"],
        )
        try:
            activity.full_clean()
        except ValidationError as exc:
            errors.extend(f"แถวที่ {row['row']}: {m}" for m in exc.messages)
            continue
        activity.save()
        saved[node.id] = activity
    if errors:
        transaction.set_rollback(True)
        raise ImportRefused(_by_row(errors))
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
