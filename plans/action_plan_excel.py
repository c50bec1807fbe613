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

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import HttpResponse
from django.utils import timezone
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


@dataclass(frozen=True)
class PlanFile:
    """A plan file read and checked by ``read_plan``: the header texts (``fiscal_year`` BE)
    and ``rows``, the activity tree's nodes (parents first; ``Node.number`` is the path
    "1.1.2", ``Node.total`` the baht figure, a parent's the sum of its children) each with
    its cells (``title``, ``indicator``, ``unit``, ``target_amount``, ``budget``,
    ``stated_budget`` in baht or ``None``, ``months`` 1–12, ``responsible``, ``listed``,
    ``row`` the sheet's row number)."""

    programme: str
    project_name: str
    fiscal_year: int
    rows: list[tuple[Node, dict]]


def import_plan(file, *, organization: Organization) -> ActionPlan:
    """Create an action plan of ``organization`` from an .xlsx in the export layout.

    Returns the saved plan. Raises ``ImportRefused`` (nothing saved) listing every bad row
    (``read_plan``), or any model validation error, such as a plan of the same project and
    fiscal year that the organization already has (``same_plan`` finds it: the staff import
    page then offers to update it, ``plans.services.update_plan_from_file``).
    """
    return save_new_plan(organization, read_plan(file))


def same_plan(organization: Organization, parsed: PlanFile) -> ActionPlan | None:
    """The plan of ``organization`` that ``parsed`` is a version of: the same fiscal year
    and project name (the plans' unique key without the revision), its latest revision;
    ``None`` when there is none."""
    return (ActionPlan.objects.filter(organization=organization, fiscal_year=parsed.fiscal_year, project_name=parsed.project_name)
            .order_by("-revision").first())


def read_plan(file) -> PlanFile:
    """Read and check an .xlsx in the export layout; nothing is saved.

    Raises ``ImportRefused`` listing every bad row: file over the size or row limits
    (``ita_portal.uploads``), unreadable file, missing header fields, bad path, child
    without parent, duplicate path, text in a number cell, unknown month, parent budget not
    equal to its children's sum.
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
    return PlanFile(programme, project_name, int(fiscal_year), [(node, items[node.id]) for node in tree.nodes])


def activity_values(row: dict, node: Node) -> dict:
    """The ``PlanActivity`` fields a file's row sets (``read_plan``'s cells of ``node``); a
    parent's figure is not stored, its budget is computed from its children."""
    return {
        "title": row["title"], "indicator": row["indicator"], "unit": row["unit"], "target_amount": row["target_amount"],
        "budget": None if node.children else row["budget"], "stated_budget": row["stated_budget"],
        "schedule_months": row["months"], "responsible": row["responsible"], "listed_in_plan": row["listed"],
    }


