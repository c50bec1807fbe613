"""Excel (.xlsx) export of a progress report's table (openpyxl), beside the plan's own export
in ``plans.action_plan_excel``.

Sheet "รายงานผล": title, fiscal year (BE) and period in rows 1–3, headers in row 5, then one
activity a row in tree order (``ลำดับ`` is its path of positions, "1.1.2"), then the total
row. Budgets and spending are baht. ``สถานะ`` is the status the report gives the activity and
``ที่มาของสถานะ`` where it came from: the quarterly report it was computed from, or typed.
"""

from __future__ import annotations

from openpyxl import Workbook

from ita_portal import thai
from monitoring.progress import ProgressReport
from plans.action_plan_excel import HEADER_ROW, MONEY_FORMAT, activity_path, bold_row, workbook_bytes

PROGRESS_SHEET = "รายงานผล"
PROGRESS_HEADERS = (
    "ลำดับ", "กิจกรรม", "งบประมาณ (บาท)", "ใช้จ่ายจริง (บาท)", "ผลการดำเนินงาน", "อุปสรรค/ข้อเสนอแนะ", "หมายเหตุ",
    "สถานะ", "ที่มาของสถานะ",
)
TYPED = "กรอกในรายงาน"


def export_progress(report: ProgressReport) -> bytes:
    """The progress table of a report (every activity; budgets and done share computed) with
    a total row, as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = PROGRESS_SHEET
    ws.append([f"รายงานการกำกับติดตาม{report.get_period_display()} {report.plan.project_name}"])
    ws.append(["ปีงบประมาณ", report.plan.fiscal_year])
    ws.append(["ช่วงเวลา", thai.format_month_range(report.start_date(), report.end_date(), thai.ARABIC)])
    ws.append([])
    ws.append(list(PROGRESS_HEADERS))
    bold_row(ws, HEADER_ROW)
    rows = report.rows()
    by_pk = {a.pk: a for a in rows}
    for a in rows:
        line, progress = a.line, a.progress
        source = progress.quarterly.source_label() if progress.computed else (TYPED if progress.status else "")
        ws.append([
            activity_path(a, by_pk), line.title if line else a.title, a.budget_total,
            line.spent if line else None, line.result if line else "", line.obstacles if line else "",
            line.remarks if line else "", progress.label, source,
        ])
        ws.cell(ws.max_row, 3).number_format = MONEY_FORMAT
        ws.cell(ws.max_row, 4).number_format = MONEY_FORMAT
    summary = report.summary(rows)
    ws.append(["", "รวม", summary.planned, summary.spent, f"ดำเนินการแล้ว {summary.done} จาก {summary.activities} กิจกรรม (ร้อยละ {summary.done_percent})"])
    ws.cell(ws.max_row, 3).number_format = MONEY_FORMAT
    ws.cell(ws.max_row, 4).number_format = MONEY_FORMAT
    bold_row(ws, ws.max_row)
    for column, width in zip("ABCDEFGHI", (8, 60, 16, 16, 45, 45, 20, 18, 45)):
        ws.column_dimensions[column].width = width
    return workbook_bytes(wb)
