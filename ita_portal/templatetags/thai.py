"""Template filters over ``ita_portal.thai``: the only way templates format dates and digits.

Every filter takes the document's digit system ("thai" or "arabic") as its argument, so a
template writes ``{{ value|baht:ds }}`` with ``ds`` set once per document.
"""

import re

from django import template
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
    """A date as ๕ มกราคม ๒๕๖๓ (Buddhist Era)."""
    return thai.format_date(value, system) if value else ""


@register.filter
def thai_date_abbr(value, system):
    """A date as ๕ ม.ค. ๒๕๖๓ (Buddhist Era)."""
    return thai.format_date(value, system, abbr=True) if value else ""


@register.filter
def thai_datetime(value, system):
    """An aware datetime in local time as ๕ ม.ค. ๒๕๖๓ ๑๔:๐๕ น. (Buddhist Era)."""
    return thai.format_datetime(value, system) if value else ""


@register.filter
def month_year(value, system):
    """A month as มกราคม ๒๕๖๓ (Buddhist Era)."""
    return thai.format_month_year(value, system) if value else ""


@register.simple_tag
def month_range(start, end, system):
    """A period of months: กุมภาพันธ์ – มิถุนายน ๒๕๖๓."""
    return thai.format_month_range(start, end, system)


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
    """A date beside a signature: ๑๕ มิ.ย. ๖๑ (BE, two digits)."""
    return thai.format_date_short(value, system) if value else ""
