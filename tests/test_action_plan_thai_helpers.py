"""Helpers of ita_portal.thai for the action plan and calendar documents: two-digit BE
years in schedule heads and beside signatures."""

import datetime

from django.template import Context, Template

from ita_portal import thai


def test_month_short_uses_two_digit_be_year():
    assert thai.format_month_short(datetime.date(2021, 1, 1), thai.ARABIC) == "ม.ค. 64"
    assert thai.format_month_short(datetime.date(2020, 10, 1), thai.THAI) == "ต.ค. ๖๓"


def test_date_short_is_written_as_beside_a_signature():
    assert thai.format_date_short(datetime.date(2018, 6, 15), thai.THAI) == "๑๕ มิ.ย. ๖๑"
    assert thai.short_be_year(datetime.date(2057, 1, 1)) == "00"


def test_the_template_filters():
    t = Template("{% load thai %}{{ d|month_abbr_yy:ds }}|{{ d|thai_date_short:ds }}|{{ none|thai_date_short:ds }}")
    assert t.render(Context({"d": datetime.date(2021, 3, 5), "ds": "thai", "none": None})) == 'มี.ค. ๖๔|<span class="nowrap">๕ มี.ค. ๖๔</span>|'
