"""Thai formatting: Buddhist Era dates, fiscal years and quarters, digits and baht.

The one place in the portal that turns dates and numbers into text. Templates reach it
through the ``thai`` template-tag library (``ita_portal/templatetags/thai.py``); nothing
else formats dates or digits.

Conventions (``tests/seeds/README.md``, ``../shared/domain/ita-framework.md``):

* A year printed for people is a Buddhist Era (BE) year: BE = CE + 543.
* The Thai government fiscal year runs 1 October – 30 September and is named by the BE year
  in which it *ends*: 1 October 2019 (CE) opens fiscal year ๒๕๖๓.
* Quarter 1 = October–December, 2 = January–March, 3 = April–June, 4 = July–September.
* A document uses one digit system throughout: ``"thai"`` (๐–๙) or ``"arabic"`` (0–9).

Built on PyThaiNLP's offline utilities only (month names, digit conversion, bahttext).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from pythainlp.util import arabic_digit_to_thai_digit, bahttext, thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

THAI = "thai"
ARABIC = "arabic"
DIGIT_SYSTEMS = (THAI, ARABIC)
DIGIT_SYSTEM_CHOICES = [(THAI, "เลขไทย (๐–๙)"), (ARABIC, "เลขอารบิก (0–9)")]

BE_OFFSET = 543
FISCAL_YEAR_FIRST_MONTH = 10  # October
FISCAL_MONTH_ORDER = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
QUARTERS = (1, 2, 3, 4)
# รอบ 6 เดือน: the first half of the fiscal year, October–March.
HALF_YEAR_MONTHS = FISCAL_MONTH_ORDER[:6]
MONTH_RANGE_SEPARATOR = " – "


def _check_digit_system(system: str) -> None:
    if system not in DIGIT_SYSTEMS:
        raise ValueError(f"digit system must be one of {DIGIT_SYSTEMS}, not {system!r}")


def to_thai_digits(text: object) -> str:
    """Return ``str(text)`` with every Arabic digit 0–9 replaced by its Thai digit ๐–๙."""
    return arabic_digit_to_thai_digit(str(text)) if text != "" else ""


def to_arabic_digits(text: object) -> str:
    """Return ``str(text)`` with every Thai digit ๐–๙ replaced by its Arabic digit 0–9."""
    return thai_digit_to_arabic_digit(str(text)) if text != "" else ""


def apply_digits(text: object, system: str) -> str:
    """Return ``str(text)`` written entirely in digit system ``system`` ("thai" or "arabic").

    Both directions are converted so that a document is consistent within itself, whatever
    digits its source text was typed with. Raises ``ValueError`` for an unknown system.
    """
    _check_digit_system(system)
    if text is None:
        return ""
    return to_thai_digits(text) if system == THAI else to_arabic_digits(text)


def be_year(ce_year: int) -> int:
    """Return the Buddhist Era year of Common Era year ``ce_year`` (2020 → 2563)."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """Return the Common Era year of Buddhist Era year ``be`` (2563 → 2020)."""
    return be - BE_OFFSET


def fiscal_year(day: datetime.date) -> int:
    """Return the fiscal year (BE) that contains ``day``.

    30 September 2020 → 2563; 1 October 2020 → 2564 (the fiscal year is named by the BE
    year in which it ends).
    """
    year = day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year
    return be_year(year)


def fiscal_quarter(day: datetime.date) -> int:
    """Return the fiscal quarter (1–4) that contains ``day`` (October–December is 1)."""
    return FISCAL_MONTH_ORDER.index(day.month) // 3 + 1


def fiscal_month_index(month: int) -> int:
    """Return the position (0–11) of calendar month ``month`` in the fiscal year (October = 0)."""
    return FISCAL_MONTH_ORDER.index(month)


def fiscal_year_start(fy: int) -> datetime.date:
    """Return the first day (1 October, CE date) of fiscal year ``fy`` (BE)."""
    return datetime.date(ce_year(fy) - 1, FISCAL_YEAR_FIRST_MONTH, 1)


def fiscal_year_end(fy: int) -> datetime.date:
    """Return the last day (30 September, CE date) of fiscal year ``fy`` (BE)."""
    return datetime.date(ce_year(fy), 9, 30)


def in_fiscal_year(day: datetime.date, fy: int) -> bool:
    """Tell whether ``day`` lies in fiscal year ``fy`` (BE)."""
    return fiscal_year_start(fy) <= day <= fiscal_year_end(fy)


def fiscal_month(fy: int, month: int) -> datetime.date:
    """Return the first day of calendar month ``month`` (1–12) inside fiscal year ``fy`` (BE).

    ``fiscal_month(2563, 1)`` is 1 January 2020; ``fiscal_month(2563, 10)`` is 1 October 2019.
    Raises ``ValueError`` for a month outside 1–12.
    """
    if month not in FISCAL_MONTH_ORDER:
        raise ValueError(f"month must be 1–12, not {month!r}")
    year = ce_year(fy) - 1 if month >= FISCAL_YEAR_FIRST_MONTH else ce_year(fy)
    return datetime.date(year, month, 1)


def quarter_months(fy: int, quarter: int) -> list[datetime.date]:
    """Return the first days of the three months of ``quarter`` (1–4) of fiscal year ``fy``.

    Raises ``ValueError`` for a quarter outside 1–4.
    """
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    months = FISCAL_MONTH_ORDER[(quarter - 1) * 3 : quarter * 3]
    return [fiscal_month(fy, m) for m in months]


def month_name(month: int, abbr: bool = False) -> str:
    """Return the Thai name of calendar month ``month`` (1–12): มกราคม, or ม.ค. when ``abbr``."""
    names = thai_abbr_months if abbr else thai_full_months
    return names[month - 1]


def format_year(be: int, system: str) -> str:
    """Return BE year ``be`` in digit system ``system`` (no thousands separator)."""
    return apply_digits(be, system)


def format_date(day: datetime.date, system: str, abbr: bool = False) -> str:
    """Return ``day`` as "๕ มกราคม ๒๕๖๓" (or "๕ ม.ค. ๒๕๖๓" when ``abbr``), BE year."""
    text = f"{day.day} {month_name(day.month, abbr)} {be_year(day.year)}"
    return apply_digits(text, system)


def format_datetime(moment: datetime.datetime, system: str) -> str:
    """An aware datetime in the portal's time zone as "๕ ม.ค. ๒๕๖๓ ๑๔:๐๕ น." (BE)."""
    from django.utils import timezone

    local = timezone.localtime(moment)
    return apply_digits(f"{format_date(local.date(), ARABIC, abbr=True)} {local:%H:%M} น.", system)


