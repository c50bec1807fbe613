"""Small pieces shared by every document model: numbered text lines, figure checks and the
notes on what a source document said differently from what the portal prints."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from ita_portal import thai

FISCAL_YEAR_MIN = 2500
FISCAL_YEAR_MAX = 2700

fiscal_year_validators = [
    MinValueValidator(FISCAL_YEAR_MIN, message="ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2563"),
    MaxValueValidator(FISCAL_YEAR_MAX, message="ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2563"),
]


def text_lines(text: str) -> list[str]:
    """Split a multi-line text field into its non-blank lines, stripped.

    Lists such as objectives or problems are typed one item a line; the portal numbers
    them when it prints, so nobody types (or mistypes) the numbers.
    """
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def month_in_fiscal_year(day, fy: int, field: str) -> None:
    """Raise ``ValidationError`` on ``field`` unless month ``day`` lies in fiscal year ``fy`` (BE)."""
    if day is not None and fy is not None and not thai.in_fiscal_year(day, fy):
        start, end = thai.fiscal_year_start(fy), thai.fiscal_year_end(fy)
        raise ValidationError(
            {
                field: (
                    f"เดือนนี้อยู่นอกปีงบประมาณ {fy} "
                    f"(ต้องอยู่ระหว่าง{thai.format_month_year(start, thai.ARABIC)} "
                    f"ถึง{thai.format_month_year(end, thai.ARABIC)})"
                )
            }
        )


def related_or_none(instance, name: str):
    """Return ``instance.<name>`` (a foreign key), or ``None`` when it is not set yet.

    Model ``clean()`` methods run in admin inlines before the parent is saved; the parent is
    then attached but has no primary key, which this tolerates.
    """
    if instance is None:
        return None
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class Discrepancy:
    """A total stated in a source document that disagrees with the sum of its own rows.

    ``stated`` and ``computed`` are amounts in baht; the portal always prints ``computed``
    and shows this note to staff.
    """

    label: str
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        """``stated - computed``, in baht."""
        return self.stated - self.computed


def check_stated(label: str, stated: Decimal | None, computed: Decimal) -> list[Discrepancy]:
    """Return ``[Discrepancy]`` when a stated figure exists and differs from ``computed``, else ``[]``."""
    if stated is None or stated == computed:
        return []
    return [Discrepancy(label, stated, computed)]


@dataclass(frozen=True)
class SourceNote:
    """One place where a source document (a transcribed seed, an imported file) said
    something other than what the portal prints.

    Rule "the portal prints from data": office names, signers' names and positions, totals,
    numbering and dates are derived from the portal's records and printed as derived; what
    the source said differently is kept as data (``WorkflowDocument.source_notes``) or
    computed (a stated total, ``DocumentKind.source_figures``) and listed for staff as
    "ต้นฉบับระบุ … / ระบบพิมพ์ …" (``templates/documents/_discrepancies.html``).
    ``where``: the part of the document (Thai); ``source``: the source's words;
    ``printed``: what the portal prints instead. Texts, digits as written.
    """

    where: str
    source: str
    printed: str

    @classmethod
    def from_data(cls, row: dict) -> "SourceNote":
        """A note from its stored form ``{"where", "source", "printed"}`` (missing keys: "")."""
        return cls(row.get("where", ""), row.get("source", ""), row.get("printed", ""))

    def as_data(self) -> dict:
        """The stored form (see ``from_data``)."""
        return {"where": self.where, "source": self.source, "printed": self.printed}


def stated_figure_notes(discrepancies: list[Discrepancy], system: str, computed_as: str = "ผลรวมของรายการ") -> list[SourceNote]:
    """``SourceNote`` s for totals a source stated that disagree with the rows (baht), in the
    document's digit ``system``: the source's figure against the computed one the portal
    prints (``computed_as`` names it)."""
    return [
        SourceNote(
            d.label,
            f"{thai.format_baht(d.stated, system)} บาท",
            f"{thai.format_baht(d.computed, system)} บาท ({computed_as}; ต่างกัน {thai.format_baht(d.difference, system)} บาท)",
        )
        for d in discrepancies
    ]


@dataclass(frozen=True)
class TotalsDisagreement:
    """Two totals one document prints that should be equal and are not, both computed from
    its rows, in baht: ``amount`` (named by ``label``) and ``other`` (``other_label``).

    Rule "totals that disagree" (seed 000: its activities add up to 101,000 baht, its budget
    lines to 110,000): a document is submitted with such totals only with the supervisor's
    reason (``WorkflowDocument.totals_reason``), printed as the document's footnote.
    """

    label: str
    amount: Decimal
    other_label: str
    other: Decimal

    @property
    def difference(self) -> Decimal:
        """``other - amount``, in baht."""
        return self.other - self.amount


def check_totals(label: str, amount: Decimal, other_label: str, other: Decimal) -> list[TotalsDisagreement]:
    """``[TotalsDisagreement]`` when ``amount`` and ``other`` (baht) differ, else ``[]``."""
    return [] if amount == other else [TotalsDisagreement(label, amount, other_label, other)]
