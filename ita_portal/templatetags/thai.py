"""Template filters over ``ita_portal.thai``: the only way templates format dates and digits.

Every filter takes the document's digit system ("thai" or "arabic") as its argument, so a
template writes ``{{ value|baht:ds }}`` with ``ds`` set once per document.

Thai line breaking: the filters that print a unit which must stay on one line (``signer``,
``be_year``, ``fiscal_year``, ``baht_unit``, ``percent``, ``quantity``, and the ``thai_text`` tag
for free text in a PDF) wrap it in ``<span class="nowrap">`` (``white-space: nowrap``, ``document.css``);
the units themselves are found by ``ita_portal.thai`` (see ``thai.unit_segments``).
"""

import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from ita_portal import thai

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def digits(value, system, autoescape=True):
    """Text (or a number) with every digit in the document's digit system.

    Digits are converted before escaping, so the digits of HTML entities (``&#x27;``) are
    never touched; chain ``linebreaksbr`` after this filter, not before it.
    """
    if isinstance(value, SafeData):
        return mark_safe(_convert_outside_entities(value, system))
    converted = thai.apply_digits(value, system)
    return conditional_escape(converted) if autoescape else converted


def _convert_outside_entities(html, system):
    return _ENTITY_OR_TEXT.sub(
        lambda m: m.group(0) if m.group(0).startswith("&") else thai.apply_digits(m.group(0), system),
        str(html),
    )


_ENTITY_OR_TEXT = re.compile(r"&#?\w+;|[^&]+|&")


@register.filter
def baht(value, system):
    """Baht amount with thousands separators: ๑๑๐,๐๐๐."""
    return thai.format_baht(value, system)


@register.filter
def baht_or_dash(value, system):
    """Baht amount, or "-" for zero (budget tables)."""
    return thai.format_baht(value, system, dash_zero=True)


@register.filter
def number(value, system):
    """A quantity with thousands separators, decimals only when it has any."""
    return thai.format_number(value, system)


@register.filter
def thai_date(value, system):
    """A date as ๕ มกราคม ๒๕๖๓ (Buddhist Era), kept on one line."""
    return mark_safe(_nowrap(thai.format_date(value, system))) if value else ""


@register.filter
def thai_date_abbr(value, system):
    """A date as ๕ ม.ค. ๒๕๖๓ (Buddhist Era), kept on one line."""
    return mark_safe(_nowrap(thai.format_date(value, system, abbr=True))) if value else ""


@register.filter
def thai_datetime(value, system):
    """An aware datetime in local time as ๕ ม.ค. ๒๕๖๓ ๑๔:๐๕ น. (Buddhist Era)."""
    return thai.format_datetime(value, system) if value else ""


@register.filter
def month_year(value, system):
    """A month as มกราคม ๒๕๖๓ (Buddhist Era), kept on one line."""
    return mark_safe(_nowrap(thai.format_month_year(value, system))) if value else ""


@register.simple_tag
def month_range(start, end, system):
    """A period of months: กุมภาพันธ์ – มิถุนายน ๒๕๖๓, each month with its year kept on one line."""
    return mark_safe("".join(
        _nowrap(piece) if is_unit else conditional_escape(piece)
        for piece, is_unit in thai.unit_segments(thai.format_month_range(start, end, system))
    ))


@register.filter
def score(value, system):
    """An assessment score with two decimals, rounded half up: 94.96 / ๙๔.๙๖."""
    return thai.format_score(value, system)


@register.filter
def whole_score(value, system):
    """A score without decimals when it is whole (75, ๑๐๐), else with two: as the prose of an ITA result analysis prints scores."""
    return thai.format_number(value, system) if value is not None else ""


@register.filter
def month_abbr_yy(value, system):
    """A month as a schedule column head: ม.ค. ๖๔ (BE, two digits)."""
    return thai.format_month_short(value, system) if value else ""


@register.filter
def thai_date_short(value, system):
    """A date beside a signature: ๑๕ มิ.ย. ๖๑ (BE, two digits), kept on one line."""
    return mark_safe(_nowrap(thai.format_date_short(value, system))) if value else ""


# Thai line breaking ----------------------------------------------------------------------------

NOWRAP_CLASS = "nowrap"


