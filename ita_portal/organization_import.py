"""Import the schools of an office from a CSV or .xlsx file, all rows or none.

File: the first sheet (or the CSV, UTF-8 with or without BOM), header in row 1, one school a
row; rows are numbered as the spreadsheet numbers them, blank rows are skipped. Columns,
by their Thai header or the English name, in any order:

=========================  ===============  =========================================
header                     English          value
=========================  ===============  =========================================
รหัสหน่วยงาน               code             required; the school's permanent code
                                            (``Organization.code``: a-z, 0-9, "-",
                                            e.g. the 10-digit OBEC school code)
ชื่อเต็ม                    name             required, e.g. โรงเรียนบ้านหนองบัว
ชื่อย่อ                     short_name       optional; the full name when blank
รหัสหน่วยงานที่กำกับดูแล    parent           required; the code of an organization
                                            already in the portal (its office)
ชื่อผู้อำนวยการ              director_name    optional (printed in signature blocks)
อีเมลติดต่อ                 email            optional
โทรศัพท์                   phone            optional (type it as text in Excel, or the
                                            leading 0 is lost)
=========================  ===============  =========================================

Each school is created with ``level`` = school, ``parent`` = its office and, from the
office, ``parent_body`` (the office's name, printed as หน่วยงานต้นสังกัด), ``ministry`` and the
digit system of its documents. ``import_schools`` saves nothing unless every row is valid
and raises ``ImportRefused`` listing every problem, each naming its row ("แถวที่ 7: …"):
missing code, name or parent code, a code that is malformed, repeated in the file or already
in the portal, an unknown parent, a parent that is a school or already at the bottom of the
tree (``models.MAX_DEPTH``), a malformed e-mail. A file over the import limits
(``uploads.table_limits_or_error``: 5 MiB, 2,000 rows) is refused before it is parsed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ita_portal.models import MAX_DEPTH, Organization
from ita_portal.uploads import table_limits_or_error

# (field, Thai header, required)
COLUMNS = (
    ("code", "รหัสหน่วยงาน", True),
    ("name", "ชื่อเต็ม", True),
    ("short_name", "ชื่อย่อ", False),
    ("parent", "รหัสหน่วยงานที่กำกับดูแล", True),
    ("director_name", "ชื่อผู้อำนวยการ", False),
    ("email", "อีเมลติดต่อ", False),
    ("phone", "โทรศัพท์", False),
)
HEADERS = {thai: name for name, thai, _ in COLUMNS} | {name: name for name, _, _ in COLUMNS}
THAI_HEADER = {name: thai for name, thai, _ in COLUMNS}
NOTHING_SAVED = "ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ):"


class ImportRefused(ValueError):
    """Nothing was saved; ``errors`` is a list of Thai messages ("แถวที่ 3: …")."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _cell(value) -> str:
    """A cell as text: an integer typed in Excel (1050130123, or 1050130123.0) without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """``[(row number, {field: text})]`` of the data rows of a .csv or .xlsx file (header in
    row 1, mapped to the fields of ``COLUMNS``; blank rows skipped, numbers kept). Raises
    ``ImportRefused`` for a file over the limits, unreadable, without a known header or
    with a required column missing or an unknown one."""
    if error := table_limits_or_error(content, filename):
        raise ImportRefused([error])
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception:  # openpyxl raises many types for a file that is not .xlsx
            raise ImportRefused(["ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"]) from None
    elif lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(["ไฟล์ CSV ต้องบันทึกเป็น UTF-8 (ใน Excel เลือก “CSV UTF-8”)"]) from None
        table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ImportRefused(["รับเฉพาะไฟล์ .csv หรือ .xlsx"])
    if not table or not any(table[0]):
        raise ImportRefused(["แถวที่ 1: ไม่มีหัวตาราง (" + ", ".join(thai for _, thai, _ in COLUMNS) + ")"])
    header = [h.strip() for h in table[0]]
    errors = [f"แถวที่ 1: ไม่รู้จักคอลัมน์ “{h}”" for h in header if h and h not in HEADERS]
    fields = [HEADERS.get(h) for h in header]
    errors += [f"แถวที่ 1: ไม่มีคอลัมน์ “{thai}”" for name, thai, required in COLUMNS if required and name not in fields]
    errors += [f"แถวที่ 1: คอลัมน์ “{THAI_HEADER[f]}” ซ้ำ" for f in sorted({f for f in fields if f and fields.count(f) > 1})]
    if errors:
        raise ImportRefused(errors)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = {name: "" for name, _, _ in COLUMNS}
        values |= {field: value for field, value in zip(fields, cells) if field}
        rows.append((number, values))
    if not rows:
        raise ImportRefused(["ไม่มีข้อมูลโรงเรียนตั้งแต่แถวที่ 2"])
    return rows


def import_schools(rows: list[tuple[int, dict[str, str]]]) -> list[Organization]:
    """Create one school (``Organization`` of level school) per row of ``read_rows`` under
    the office its row names. Returns the created schools in row order; raises
    ``ImportRefused`` (nothing saved) listing every problem of every row."""
    errors: list[str] = []
    codes = [values["code"] for _, values in rows if values["code"]]
    existing = dict(Organization.objects.filter(code__in=codes).values_list("code", "short_name"))
    parents = Organization.objects.in_bulk(
        {values["parent"] for _, values in rows if values["parent"]}, field_name="code"
    )
    first_row: dict[str, int] = {}
    schools: list[Organization] = []
    for number, values in rows:
        where = f"แถวที่ {number}"
        code, name, parent_code = values["code"], values["name"], values["parent"]
        if not code:
            errors.append(f"{where}: ไม่มีรหัสหน่วยงาน")
        elif code in first_row:
            errors.append(f"{where}: รหัสหน่วยงาน “{code}” ซ้ำกับแถวที่ {first_row[code]}")
        elif code in existing:
            errors.append(f"{where}: มีหน่วยงานรหัส “{code}” ในระบบแล้ว ({existing[code]})")
        if code:
            first_row.setdefault(code, number)
        if not name:
            errors.append(f"{where}: ไม่มีชื่อเต็มของสถานศึกษา")
        short_name = values["short_name"] or name
        if not values["short_name"] and len(name) > 100:
            errors.append(f"{where}: ชื่อเต็มยาวเกิน 100 ตัวอักษร กรุณาระบุชื่อย่อ")
        parent = parents.get(parent_code)
        if not parent_code:
            errors.append(f"{where}: ไม่มีรหัสหน่วยงานที่กำกับดูแล")
        elif parent is None:
            errors.append(f"{where}: ไม่พบหน่วยงานที่กำกับดูแลรหัส “{parent_code}” ในระบบ")
        elif parent.level == Organization.Level.SCHOOL:
            errors.append(f"{where}: หน่วยงาน “{parent_code}” เป็นสถานศึกษา จึงเป็นหน่วยงานที่กำกับดูแลไม่ได้")
        elif len(parent.ancestor_ids()) + 2 > MAX_DEPTH:  # cached per office: one query each
            errors.append(
                f"{where}: หน่วยงาน “{parent_code}” อยู่ในลำดับชั้นล่างสุดแล้ว "
                f"(หน่วยงานจัดเป็นลำดับชั้นได้ไม่เกิน {MAX_DEPTH} ระดับ)"
            )
        school = Organization(
            code=code, name=name, short_name=short_name, level=Organization.Level.SCHOOL, parent=parent,
            parent_body=parent.name if parent else "", ministry=parent.ministry if parent else "",
            default_digit_system=parent.default_digit_system if parent else Organization().default_digit_system,
            director_name=values["director_name"], email=values["email"], phone=values["phone"],
        )
        try:
            school.clean_fields(exclude=["parent"])  # the parent and the tree are checked above
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in ("code", "name", "short_name") and not getattr(school, field):
                    continue  # already reported as missing
                label = Organization._meta.get_field(field).verbose_name
                errors.extend(f"{where}: {label}: {message}" for message in messages)
        schools.append(school)
    if errors:
        raise ImportRefused(errors)
    try:
        with transaction.atomic():
            return Organization.objects.bulk_create(schools)
    except IntegrityError:  # a code created by someone else since it was checked
        raise ImportRefused(["มีผู้เพิ่มหน่วยงานรหัสเดียวกันระหว่างการนำเข้า กรุณานำเข้าไฟล์นี้อีกครั้ง"]) from None


def import_schools_file(path) -> list[Organization]:
    """``import_schools`` of the file at ``path`` (.csv or .xlsx)."""
    path = Path(path)
    return import_schools(read_rows(path.read_bytes(), path.name))
