"""ita_portal.thai: Buddhist Era, fiscal year and quarter, digits, month ranges, baht."""

import datetime
from decimal import Decimal

import pytest

from ita_portal import thai

D = datetime.date


@pytest.mark.parametrize(
    ("day", "fy", "quarter"),
    [
        (D(2020, 9, 30), 2563, 4),
        (D(2020, 10, 1), 2564, 1),
        (D(2019, 12, 31), 2563, 1),
        (D(2020, 1, 1), 2563, 2),
        (D(2020, 3, 31), 2563, 2),
        (D(2020, 4, 1), 2563, 3),
        (D(2020, 6, 30), 2563, 3),
        (D(2020, 7, 1), 2563, 4),
    ],
)
def test_it_gives_fiscal_year_and_quarter_at_the_boundaries(day, fy, quarter):
    assert thai.fiscal_year(day) == fy
    assert thai.fiscal_quarter(day) == quarter


def test_it_converts_buddhist_era_both_ways():
    assert thai.be_year(2020) == 2563
    assert thai.ce_year(2563) == 2020
    assert thai.ce_year(thai.be_year(1999)) == 1999


def test_it_bounds_the_fiscal_year():
    assert thai.fiscal_year_start(2563) == D(2019, 10, 1)
    assert thai.fiscal_year_end(2563) == D(2020, 9, 30)
    assert thai.in_fiscal_year(D(2019, 10, 1), 2563)
    assert not thai.in_fiscal_year(D(2019, 9, 30), 2563)
    assert not thai.in_fiscal_year(D(2020, 10, 1), 2563)


def test_it_lists_the_months_of_a_quarter():
    assert thai.quarter_months(2563, 1) == [D(2019, 10, 1), D(2019, 11, 1), D(2019, 12, 1)]
    assert thai.quarter_months(2563, 2) == [D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1)]
    with pytest.raises(ValueError):
        thai.quarter_months(2563, 5)
    with pytest.raises(ValueError):
        thai.quarter_months(2563, 0)


def test_it_converts_digits_both_ways():
    assert thai.to_thai_digits("ปี 2563: 110,000.50") == "ปี ๒๕๖๓: ๑๑๐,๐๐๐.๕๐"
    assert thai.to_arabic_digits("ปี ๒๕๖๓: ๑๑๐,๐๐๐.๕๐") == "ปี 2563: 110,000.50"
    assert thai.apply_digits("๑ and 2", thai.THAI) == "๑ and ๒"
    assert thai.apply_digits("๑ and 2", thai.ARABIC) == "1 and 2"
    assert thai.apply_digits("0123456789", thai.THAI) == "๐๑๒๓๔๕๖๗๘๙"
    with pytest.raises(ValueError):
        thai.apply_digits("1", "roman")


def test_it_formats_dates_in_buddhist_era():
    assert thai.format_date(D(2020, 1, 5), thai.THAI) == "๕ มกราคม ๒๕๖๓"
    assert thai.format_date(D(2020, 1, 5), thai.ARABIC, abbr=True) == "5 ม.ค. 2563"
    assert thai.format_month_year(D(2019, 10, 1), thai.THAI) == "ตุลาคม ๒๕๖๒"


def test_it_formats_month_ranges():
    assert thai.format_month_range(D(2020, 2, 1), D(2020, 6, 1), thai.THAI) == "กุมภาพันธ์ – มิถุนายน ๒๕๖๓"
    assert thai.format_month_range(D(2020, 2, 1), D(2020, 2, 1), thai.THAI) == "กุมภาพันธ์ ๒๕๖๓"
    assert thai.format_month_range(D(2019, 11, 1), D(2020, 3, 1), thai.ARABIC) == "พฤศจิกายน 2562 – มีนาคม 2563"
    assert thai.format_quarter_period(2563, 2, thai.THAI) == "มกราคม – มีนาคม ๒๕๖๓"
    with pytest.raises(ValueError):
        thai.format_month_range(D(2020, 6, 1), D(2020, 2, 1), thai.THAI)


def test_it_formats_baht():
    assert thai.format_baht(Decimal("110000"), thai.THAI) == "๑๑๐,๐๐๐"
    assert thai.format_baht(Decimal("1234.5"), thai.ARABIC) == "1,234.50"
    assert thai.format_baht(Decimal("0"), thai.THAI) == "๐"
    assert thai.format_baht(Decimal("0"), thai.THAI, dash_zero=True) == "-"
    assert thai.format_number(Decimal("61.00"), thai.THAI) == "๖๑"
    assert thai.baht_text(Decimal("110000")) == "หนึ่งแสนหนึ่งหมื่นบาทถ้วน"


def test_the_digits_filter_escapes_after_converting(db):
    from django.template import Context, Template

    html = Template("{% load thai %}{{ v|digits:'thai' }}").render(Context({"v": "<b>'2563'</b>"}))
    assert html == "&lt;b&gt;&#x27;๒๕๖๓&#x27;&lt;/b&gt;"
