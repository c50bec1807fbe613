"""Thai line breaking: units that must never be split across lines.

Pango breaks Thai with libthai at any dictionary word boundary; a name in parentheses,
"พ.ศ." + year, a number + its unit, "ร้อยละ" + number, a word + ๆ, an opening quote + its
first word and "รายไตรมาส" must stay on one line. ``ita_portal.thai`` finds the units (plain
text joins them with U+00A0); the ``thai`` template library prints them as nowrap spans.
"""

import re
import shutil
import subprocess

import pytest
from django.template import Context, Template

from ita_portal import thai
from ita_portal.pdf import html_to_pdf

NB = "\u00a0"
SPAN = '<span class="nowrap">'


def render(source, pdf=True, ds="thai", **context):
    return Template("{% load thai %}" + source).render(Context({"ds": ds, "pdf": pdf, **context}))


# --- plain text: U+00A0 between the parts of a unit ---------------------------------------------


def test_it_joins_the_units_it_builds_with_no_break_spaces():
    assert thai.be_year_unit(2563, "thai") == f"พ.ศ.{NB}๒๕๖๓"
    assert thai.fiscal_year_unit(2563, "arabic") == f"ปีงบประมาณ{NB}พ.ศ.{NB}2563"
    assert thai.baht_unit(110000, "thai") == f"๑๑๐,๐๐๐{NB}บาท"
    assert thai.baht_unit(None, "thai") == ""
    assert thai.quantity_unit(10, "คน", "thai") == f"๑๐{NB}คน"
    assert thai.percent_unit(85, "thai") == f"ร้อยละ{NB}๘๕"
    assert thai.name_unit(" นายสมพงศ์  พรหมจันทร์ ", "thai") == f"(นายสมพงศ์{NB}พรหมจันทร์)"
    assert thai.name_unit(None, "thai") == "()"


@pytest.mark.parametrize(
    "typed, joined",
    [
        ("เอกสารต่าง ๆ", f"เอกสารต่าง{NB}ๆ"),
        ("ระยะที่ ๓ (พ.ศ. ๒๕๖๐ - ๒๕๖๔)", f"ระยะที่{NB}๓ (พ.ศ.{NB}๒๕๖๐ - ๒๕๖๔)"),
        ("งบประมาณ ๑๑๐,๐๐๐ บาทสำหรับจัดกิจกรรม", f"งบประมาณ ๑๑๐,๐๐๐{NB}บาทสำหรับจัดกิจกรรม"),
        ("ผู้เข้าร่วม ๑๐ คน ร้อยละ ๘๕", f"ผู้เข้าร่วม ๑๐{NB}คน ร้อยละ{NB}๘๕"),
        ("รายงานประจำปีรอบ ๖ เดือน", f"รายงานประจำปีรอบ{NB}๖{NB}เดือน"),
        ("ลงชื่อ (นายสมพงศ์ พรหมจันทร์) ผู้รายงาน", f"ลงชื่อ (นายสมพงศ์{NB}พรหมจันทร์) ผู้รายงาน"),
        ("ตามที่ “โครงการโรงเรียนสุจริต” ได้รับ", "ตามที่ “โครงการโรงเรียนสุจริต” ได้รับ"),
        ("ไม่มีหน่วย เลย", "ไม่มีหน่วย เลย"),
    ],
)
def test_join_units_puts_no_break_spaces_inside_units_only(typed, joined):
    assert thai.join_units(typed) == joined


def test_unit_segments_cut_the_units_out_of_free_text():
    assert thai.unit_segments("ตามที่ “โครงการโรงเรียนสุจริต” ได้รับ") == [
        ("ตามที่ ", False), ("“โครงการ", True), ("โรงเรียนสุจริต” ได้รับ", False),
    ]
    assert thai.unit_segments("การทุจริตรายไตรมาส") == [("การทุจริต", False), ("รายไตรมาส", True)]
    assert thai.unit_segments("ต่าง ๆ\n๑๐ คน") == [(f"ต่าง{NB}ๆ", True), ("\n", False), (f"๑๐{NB}คน", True)]


# --- HTML: nowrap spans, escaping -------------------------------------------------------------


def test_the_filters_print_units_as_nowrap_spans():
    assert render("{{ n|signer:ds }}", n="นายสมพงศ์ พรหมจันทร์") == f"{SPAN}(นายสมพงศ์ พรหมจันทร์)</span>"
    assert render("{{ y|be_year:ds }}", y=2563) == f"{SPAN}พ.ศ. ๒๕๖๓</span>"
    assert render("ประจำ{{ y|fiscal_year:ds }}", ds="arabic", y=2567) == f"ประจำ{SPAN}ปีงบประมาณ พ.ศ. 2567</span>"
    assert render("{{ a|baht_unit:ds }}", a=110000) == f"{SPAN}๑๑๐,๐๐๐ บาท</span>"
    assert render("{{ p|percent:ds }}", p=36.36) == f"{SPAN}ร้อยละ ๓๖.๓๖</span>"
    assert render('{% quantity n "กิจกรรม" ds %}', n=11) == f"{SPAN}๑๑ กิจกรรม</span>"


def test_a_hostile_name_is_escaped_inside_its_span():
    html = render("{{ n|signer:ds }}", n='<script>alert("x")</script> & 1')
    assert html == f'{SPAN}(&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ๑)</span>'


