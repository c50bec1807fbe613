"""Small pieces shared by every document model: numbered text lines and figure checks."""

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