def format_month_year(day: datetime.date, system: str, abbr: bool = False) -> str:
    """Return the month of ``day`` as "มกราคม ๒๕๖๓" (BE year)."""
    return apply_digits(f"{month_name(day.month, abbr)} {be_year(day.year)}", system)


def format_month_range(start: datetime.date, end: datetime.date, system: str) -> str:
    """Return the months from ``start`` to ``end`` as one period, BE years.

    Same month: "กุมภาพันธ์ ๒๕๖๓"; same year: "กุมภาพันธ์ – มิถุนายน ๒๕๖๓"; across years:
    "พฤศจิกายน ๒๕๖๒ – มีนาคม ๒๕๖๓". Raises ``ValueError`` when ``end`` is before ``start``.
    """
    if (end.year, end.month) < (start.year, start.month):
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    if (start.year, start.month) == (end.year, end.month):
        return format_month_year(start, system)
    if start.year == end.year:
        text = f"{month_name(start.month)}{MONTH_RANGE_SEPARATOR}{month_name(end.month)} {be_year(end.year)}"
        return apply_digits(text, system)
    return format_month_year(start, system) + MONTH_RANGE_SEPARATOR + format_month_year(end, system)


def format_quarter_period(fy: int, quarter: int, system: str) -> str:
    """Return the months of a fiscal quarter: "มกราคม – มีนาคม ๒๕๖๓"."""
    months = quarter_months(fy, quarter)
    return format_month_range(months[0], months[-1], system)


def quarter_month_names(quarter: int) -> str:
    """The months of fiscal quarter ``quarter`` without a year: "ตุลาคม – ธันวาคม"."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    months = FISCAL_MONTH_ORDER[(quarter - 1) * 3 : quarter * 3]
    return f"{month_name(months[0])}{MONTH_RANGE_SEPARATOR}{month_name(months[-1])}"


def format_number(value: Decimal | int | float | None, system: str, decimals: int | None = None) -> str:
    """Return ``value`` with thousands separators in digit system ``system``.

    ``decimals=None`` prints a whole number without decimals and anything else with two
    ("๑๑,๐๐๐", "๑,๒๓๔.๕๐"); an integer ``decimals`` fixes the number of places. ``None``
    gives "".
    """
    if value is None:
        return ""
    number = Decimal(value)
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    return apply_digits(f"{number:,.{decimals}f}", system)


def format_baht(amount: Decimal | int | None, system: str, dash_zero: bool = False) -> str:
    """Return an amount in baht as the official documents print it: "๑๑๐,๐๐๐" or "๑,๒๓๔.๕๐".

    With ``dash_zero`` a zero amount prints as "-" (as the budget tables of a quarterly monitoring report do).
    """
    if amount is None:
        return ""
    if dash_zero and Decimal(amount) == 0:
        return "-"
    return format_number(amount, system)


def baht_text(amount: Decimal | int) -> str:
    """Return the amount in Thai words, as written on official forms ("หนึ่งแสนบาทถ้วน")."""
    return bahttext(float(amount))


def format_score(value: Decimal | int | float | None, system: str, decimals: int = 2) -> str:
    """Return an assessment score (percent 0–100) with exactly ``decimals`` places, rounded half
    up, in digit system ``system``: ``Decimal("94.9558")`` → "94.96" / "๙๔.๙๖". ``None`` gives "".

    Raises ``ValueError`` for an unknown digit system.
    """
    from decimal import ROUND_HALF_UP

    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    return apply_digits(f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}", system)


def short_be_year(day: datetime.date) -> str:
    """The last two digits of the BE year of ``day`` (2021-01-01 → "64"), as official tables
    abbreviate it."""
    return f"{be_year(day.year) % 100:02d}"


def format_month_short(day: datetime.date, system: str) -> str:
    """The month of ``day`` as a schedule-table column head: "ม.ค. ๖๔" (abbreviated, 2-digit BE year)."""
    return apply_digits(f"{month_name(day.month, abbr=True)} {short_be_year(day)}", system)


def format_date_short(day: datetime.date, system: str) -> str:
    """``day`` as written beside a signature: "๑๕ มิ.ย. ๖๑" (abbreviated month, 2-digit BE year)."""
    return apply_digits(f"{day.day} {month_name(day.month, abbr=True)} {short_be_year(day)}", system)
