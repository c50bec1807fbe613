"""The workbook an office sends to OBEC at the end of the school round: a sheet
"Score-School" (a row per school: every indicator's score and the three tool scores) and a
sheet "Score-Final" (a row per school: tool scores, weighted total, rating; then the
office's summary), one sheet per level as OBEC's kit names them
(``../shared/domain/ita-frameworks-2566-2569.md``, S-ITASCH). The kit's exact columns have not
been read, so each sheet says so in its header note (``score_final.LAYOUT_NOTE``).

Every figure comes from ``score_final.office_scores`` (hence from ``Scorecard``), rounded
to two decimals (``round_score``) and written as a number with the format ``0.00``; a
missing score is an empty cell. Rows 1–3 are the title (office and fiscal year, BE), the
note and the framework; row ``HEADER_ROW`` is the Thai header; the schools follow in code
order. ``score_io.write_table`` writes one plain sheet, so the two formatted sheets are
written here with openpyxl the same way.
"""

from __future__ import annotations

import io

from assessments.score_final import LAYOUT_NOTE, OfficeScores
from assessments.scoring import round_score
from ita_portal import thai

HEADER_ROW = 5
SCHOOL_SHEET = "Score-School"
FINAL_SHEET = "Score-Final"
NUMBER_FORMAT = "0.00"


def _title(scores: OfficeScores, what: str) -> str:
    year = f" ปีงบประมาณ พ.ศ. {scores.fiscal_year}" if scores.fiscal_year else ""
    return f"{what} {scores.office.name}{year}"


def _framework_line(scores: OfficeScores) -> str:
    if not scores.frameworks:
        return "กรอบการประเมิน: ยังไม่มีผลการประเมินของสถานศึกษาในปีนี้"
    return "กรอบการประเมิน: " + "; ".join(
        f"{f.name} (สถานะการยืนยันข้อมูล: {f.get_verification_display()})" for f in scores.frameworks
    )


def _tool_header(tool) -> str:
    return f"{tool.code} (ร้อยละ {thai.format_number(tool.weight, thai.ARABIC)})"


def school_sheet_rows(scores: OfficeScores) -> list[list]:
    """Header + a row per school of the Score-School sheet (numbers as rounded ``Decimal``)."""
    header = ["ลำดับ", "รหัสหน่วยงาน", "ชื่อสถานศึกษา"]
    header += [f"ตัวชี้วัดที่ {i.number} {i.name}" for i in scores.indicator_columns]
    header += [_tool_header(t) for t in scores.columns] + ["หมายเหตุ"]
    rows = [header]
    for n, row in enumerate(scores.rows, start=1):
        rows.append([n, row.school.code, row.school.name, *row.rounded_indicators, *row.rounded_tools, "; ".join(row.missing)])
    return rows


def final_sheet_rows(scores: OfficeScores) -> list[list]:
    """Header + a row per school of the Score-Final sheet (tool scores, total, rating, note)."""
    header = ["ลำดับ", "รหัสหน่วยงาน", "ชื่อสถานศึกษา", *(_tool_header(t) for t in scores.columns),
              "คะแนนรวม", "ระดับผลการประเมิน", "หมายเหตุ"]
    rows = [header]
    for n, row in enumerate(scores.rows, start=1):
        rows.append([n, row.school.code, row.school.name, *row.rounded_tools, row.rounded_total, row.rating, "; ".join(row.missing)])
    return rows


def summary_rows(scores: OfficeScores) -> list[list]:
    """The office's summary under the Score-Final table: counts and means."""
    rows = [
        ["สรุปผลของสำนักงานเขตพื้นที่การศึกษา"],
        ["สถานศึกษาทั้งหมด (แห่ง)", len(scores.rows)],
        ["มีผลการประเมินครบ (แห่ง)", len(scores.complete_rows)],
        ["ยังไม่ครบ (แห่ง)", len(scores.incomplete_rows)],
    ]
    rows += [[f"ระดับ {c.label} (แห่ง)", c.count] for c in scores.rating_counts]
    rows.append(["ค่าเฉลี่ยคะแนนรวม", round_score(scores.mean_total)])
    rows += [[f"ค่าเฉลี่ย {t.code}", round_score(m)] for t, m in zip(scores.columns, scores.mean_tools)]
    return rows


def workbook_bytes(scores: OfficeScores) -> bytes:
    """The .xlsx file (bytes) with the sheets Score-School and Score-Final (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    school_sheet = workbook.active
    school_sheet.title = SCHOOL_SHEET
    final_sheet = workbook.create_sheet(FINAL_SHEET)
    parts = (
        (school_sheet, "Score-School: คะแนนรายตัวชี้วัดของสถานศึกษาในสังกัด", school_sheet_rows(scores), []),
        (final_sheet, "Score-Final: ผลการประเมินคุณธรรมและความโปร่งใสของสถานศึกษาในสังกัด", final_sheet_rows(scores), summary_rows(scores)),
    )
    for sheet, what, rows, summary in parts:
        sheet.append([_title(scores, what)])
        sheet.append([LAYOUT_NOTE])
        sheet.append([_framework_line(scores)])
        sheet.append([])
        for row in rows + ([[]] + summary if summary else []):
            sheet.append(row)
        sheet["A1"].font = Font(bold=True, size=14)
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for line in sheet.iter_rows(min_row=HEADER_ROW + 1):
            for cell in line:
                if cell.column > 3 and not isinstance(cell.value, (str, type(None))) and cell.row <= HEADER_ROW + len(scores.rows):
                    cell.number_format = NUMBER_FORMAT
                elif cell.column == 2 and cell.row > HEADER_ROW + len(scores.rows) and not isinstance(cell.value, (str, type(None))):
                    cell.number_format = NUMBER_FORMAT if not isinstance(cell.value, int) else "0"
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
        sheet.column_dimensions["A"].width = 7
        sheet.column_dimensions["B"].width = 16
        sheet.column_dimensions["C"].width = 36
        for column in range(4, len(rows[0]) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
        sheet.column_dimensions[get_column_letter(len(rows[0]))].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
