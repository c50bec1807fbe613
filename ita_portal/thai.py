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
import re
from decimal import Decimal

from pythainlp.util import bahttext
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


# Ten ``str.replace`` calls (each skipped when its digit is absent) instead of pythainlp's
# ``str.translate``: translate looks every character up in a mapping, which on Thai text
# cost 1–2 µs a character (0.5 ms for a paragraph, tens of ms for a staff page); the
# replacements make the same text (tests/test_thai.py) 40× faster.
_ARABIC_TO_THAI = tuple(zip("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
_THAI_TO_ARABIC = tuple((thai, arabic) for arabic, thai in _ARABIC_TO_THAI)


def _replace_digits(text: str, pairs) -> str:
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def to_thai_digits(text: object) -> str:
    """Return ``str(text)`` with every Arabic digit 0–9 replaced by its Thai digit ๐–๙."""
    return _replace_digits(str(text), _ARABIC_TO_THAI) if text != "" else ""


def to_arabic_digits(text: object) -> str:
    """Return ``str(text)`` with every Thai digit ๐–๙ replaced by its Arabic digit 0–9."""
    return _replace_digits(str(text), _THAI_TO_ARABIC) if text != "" else ""


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


def same_day_next_year(day: datetime.date | None) -> datetime.date | None:
    """The same day and month one year later (CE dates; 29 February becomes 28 February);
    ``None`` stays ``None``. A document copied to the next fiscal year moves its dates so."""
    if day is None:
        return None
    if (day.month, day.day) == (2, 29):
        return day.replace(year=day.year + 1, day=28)
    return day.replace(year=day.year + 1)


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


# Thai line breaking --------------------------------------------------------------------------
#
# Pango breaks Thai lines with libthai's dictionary, at any word boundary. Some units must never
# be split across lines (the Royal Institute's writing rules as official documents follow them):
# a person's name in parentheses, a date (day, month and year), "พ.ศ." and its year, a number and its unit ("๑๑๐,๐๐๐ บาท",
# "ร้อยละ ๘๕"), an opening quotation mark and its first word, a word and its ๆ, and compounds a
# title must keep whole ("รายไตรมาส", "รอบ ๖ เดือน").
#
# In plain text a unit is written with U+00A0 NO-BREAK SPACE between its parts. U+00A0 alone
# does not hold a Thai unit in a PDF: Pango (1.50) lets libthai put a break right after a
# no-break space (and after U+2060 WORD JOINER) before a Thai letter or Thai digit. The template
# filters (``ita_portal/templatetags/thai.py``) therefore print each unit as
# ``<span class="nowrap">…</span>`` (``white-space: nowrap`` in ``static/css/document.css``),
# which both WeasyPrint and browsers honour.

NO_BREAK_SPACE = "\u00a0"

_NUMBER = r"[0-9๐-๙]+(?:[,.][0-9๐-๙]+)*"
# Thai letters, vowels and marks, without the digits, ฯ and ๆ (a "Thai run" is a maximal run).
_THAI_LETTER = "[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]"
_GAP = "[ \u00a0]"  # a space inside one line (never a line feed)
_ERA = r"(?:พ\.ศ\.|ค\.ศ\.)"
_NAME_TITLES = ("นางสาว", "นาง", "นาย", "ดร.", "ว่าที่", "พระ", "ผศ.", "รศ.", "ศ.")
_NUMBER_PREFIXES = ("ร้อยละ", "ไตรมาสที่", "ครั้งที่", "ลำดับที่", "ระยะที่", "รอบ")
# Compounds libthai splits into dictionary words ("ราย / ไตรมาส") that a title must keep whole.
TITLE_COMPOUNDS = ("รายไตรมาส", "ปีงบประมาณ")

# Month names, full and abbreviated, longest first ("มิถุนายน" before "มิ.ย.").
_MONTH = "(?:%s)" % "|".join(re.escape(m) for m in sorted({*thai_full_months, *thai_abbr_months}, key=len, reverse=True))

_UNIT_RULES = (
    # ๑๐ พฤษภาคม ๒๕๖๑ / มกราคม ๒๕๖๓ / ๑๕ มิ.ย. ๖๑ / มีนาคม พ.ศ. ๒๕๖๓: a date, or a month and its year.
    re.compile(rf"(?:{_NUMBER}{_GAP}*)?{_MONTH}{_GAP}*(?:{_ERA}{_GAP}*)?{_NUMBER}"),
    # (นายสมพงศ์ พรหมจันทร์): a name in parentheses, starting with a title of address.
    re.compile(r"\((?:%s)[^()\n]{0,60}\)" % "|".join(re.escape(t) for t in _NAME_TITLES)),
    # ปีงบประมาณ พ.ศ. ๒๕๖๓ / พ.ศ. ๒๕๖๓ / พ.ศ.๒๕๖๓
    re.compile(rf"(?:ปีงบประมาณ{_GAP}*)?{_ERA}{_GAP}*{_NUMBER}"),
    # ร้อยละ ๘๕, ไตรมาสที่ ๒, รอบ ๖ (its เดือน joins through the number-and-unit rule)
    re.compile(rf"(?:{'|'.join(_NUMBER_PREFIXES)}){_GAP}*{_NUMBER}"),
    re.compile("|".join(TITLE_COMPOUNDS)),
)
# A number and the Thai word after it: ๑๑๐,๐๐๐ บาท, ๑๐ คน, ๖ เดือน.
_NUMBER_THEN_WORD = re.compile(rf"{_NUMBER}{_GAP}?(?={_THAI_LETTER})")
# A word and its ๆ: ต่าง ๆ (the run before ๆ is cut to its last word).
_WORD_THEN_MAIYAMOK = re.compile(rf"{_THAI_LETTER}+{_GAP}?ๆ")
# An opening quotation mark and the first word after it: “โครงการ
_QUOTE_THEN_WORD = re.compile(rf"(?<![^\s(\[])[“‘\"'«]{_THAI_LETTER}+")


def _words(run: str) -> list[str]:
    """The Thai words of ``run`` (PyThaiNLP's dictionary segmenter, offline)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(run, engine="newmm", keep_whitespace=False) or [run]


_OPENING = "([“‘«"
_CLOSING = ")]”’»,.:;"


def _with_brackets(text: str, unit: tuple[int, int]) -> tuple[int, int]:
    """``unit`` widened over the opening brackets just before it and the closing ones (and
    punctuation) just after it: "(พ.ศ. ๒๕๖๓)" stays whole."""
    start, end = unit
    while start > 0 and text[start - 1] in _OPENING:
        start -= 1
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return start, end


def _unit_ranges(text: str) -> list[tuple[int, int]]:
    """Start and end of every unit of ``text`` that must stay on one line, merged and sorted."""
    ranges = [m.span() for rule in _UNIT_RULES for m in rule.finditer(text)]
    thai_run = re.compile(f"{_THAI_LETTER}+")
    for m in _NUMBER_THEN_WORD.finditer(text):
        run = thai_run.match(text, m.end())
        ranges.append((m.start(), m.end() + len(_words(run.group())[0])))
    for m in _WORD_THEN_MAIYAMOK.finditer(text):
        run = thai_run.match(text, m.start())
        ranges.append((run.end() - len(_words(run.group())[-1]), m.end()))
    for m in _QUOTE_THEN_WORD.finditer(text):
        ranges.append((m.start(), m.start() + 1 + len(_words(m.group()[1:])[0])))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(_with_brackets(text, r) for r in ranges):
        if merged and start <= merged[-1][1]:  # overlapping or touching: one unit
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def unit_segments(text: str) -> list[tuple[str, bool]]:
    """Cut ``text`` into ``(piece, is_unit)`` pairs; a unit's spaces become U+00A0.

    ``"ต่าง ๆ ๑๐ คน"`` → ``[("ต่าง\\xa0ๆ", True), (" ", False), ("๑๐\\xa0คน", True)]``.
    The units are the ones of the Thai line breaking rule: a name in parentheses after a title
    of address, a date or a month and its year ("๑๐ พฤษภาคม ๒๕๖๑", "มกราคม ๒๕๖๓"),
    "พ.ศ."/"ค.ศ." + year (with "ปีงบประมาณ" before it), a number + the Thai word
    after it, "ร้อยละ"/"ไตรมาสที่"/"รอบ" … + number, a word + ๆ, an opening quotation mark +
    its first word, and ``TITLE_COMPOUNDS``. Joining the pieces gives ``join_units(text)``.
    """
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in _unit_ranges(text):
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end].replace(" ", NO_BREAK_SPACE), True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return segments


def join_units(text: str) -> str:
    """Plain ``text`` with U+00A0 between the parts of every unit of ``unit_segments``.

    ``"งบประมาณ ๑๑๐,๐๐๐ บาท (พ.ศ. ๒๕๖๓)"`` → ``"งบประมาณ ๑๑๐,๐๐๐\\xa0บาท (พ.ศ.\\xa0๒๕๖๓)"``.
    For plain-text output only; HTML goes through the ``thai_text`` template filter.
    """
    return "".join(piece for piece, _ in unit_segments(text))


def be_year_unit(be: int, system: str) -> str:
    """"พ.ศ." and BE year ``be`` as one unit: ``"พ.ศ.\\xa0๒๕๖๓"``."""
    return f"พ.ศ.{NO_BREAK_SPACE}{format_year(be, system)}"


def fiscal_year_unit(fy: int, system: str) -> str:
    """Fiscal year ``fy`` (BE) as one unit: ``"ปีงบประมาณ\\xa0พ.ศ.\\xa0๒๕๖๓"``."""
    return f"ปีงบประมาณ{NO_BREAK_SPACE}{be_year_unit(fy, system)}"


def baht_unit(amount: Decimal | int | None, system: str) -> str:
    """An amount and "บาท" as one unit: ``"๑๑๐,๐๐๐\\xa0บาท"`` ("" for ``None``)."""
    return "" if amount is None else f"{format_baht(amount, system)}{NO_BREAK_SPACE}บาท"


def quantity_unit(value: Decimal | int | float | None, unit: str, system: str) -> str:
    """A number and its unit as one unit: ``"๑๐\\xa0คน"`` ("" for ``None``)."""
    return "" if value is None else f"{format_number(value, system)}{NO_BREAK_SPACE}{unit}"


def percent_unit(value: Decimal | int | float | None, system: str) -> str:
    """"ร้อยละ" and a number as one unit: ``"ร้อยละ\\xa0๓๖.๓๖"`` ("" for ``None``)."""
    return "" if value is None else f"ร้อยละ{NO_BREAK_SPACE}{format_number(value, system)}"


def name_unit(name: object, system: str) -> str:
    """A signer's name in parentheses as one unit: ``"(นายสมพงศ์\\xa0พรหมจันทร์)"``.

    Runs of spaces inside the name become one U+00A0; ``None`` gives ``"()"`` as a blank
    signature block prints it.
    """
    text = apply_digits(name if name is not None else "", system)
    return "(" + re.sub(r"\s+", NO_BREAK_SPACE, str(text).strip()) + ")"


# --- uploaded files -----------------------------------------------------------------------

# A file's type in words, by its MIME type as sniffed from its bytes (``assessments.evidence_files``).
FILE_TYPE_WORDS = {
    "application/pdf": "เอกสาร PDF",
    "image/png": "รูปภาพ PNG",
    "image/jpeg": "รูปภาพ JPEG",
    "image/gif": "รูปภาพ GIF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "เอกสาร Word (.docx)",
    "application/msword": "เอกสาร Word (.doc)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "ไฟล์ Excel (.xlsx)",
    "application/vnd.ms-excel": "ไฟล์ Excel (.xls)",
}
OTHER_FILE_TYPE = "ไฟล์"
KIB = 1024  # bytes in a kilobyte as file sizes are counted here (the upload limit is 20 × 1024 × 1024)


def file_type_words(content_type: str) -> str:
    """A file's type in Thai words from its MIME type ``content_type``: "application/pdf" →
    "เอกสาร PDF", "image/png" → "รูปภาพ PNG", an Excel workbook → "ไฟล์ Excel (.xlsx)";
    anything else (or "") → "ไฟล์"."""
    return FILE_TYPE_WORDS.get((content_type or "").split(";")[0].strip().lower(), OTHER_FILE_TYPE)


def file_size(size: int | None, system: str) -> str:
    """A size in bytes in Thai units: under 1 KB in whole bytes with thousands separators
    ("557 ไบต์"), under 1 MB in kilobytes, otherwise in megabytes, each with one decimal
    rounded half up ("1.5 กิโลไบต์ (KB)", 1,536,000 bytes → "1.5 เมกะไบต์ (MB)"); 1 KB is
    1,024 bytes, 1 MB 1,024 KB. ``None`` gives "". Raises ``ValueError`` for an unknown digit
    system."""
    from decimal import ROUND_HALF_UP

    if size is None:
        return ""
    if size < KIB:
        return f"{format_number(size, system)} ไบต์"
    tenth = Decimal("0.1")
    kb = (Decimal(size) / KIB).quantize(tenth, rounding=ROUND_HALF_UP)
    if kb < KIB:
        return f"{format_number(kb, system, decimals=1)} กิโลไบต์ (KB)"
    mb = (Decimal(size) / KIB / KIB).quantize(tenth, rounding=ROUND_HALF_UP)
    return f"{format_number(mb, system, decimals=1)} เมกะไบต์ (MB)"


def file_description(content_type: str, size: int | None, system: str) -> str:
    """A file's type in words and its size, as every list of files prints them:
    "เอกสาร PDF, 557 ไบต์" (``file_type_words`` and ``file_size``; the type alone when the
    size is unknown)."""
    words = file_type_words(content_type)
    return f"{words}, {file_size(size, system)}" if size is not None else words
