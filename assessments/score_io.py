"""Import ITA scores from CSV / .xlsx and export results and OIT item URLs as CSV / .xlsx.

Import file: one row per organization, header ``organization`` (code), ``fiscal_year`` (BE),
optional ``assessing_body`` (nacc / obec / moe; needed only when a year has several
frameworks), then one column per indicator ("1" … "10") and sub-indicator ("9.1" …), each a
percent 0–100 with at most two decimals (blank = no score). Rows are numbered as in a
spreadsheet (the header is row 1). ``import_scores`` saves nothing unless every row is valid
and raises ``ImportRefused`` listing every bad row otherwise.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from assessments.models import Framework, ITAResult
from ita_portal.models import Organization

RESULT_COLUMNS = ["organization", "name", "fiscal_year", "IIT", "EIT", "OIT", "IIT_weighted", "EIT_weighted", "OIT_weighted", "total", "rating", "passed"]


class ImportRefused(ValueError):
    """Raised with ``errors``: ["แถวที่ 3: …", …] (Thai, one per problem); nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_table(content: bytes, filename: str) -> list[dict]:
    """Rows of a CSV (UTF-8, BOM allowed) or .xlsx file as dicts of strings keyed by header.
    A file over the import limits (``ita_portal.uploads.table_limits_or_error``) is refused
    before it is parsed."""
    from ita_portal.uploads import table_limits_or_error

    if error := table_limits_or_error(content, filename):
        raise ImportRefused([error])
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    elif filename.lower().endswith(".csv"):
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        raise ImportRefused(["รับเฉพาะไฟล์ .csv หรือ .xlsx"])
    if not rows:
        raise ImportRefused(["ไฟล์ว่าง"])
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, (c.strip() for c in row))) for row in rows[1:] if any(c.strip() for c in row)]


def _score(value: str) -> Decimal:
    number = Decimal(value)
    if not (0 <= number <= 100) or number.as_tuple().exponent < -2:
        raise InvalidOperation
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def import_scores(rows: list[dict]) -> list[ITAResult]:
    """Create or update one ``ITAResult`` per row with its scores (see the module docstring)."""
    from assessments.seeds import save_scores

    errors, plans = [], []
    organizations = {o.code: o for o in Organization.objects.all()}
    for n, row in enumerate(rows, start=2):
        where = f"แถวที่ {n}"
        org = organizations.get(row.get("organization", ""))
        if org is None:
            errors.append(f"{where}: ไม่พบหน่วยงานรหัส “{row.get('organization', '')}”")
            continue
        try:
            year = int(row.get("fiscal_year", ""))
        except ValueError:
            errors.append(f"{where}: ปีงบประมาณ “{row.get('fiscal_year', '')}” ไม่ใช่ปีพุทธศักราช เช่น 2566")
            continue
        frameworks = Framework.objects.newest().filter(fiscal_year=year)
        if row.get("assessing_body"):
            frameworks = frameworks.filter(assessing_body=row["assessing_body"])
        frameworks = list(frameworks)
        if len(frameworks) != 1:
            errors.append(f"{where}: ไม่พบกรอบการประเมินปีงบประมาณ {year}" if not frameworks else f"{where}: ปีงบประมาณ {year} มีหลายกรอบการประเมิน กรุณาระบุ assessing_body")
            continue
        framework = frameworks[0]
        latest = ITAResult.objects.filter(organization=org, framework=framework).order_by("-revision").first()
        if latest is not None and not latest.is_editable:
            errors.append(
                f"{where}: ผลการประเมินของ {org.short_name or org.code} ปีงบประมาณ {year} "
                f"อยู่ในสถานะ “{latest.get_status_display()}” จึงแก้ไขคะแนนไม่ได้"
            )
            continue
        known = {str(i.number) for i in framework.indicators.all()} | {
            s for s in framework.indicators.values_list("sub_indicators__number", flat=True) if s
        }
        scores = {}
        for key, value in row.items():
            if key in ("organization", "fiscal_year", "assessing_body", "name") or value == "":
                continue
            if key not in known:
                errors.append(f"{where}: ไม่มีตัวชี้วัด “{key}” ในกรอบการประเมินปีงบประมาณ {year}")
                continue
            try:
                scores[key] = _score(value)
            except (InvalidOperation, ValueError):
                errors.append(f"{where} คอลัมน์ {key}: “{value}” คะแนนต้องอยู่ระหว่าง 0 ถึง 100 และมีทศนิยมไม่เกิน 2 ตำแหน่ง")
        plans.append((org, framework, latest, scores, where))
    if errors:
        raise ImportRefused(errors)
    results = []
    for org, framework, latest, scores, where in plans:
        result = latest or ITAResult.objects.create(organization=org, framework=framework)
        save_scores(result, {k: str(v) for k, v in scores.items()}, where)
        results.append(result)
    return results


def result_rows(fiscal_year: int) -> list[list]:
    """Header + one row per result of ``fiscal_year``: tool scores, weighted scores, total and
    rating as computed by ``Scorecard`` (strings with two decimals)."""
    from assessments.scoring import round_score

    rows = [RESULT_COLUMNS]
    # the latest revision of each result (one that no revision corrects)
    results = ITAResult.objects.filter(framework__fiscal_year=fiscal_year, revisions__isnull=True).select_related("organization", "framework").prefetch_related(
        "indicator_scores", "sub_indicator_scores", "framework__tools", "framework__indicators__sub_indicators", "framework__rating_bands"
    )
    for result in results:
        card = result.scorecard()
        tools = {t.tool.code: t for t in card.tools}

        def fmt(value):
            return "" if value is None else f"{round_score(value):.2f}"

        rows.append(
            [result.organization.code, result.organization.name, fiscal_year]
            + [fmt(tools[c].score) if c in tools else "" for c in ("IIT", "EIT", "OIT")]
            + [fmt(tools[c].weighted) if c in tools else "" for c in ("IIT", "EIT", "OIT")]
            + [fmt(card.total), card.rating.label if card.rating else "", {True: "ผ่าน", False: "ไม่ผ่าน", None: ""}[card.passed]]
        )
    return rows


def oit_url_rows(checklist, base_url: str) -> list[list]:
    """Header + one row per item in framework order: code, title, permanent public URL."""
    rows = [["item", "title", "url"]]
    for entry in checklist.entries.select_related("item", "checklist__organization", "checklist__framework").order_by("item__order"):
        rows.append([entry.item.code, entry.item.title, base_url.rstrip("/") + entry.get_public_url()])
    return rows


def write_table(rows: list[list], filename: str) -> bytes:
    """``rows`` as CSV (UTF-8 with BOM, for Excel) or .xlsx bytes, by the extension of ``filename``."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import Workbook

        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def read_file(path: Path) -> list[dict]:
    return read_table(Path(path).read_bytes(), Path(path).name)