def test_free_text_is_cut_into_spans_in_the_pdf_only_and_stays_escaped():
    typed = 'ต่าง ๆ <b onclick="x">๑๐ คน</b> & "อ้าง'
    pdf = render("{% thai_text t %}", t=typed)
    assert pdf == (
        f'{SPAN}ต่าง ๆ</span> &lt;b onclick=&quot;x&quot;&gt;{SPAN}๑๐ คน</span>&lt;/b&gt; &amp; {SPAN}&quot;อ้าง</span>'
    )
    assert "<b" not in pdf and "onclick=\"" not in pdf
    # The HTML page prints what was typed, escaped, digits converted.
    assert render("{% thai_text t %}", pdf=False, t=typed) == (
        "ต่าง ๆ &lt;b onclick=&quot;x&quot;&gt;๑๐ คน&lt;/b&gt; &amp; &quot;อ้าง"
    )
    assert render("{% thai_text t linebreaks=True %}", t="๑๐ คน\n<i>") == f"{SPAN}๑๐ คน</span><br>&lt;i&gt;"


# --- WeasyPrint: a narrow column --------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_weasyprint_keeps_the_units_on_one_line_in_a_narrow_column():
    body = render(
        '<div class="col">[j] ประจำ{{ y|fiscal_year:ds }}</div>'
        '<div class="col">[j] ลงชื่อผู้รายงาน {{ n|signer:ds }}</div>'
        '<div class="col">[j] {% thai_text t %}</div>'
        # Controls: the same text without the filters, to prove the column splits them.
        '<div class="col">[c] ประจำปีงบประมาณ พ.ศ. {{ y|digits:ds }}</div>'
        '<div class="col">[c] ลงชื่อผู้รายงาน ({{ n|digits:ds }})</div>',
        y=2563, n="นายสมพงศ์ พรหมจันทร์", t="งบประมาณจำนวน ๑๑๐,๐๐๐ บาท",
    )
    html = (
        '<html><head><link rel="stylesheet" href="/static/css/document.css">'
        "<style>.col { width: 3cm; margin-bottom: 12pt; }</style></head>"
        f'<body><div class="document">{body}</div></body></html>'
    )
    layout = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=html_to_pdf(html), capture_output=True, check=True
    ).stdout.decode()
    lines = [re.sub(r"\s+", " ", line).strip() for line in layout.splitlines()]
    whole = ("พ.ศ. ๒๕๖๓", "(นายสมพงศ์ พรหมจันทร์)", "๑๑๐,๐๐๐ บาท")
    blocks = re.split(r"(?=\[[jc]\])", "\n".join(lines))
    joined = [b for b in blocks if b.startswith("[j]")]
    controls = [b for b in blocks if b.startswith("[c]")]
    assert len(joined) == 3 and len(controls) == 2
    for unit, block in zip(whole, joined):
        assert any(unit in line for line in block.splitlines()), (unit, block)
    for unit, block in zip(whole, controls):
        assert not any(unit in line for line in block.splitlines()), ("the column is too wide to test", block)


# --- dates: day, month and year on one line ----------------------------------------------------


@pytest.mark.parametrize(
    "typed, joined",
    [
        ("ประชุมวันที่ 10 พฤษภาคม 2561 (ห้องประชุม)", f"ประชุมวันที่ 10{NB}พฤษภาคม{NB}2561 (ห้องประชุม)"),
        ("ภายในเดือนมีนาคม พ.ศ. ๒๕๖๓", f"ภายในเดือนมีนาคม{NB}พ.ศ.{NB}๒๕๖๓"),
        ("ลงวันที่ ๑๕ มิ.ย. ๖๑", f"ลงวันที่ ๑๕{NB}มิ.ย.{NB}๖๑"),
        ("ตุลาคม – ธันวาคม ๒๕๖๒", f"ตุลาคม – ธันวาคม{NB}๒๕๖๒"),
        # A month name without a year is not a unit.
        ("ทุกเดือนมกราคม ของปี", "ทุกเดือนมกราคม ของปี"),
    ],
)
def test_a_date_or_a_month_and_its_year_is_one_unit(typed, joined):
    assert thai.join_units(typed) == joined


def test_the_date_filters_keep_day_month_and_year_on_one_line():
    import datetime

    day = datetime.date(2018, 5, 10)
    assert render("{{ d|thai_date:ds }}", d=day) == f"{SPAN}๑๐ พฤษภาคม ๒๕๖๑</span>"
    assert render("{{ d|thai_date_abbr:ds }}", ds="arabic", d=day) == f"{SPAN}10 พ.ค. 2561</span>"
    assert render("{{ d|month_year:ds }}", d=day) == f"{SPAN}พฤษภาคม ๒๕๖๑</span>"
    assert render("{{ d|thai_date_short:ds }}", d=day) == f"{SPAN}๑๐ พ.ค. ๖๑</span>"
    assert render("{% month_range a b ds %}", a=datetime.date(2019, 10, 1), b=datetime.date(2019, 12, 1)) == (
        f"ตุลาคม – {SPAN}ธันวาคม ๒๕๖๒</span>"
    )
    assert render("{% month_range a b ds %}", a=datetime.date(2019, 11, 1), b=datetime.date(2020, 3, 1)) == (
        f"{SPAN}พฤศจิกายน ๒๕๖๒</span> – {SPAN}มีนาคม ๒๕๖๓</span>"
    )
    assert render("{{ d|thai_date:ds }}", d=None) == ""