@transaction.atomic
def save_new_plan(organization: Organization, parsed: PlanFile) -> ActionPlan:
    """Save a new plan of ``organization`` and its activities from a file ``read_plan``
    checked. Raises ``ImportRefused`` (nothing saved) for any model validation error, such
    as a plan of the same project and fiscal year that exists already."""
    errors = []
    plan = ActionPlan(
        organization=organization, fiscal_year=parsed.fiscal_year, programme=parsed.programme,
        project_name=parsed.project_name, digit_system=organization.default_digit_system,
    )
    try:
        plan.full_clean()
    except ValidationError as exc:
        raise ImportRefused([f"แถวที่ 1–3: {m}" for m in exc.messages]) from None
    plan.save()
    saved: dict[int, PlanActivity] = {}
    for node, row in parsed.rows:
        activity = PlanActivity(
            plan=plan, parent=saved.get(node.parent.id) if node.parent else None, position=node.path[-1],
            **activity_values(row, node),
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


# Re-import: what a file would change in the plan it is a version of -------------------------

NO_VALUE = "(ว่าง)"


@dataclass(frozen=True)
class FieldChange:
    """One value that an import changes: ``label`` (Thai), ``old`` → ``new`` as shown (baht
    with thousands separators, months by their Thai abbreviations, ``NO_VALUE`` for blank)."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ActivityChange:
    """An activity that an import adds, removes or changes: its number ("1.2") and title
    (the file's for an added or changed one), its ``budget`` (baht as shown), ``responsible``
    and ``months`` as they will be (added) or were (removed), and the ``fields`` it changes."""

    number: str
    title: str
    budget: str = ""
    responsible: str = ""
    months: str = ""
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PlanChanges:
    """What importing a file changes in a stored plan (``plan_changes``): the plan's texts,
    and the activities added, removed and changed, each list in the order of the numbers."""

    texts: tuple[FieldChange, ...]
    added: tuple[ActivityChange, ...]
    removed: tuple[ActivityChange, ...]
    changed: tuple[ActivityChange, ...]

    @property
    def none(self) -> bool:
        """Nothing would change."""
        return not (self.texts or self.added or self.removed or self.changed)


def _shown(value) -> str:
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return thai.format_number(value, thai.ARABIC)
    return str(value)


def _baht(amount: Decimal | None) -> str:
    return NO_VALUE if amount is None else f"{thai.format_baht(amount, thai.ARABIC)} บาท"


def _activity_fields(stored: PlanActivity, node: Node, row: dict) -> tuple[FieldChange, ...]:
    """The values of ``stored`` that the file's ``row`` (tree ``node``) changes. A budget is
    compared as the figure each shows: a leaf's own, a parent's the sum of its children."""
    pairs = (
        ("ชื่อกิจกรรม", stored.title, row["title"], _shown),
        ("ตัวชี้วัด", stored.indicator, row["indicator"], _shown),
        ("หน่วยนับ", stored.unit, row["unit"], _shown),
        ("จำนวน", stored.target_amount, row["target_amount"], _shown),
        ("งบประมาณ", stored.budget_total, node.total, _baht),
        ("งบประมาณตามต้นฉบับ", stored.stated_budget, row["stated_budget"], _baht),
        ("เดือนที่ดำเนินการ", normalise_schedule(stored.schedule_months or []), normalise_schedule(row["months"]), lambda m: _months_text(m) or NO_VALUE),
        ("ผู้รับผิดชอบ", stored.responsible, row["responsible"], _shown),
        ("แสดงในแผน", stored.listed_in_plan, row["listed"], _shown),
    )
    return tuple(FieldChange(label, show(old), show(new)) for label, old, new, show in pairs if old != new)


def plan_changes(plan: ActionPlan, parsed: PlanFile) -> PlanChanges:
    """What importing ``parsed`` into ``plan`` would change (nothing is written). Activities
    are matched by their numbers ("1.2" in the file is the stored 1.2): a number only in the
    file is added, one only in the plan removed (with its sub-activities), one in both
    changed when any value differs. The plan's only text in the file is แผนงาน (the project
    name and fiscal year identify the plan: ``same_plan``)."""
    stored = {a.dotted_number: a for a in plan.activity_tree()}
    in_file = {node.number: (node, row) for node, row in parsed.rows}
    added, changed = [], []
    for number, (node, row) in in_file.items():
        if number not in stored:
            added.append(ActivityChange(number, row["title"], _baht(node.total), row["responsible"], _months_text(row["months"])))
        elif fields := _activity_fields(stored[number], node, row):
            changed.append(ActivityChange(number, row["title"], fields=fields))
    removed = [
        ActivityChange(number, a.title, _baht(a.budget_total), a.responsible, _months_text(a.schedule_months))
        for number, a in stored.items() if number not in in_file
    ]
    texts = () if plan.programme == parsed.programme else (FieldChange("แผนงาน", _shown(plan.programme), _shown(parsed.programme)),)
    return PlanChanges(texts, tuple(added), tuple(removed), tuple(changed))


class PendingImport:
    """A file waiting for the confirmation of its preview: kept server-side under MEDIA in
    ``imports/<user id>/`` and named by a token signed with the site's key (``django.core.
    signing``) that also holds the plan's id and the version the preview compared with. The
    token is good for its user for ``MAX_AGE`` seconds; the browser never holds the data."""

    SALT = "plans.plan-reimport"
    MAX_AGE = 2 * 60 * 60
    EXPIRED = "ไม่พบไฟล์ที่รอยืนยัน (อาจยืนยันหรือยกเลิกไปแล้ว หรือเกิน 2 ชั่วโมง) กรุณานำเข้าไฟล์อีกครั้ง"

    def __init__(self, user_id: int, name: str, plan_id: int, version: int):
        self.user_id, self.name, self.plan_id, self.version = user_id, name, plan_id, version

    @property
    def path(self) -> str:
        """Where the file is kept, relative to the default storage."""
        return f"imports/{self.user_id}/{self.name}.xlsx"

    @classmethod
    def keep(cls, user, content: bytes, plan: ActionPlan) -> "PendingImport":
        """Store ``content`` for ``user``'s confirmation of an import into ``plan``."""
        import uuid

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        cls.prune()
        pending = cls(user.pk, uuid.uuid4().hex, plan.pk, plan.version)
        default_storage.save(pending.path, ContentFile(content))
        return pending

    @classmethod
    def prune(cls, now: datetime.datetime | None = None) -> int:
        """Delete every kept file (of every user) last written more than ``MAX_AGE`` seconds
        before ``now`` (default: the current time; an aware datetime): its token can no
        longer be confirmed (``load`` refuses it), so nothing will read it again. Called
        whenever a new file is kept and by the command ``prune_pending_imports``; returns how
        many files were deleted. Files that vanish meanwhile (another request pruning) are
        skipped."""
        from django.core.files.storage import default_storage

        now = now or timezone.now()
        limit = now - datetime.timedelta(seconds=cls.MAX_AGE)
        deleted = 0
        try:
            folders, _ = default_storage.listdir("imports")
        except FileNotFoundError:
            return 0
        for folder in folders:
            try:
                _, names = default_storage.listdir(f"imports/{folder}")
            except FileNotFoundError:
                continue
            for name in names:
                path = f"imports/{folder}/{name}"
                try:
                    if default_storage.get_modified_time(path) < limit:
                        default_storage.delete(path)
                        deleted += 1
                except FileNotFoundError:
                    continue
        return deleted

    @property
    def token(self) -> str:
        """The signed token the preview's form posts back (not secret; unforgeable)."""
        from django.core import signing

        return signing.dumps({"u": self.user_id, "n": self.name, "p": self.plan_id, "v": self.version}, salt=self.SALT)

    @classmethod
    def load(cls, user, token: str) -> "PendingImport":
        """The pending import ``token`` names, for ``user``; raises ``ImportRefused``
        (``EXPIRED``) when the token is not valid, not this user's, too old, or its file is gone."""
        from django.core import signing
        from django.core.files.storage import default_storage

        try:
            data = signing.loads(token, salt=cls.SALT, max_age=cls.MAX_AGE)
            pending = cls(int(data["u"]), str(data["n"]), int(data["p"]), int(data["v"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ImportRefused([cls.EXPIRED]) from None
        if pending.user_id != user.pk or not pending.name.isalnum() or not default_storage.exists(pending.path):
            raise ImportRefused([cls.EXPIRED])
        return pending

    def file(self):
        """The kept file's content as a binary file object."""
        from django.core.files.storage import default_storage

        with default_storage.open(self.path, "rb") as kept:
            return io.BytesIO(kept.read())

    def discard(self) -> None:
        """Delete the kept file (after a confirmation or a cancel)."""
        from django.core.files.storage import default_storage

        default_storage.delete(self.path)


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