def _nowrap(unit: str, autoescape: bool = True) -> str:
    """``<span class="nowrap">unit</span>``, the unit escaped.

    Inside the span its no-break spaces are ordinary spaces again: ``white-space: nowrap``
    already holds the unit (U+00A0 does not, before Thai letters, in Pango), and the page
    text stays what people type and search for ("พ.ศ. 2567", "(นายสมพงศ์ พรหมจันทร์)").
    """
    text = unit.replace(thai.NO_BREAK_SPACE, " ")
    return f'<span class="{NOWRAP_CLASS}">{conditional_escape(text) if autoescape else text}</span>'


@register.filter(is_safe=True, needs_autoescape=True)
def signer(value, system, autoescape=True):
    """A signer's name in parentheses kept on one line: <span class="nowrap">(นายสมพงศ์ พรหมจันทร์)</span>."""
    return mark_safe(_nowrap(thai.name_unit(value, system), autoescape))


@register.filter(is_safe=True)
def be_year(value, system):
    """"พ.ศ." and a BE year kept on one line: <span class="nowrap">พ.ศ. ๒๕๖๓</span>."""
    return mark_safe(_nowrap(thai.be_year_unit(value, system))) if value else ""


@register.filter(is_safe=True)
def fiscal_year(value, system):
    """A fiscal year kept on one line: <span class="nowrap">ปีงบประมาณ พ.ศ. ๒๕๖๓</span>."""
    return mark_safe(_nowrap(thai.fiscal_year_unit(value, system))) if value else ""


@register.filter(is_safe=True)
def baht_unit(value, system):
    """An amount and "บาท" kept on one line: <span class="nowrap">๑๑๐,๐๐๐ บาท</span>."""
    return mark_safe(_nowrap(thai.baht_unit(value, system))) if value is not None else ""


@register.filter(is_safe=True)
def percent(value, system):
    """"ร้อยละ" and a number kept on one line: <span class="nowrap">ร้อยละ ๓๖.๓๖</span>."""
    return mark_safe(_nowrap(thai.percent_unit(value, system))) if value is not None else ""


@register.simple_tag
def quantity(value, unit, system):
    """A number and its unit kept on one line: {% quantity n "กิจกรรม" ds %} → ๑๑ กิจกรรม."""
    if value is None:
        return ""
    return mark_safe(_nowrap(thai.quantity_unit(value, str(unit), system)))


@register.simple_tag(takes_context=True)
def thai_text(context, value, linebreaks=False):
    """Free text typed by users, as a document prints it: ``{% thai_text line %}``, or
    ``{% thai_text note linebreaks=True %}`` for ``linebreaksbr``. Reads ``ds`` (the digit
    system) and ``pdf`` from the context.

    Digits are always in the document's system. In the PDF (``pdf`` true) every unit of
    ``thai.unit_segments`` (พ.ศ. + year, number + unit, "ร้อยละ" + number, word + ๆ, an
    opening quote + its first word, a name in parentheses, "รายไตรมาส") is a nowrap span,
    because Pango cuts them otherwise. The HTML page prints the text exactly as typed: a
    browser wraps at the reader's width, and the page stays the text people typed and search
    for. Only the printed text changes, never the stored data. Already safe HTML is never cut
    into units (its tags could be split); it only gets its digits.
    """
    system = context["ds"]
    if value is None:
        html = ""
    elif isinstance(value, SafeData) or not context.get("pdf"):
        html = digits(value, system, context.autoescape)
    else:
        text = thai.apply_digits(value, system)
        escape = conditional_escape if context.autoescape else str
        html = mark_safe(
            "".join(
                _nowrap(piece, context.autoescape) if is_unit else escape(piece)
                for piece, is_unit in thai.unit_segments(text)
            )
        )
    return linebreaksbr(html, autoescape=context.autoescape) if linebreaks else html


@register.filter
def file_description(value, system):
    """An uploaded file's type in words and size in Thai units: "เอกสาร PDF, 557 ไบต์".

    ``value`` is any row that keeps a sniffed ``content_type`` (MIME) and ``size`` (bytes)
    beside its file, such as an OIT ``Evidence``; "" when it has no file."""
    if not getattr(value, "file", None):
        return ""
    return thai.file_description(value.content_type, value.size, system)


@register.filter
def file_name(value):
    """The name a row's uploaded file is stored under, without its folders ("โครงสร้าง.pdf"),
    digits untouched (it names the file); ``value`` is a row with a ``file`` field, such as
    an OIT ``Evidence``; "" when it has no file."""
    name = getattr(getattr(value, "file", None), "name", "") or ""
    return name.rsplit("/", 1)[-1]
