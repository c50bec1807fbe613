"""Score-Final of an office's schools (``assessments.score_final``): the figures against
numbers worked out by hand, the workbook for OBEC read back, the report's page and PDF, who
may see what, and queries that do not grow with the schools.

The world is made here: a school-round framework (body ``obec_sch``) of fiscal year 2570 with
tools IIT 30, EIT 30, OIT 40; indicators 1–2 (IIT), 3–4 (EIT), 5 (OIT, sub-indicators 5.1 and
5.2, no published score) and 6 (OIT); bands AA 95, A 85, B 75, C 65, D 55, E 50, F 0. An
office "สพป.ทดสอบคะแนน" (director นายผู้อำนวยการ ทดสอบคะแนน) above OBEC's test office, with
four schools: A (a corrected result: the revision counts), B, C (indicators 4, 5, 6
missing) and D (no result). Another office with one school of its own.

Worked by hand (weights 30/30/40, tool = mean of its indicators, total from unrounded
figures, rounded half up to two decimals at the end):

* A: IIT (96 + 98.5) / 2 = 97.25; EIT (95.25 + 97) / 2 = 96.125 → 96.13; indicator 5 =
  (100 + 90) / 2 = 95, OIT (95 + 100) / 2 = 97.5; total 29.175 + 28.8375 + 39 = 97.0125 →
  97.01, AA.
* B: IIT (88 + 80) / 2 = 84; EIT (90.10 + 85) / 2 = 87.55; indicator 5 = (100 + 50) / 2 = 75,
  OIT (75 + 90) / 2 = 82.5; total 25.2 + 26.265 + 33 = 84.465 → 84.47, B.
* C: IIT (90 + 92) / 2 = 91; EIT and OIT missing (indicators 4, 5, 6): no total.
* Office: 2 scored; AA 1, B 1, the others 0; mean total (97.0125 + 84.465) / 2 = 90.73875 →
  90.74; mean IIT 90.625 → 90.63, EIT 91.8375 → 91.84, OIT 90.00.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Framework, Indicator, IndicatorScore, ITAResult, RatingBand, SubIndicator, SubIndicatorScore, Tool
from assessments.score_final import office_scores
from assessments.scoring import round_score
from ita_portal.models import Membership, Organization
from tests.conftest import LOGIN, outcome

D = Decimal
DIRECTOR = "นายผู้อำนวยการ ทดสอบคะแนน"


def _org(code, name, parent=None, level="school", **extra):
    return Organization.objects.create(code=code, name=name, short_name=name, parent=parent, level=level, **extra)


def _member(username, organization, role):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-not-used-1")
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def _framework(year=2570):
    framework = Framework.objects.create(assessing_body="obec_sch", fiscal_year=year, name=f"ITA Online สถานศึกษา ทดสอบ {year}")
    tools = {code: Tool.objects.create(framework=framework, code=code, weight=w, order=n)
             for n, (code, w) in enumerate((("IIT", 30), ("EIT", 30), ("OIT", 40)), start=1)}
    ind = {}
    for number, code in ((1, "IIT"), (2, "IIT"), (3, "EIT"), (4, "EIT"), (5, "OIT"), (6, "OIT")):
        ind[number] = Indicator.objects.create(framework=framework, tool=tools[code], number=number, name=f"ตัวชี้วัดทดสอบ {number}")
    subs = {n: SubIndicator.objects.create(indicator=ind[5], number=f"5.{n}", name=f"ย่อย 5.{n}", order=n) for n in (1, 2)}
    for label, low in (("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)):
        RatingBand.objects.create(framework=framework, label=label, min_total=low)
    return framework, ind, subs


def _result(school, framework, ind, subs, scores: dict, sub_scores: dict = None, **extra):
    result = ITAResult.objects.create(organization=school, framework=framework, **extra)
    for number, score in scores.items():
        IndicatorScore.objects.create(result=result, indicator=ind[number], score=D(score))
    for n, score in (sub_scores or {}).items():
        SubIndicatorScore.objects.create(result=result, sub_indicator=subs[n], score=D(score))
    return result


@pytest.fixture
def world(db):
    framework, ind, subs = _framework()
    obec = _org("obec-test-score", "สพฐ.ทดสอบคะแนน", level="obec")
    office = _org("spp-score", "สพป.ทดสอบคะแนน", obec, level="area_office", director_name=DIRECTOR)
    a, b = _org("school-sa", "โรงเรียนคะแนนเอ", office), _org("school-sb", "โรงเรียนคะแนนบี", office)
    c, d = _org("school-sc", "โรงเรียนคะแนนซี", office), _org("school-sd", "โรงเรียนคะแนนดี", office)
    other = _org("spp-score-other", "สพป.อื่นทดสอบคะแนน", level="area_office")
    z = _org("school-sz", "โรงเรียนอื่นคะแนน", other)
    first = _result(a, framework, ind, subs, {n: "50.00" for n in (1, 2, 3, 4, 6)}, {1: "50", 2: "50"})
    _result(a, framework, ind, subs, {1: "96.00", 2: "98.50", 3: "95.25", 4: "97.00", 6: "100.00"}, {1: "100.00", 2: "90.00"},
            revision=2, revision_of=first)
    _result(b, framework, ind, subs, {1: "88.00", 2: "80.00", 3: "90.10", 4: "85.00", 6: "90.00"}, {1: "100.00", 2: "50.00"})
    _result(c, framework, ind, subs, {1: "90.00", 2: "92.00", 3: "91.00"})
    _result(z, framework, ind, subs, {n: "99.00" for n in (1, 2, 3, 4, 5, 6)})
    older, oind, osubs = _framework(2569)
    _result(a, older, oind, osubs, {n: "10.00" for n in (1, 2, 3, 4, 5, 6)})  # another year: not in 2570's figures
    return {
        "office": office, "schools": (a, b, c, d), "other": other,
        "viewer": _member("score-viewer", office, "viewer"), "assessor": _member("score-assessor", office, "assessor"),
        "obec": _member("score-obec", obec, "viewer"), "school_sup": _member("score-school-a", a, "supervisor"),
        "other_member": _member("score-other", other, "assessor"), "outsider": get_user_model().objects.create_user("score-out", "o@example.com", "pw-not-used-1"),
    }


def _urls(office, year=2570):
    return {name: reverse(f"assessments:{name}", args=[office.pk]) + f"?year={year}" for name in ("score_final", "score_final_xlsx", "score_final_pdf")}


# --- the figures ---------------------------------------------------------------------------


def test_it_computes_each_school_as_worked_by_hand(world):
    scores = office_scores(world["office"], 2570)
    assert scores.years == [2570, 2569]
    assert [c.code for c in scores.columns] == ["IIT", "EIT", "OIT"]
    assert [i.number for i in scores.indicator_columns] == [1, 2, 3, 4, 5, 6]
    a, b, c, d = scores.rows
    assert [r.school.code for r in scores.rows] == ["school-sa", "school-sb", "school-sc", "school-sd"]
    assert a.rounded_indicators == [D("96.00"), D("98.50"), D("95.25"), D("97.00"), D("95.00"), D("100.00")]
    assert a.rounded_tools == [D("97.25"), D("96.13"), D("97.50")]
    assert a.rounded_total == D("97.01") and a.rating == "AA" and a.complete
    assert b.rounded_tools == [D("84.00"), D("87.55"), D("82.50")]
    assert b.rounded_total == D("84.47") and b.rating == "B" and b.complete
    assert c.rounded_tools == [D("91.00"), None, None] and c.total is None and c.rating == ""
    assert c.missing == ["ยังไม่มีคะแนนตัวชี้วัดที่ 4, 5, 6"]
    assert d.result is None and d.missing == ["ยังไม่มีผลการประเมิน"]


def test_the_offices_summary_counts_the_scored_schools(world):
    scores = office_scores(world["office"], 2570)
    assert len(scores.complete_rows) == 2
    assert [r.school.code for r in scores.incomplete_rows] == ["school-sc", "school-sd"]
    assert {c.label: c.count for c in scores.rating_counts} == {"AA": 1, "A": 0, "B": 1, "C": 0, "D": 0, "E": 0, "F": 0}
    assert [c.label for c in scores.rating_counts] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert scores.mean_total == D("90.73875")
    assert [round_score(m) for m in scores.mean_tools] == [D("90.63"), D("91.84"), D("90.00")]


def test_another_year_is_its_own(world):
    scores = office_scores(world["office"], 2569)
    assert scores.fiscal_year == 2569
    assert scores.rows[0].rounded_total == D("10.00") and scores.rows[0].rating == "F"
    assert [r.result is None for r in scores.rows] == [False, True, True, True]


# --- the page, the workbook, the PDF -------------------------------------------------------


def test_the_page_shows_the_figures_and_the_directors_name(world, client):
    client.force_login(world["viewer"])
    response = client.get(_urls(world["office"])["score_final"])
    assert response.status_code == 200
    html = response.content.decode()
    # the office's digits are Thai by default
    assert "๙๗.๐๑" in html and "๘๔.๔๗" in html and "๙๐.๗๔" in html
    assert "(นายผู้อำนวยการ ทดสอบคะแนน)" in html
    assert "ยังไม่มีคะแนนตัวชี้วัดที่ ๔, ๕, ๖" in html and "ยังไม่มีผลการประเมิน" in html
    assert "ยังไม่ได้ยืนยันกับแม่แบบ" in html
    assert "ขั้นต่อไป" in html


def test_the_workbook_read_back_has_the_figures(world, client):
    from openpyxl import load_workbook

    from assessments.score_final_xlsx import HEADER_ROW

    client.force_login(world["assessor"])
    response = client.get(_urls(world["office"])["score_final_xlsx"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Score-School", "Score-Final"]
    final = book["Score-Final"]
    assert "สพป.ทดสอบคะแนน" in final["A1"].value and "2570" in final["A1"].value
    assert "ยังไม่ได้ยืนยัน" in final["A2"].value
    header = [c.value for c in final[HEADER_ROW]]
    assert header == ["ลำดับ", "รหัสหน่วยงาน", "ชื่อสถานศึกษา", "IIT (ร้อยละ 30)", "EIT (ร้อยละ 30)", "OIT (ร้อยละ 40)",
                      "คะแนนรวม", "ระดับผลการประเมิน", "หมายเหตุ"]
    rows = [[c.value for c in row] for row in final.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 4)]
    assert rows[0][1:8] == ["school-sa", "โรงเรียนคะแนนเอ", 97.25, 96.13, 97.5, 97.01, "AA"]
    assert rows[1][1:8] == ["school-sb", "โรงเรียนคะแนนบี", 84.0, 87.55, 82.5, 84.47, "B"]
    assert rows[2][3:8] == [91.0, None, None, None, None] and rows[2][8] == "ยังไม่มีคะแนนตัวชี้วัดที่ 4, 5, 6"
    assert rows[3][8] == "ยังไม่มีผลการประเมิน"
    assert final.cell(HEADER_ROW + 1, 7).number_format == "0.00"
    summary = {row[0].value: row[1].value for row in final.iter_rows(min_row=HEADER_ROW + 6) if row[0].value}
    assert summary["มีผลการประเมินครบ (แห่ง)"] == 2 and summary["ระดับ AA (แห่ง)"] == 1 and summary["ระดับ B (แห่ง)"] == 1
    assert summary["ค่าเฉลี่ยคะแนนรวม"] == 90.74
    school = book["Score-School"]
    assert [c.value for c in school[HEADER_ROW]][3:12] == [
        "ตัวชี้วัดที่ 1 ตัวชี้วัดทดสอบ 1", "ตัวชี้วัดที่ 2 ตัวชี้วัดทดสอบ 2", "ตัวชี้วัดที่ 3 ตัวชี้วัดทดสอบ 3",
        "ตัวชี้วัดที่ 4 ตัวชี้วัดทดสอบ 4", "ตัวชี้วัดที่ 5 ตัวชี้วัดทดสอบ 5", "ตัวชี้วัดที่ 6 ตัวชี้วัดทดสอบ 6",
        "IIT (ร้อยละ 30)", "EIT (ร้อยละ 30)", "OIT (ร้อยละ 40)",
    ]
    assert [c.value for c in school[HEADER_ROW + 1]][3:12] == [96.0, 98.5, 95.25, 97.0, 95.0, 100.0, 97.25, 96.13, 97.5]


def test_the_report_pdf_renders(world, client):
    client.force_login(world["obec"])
    response = client.get(_urls(world["office"])["score_final_pdf"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):  # poppler-utils: what the PDF prints
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
        assert "(นายผู้อำนวยการ ทดสอบคะแนน)" in text
        assert "๙๗.๐๑" in text and "๘๔.๔๗" in text and "Score-School" in text


def test_a_long_report_is_rendered_by_the_worker_while_a_page_waits(world, client, settings, monkeypatch):
    """Rule "long renders run in the background": over ``INLINE_HTML_CHARS`` the request
    queues the render and answers 202 with a page that reloads; the next request gets the
    stored PDF. (Immediate task backend: the render happens at the enqueue.)"""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("ita_portal.pdf_cache.INLINE_HTML_CHARS", 1000)
    rendered = []
    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", lambda html: rendered.append(html) or b"%PDF-1.4 stub\n")
    client.force_login(world["viewer"])
    url = _urls(world["office"])["score_final_pdf"]
    waiting = client.get(url)
    assert waiting.status_code == 202 and waiting["Refresh"] == "3" and "กำลังจัดทำไฟล์ PDF" in waiting.content.decode()
    assert len(rendered) == 1  # by the task, not by the request's own path
    ready = client.get(url)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF") and len(rendered) == 1


def test_the_office_list_links_to_score_final(world, client):
    client.force_login(world["assessor"])
    html = client.get(reverse("assessments:schools", args=[world["office"].pk])).content.decode()
    for name in ("score_final", "score_final_xlsx", "score_final_pdf"):  # no checklist yet: no year in the links
        assert f'href="{reverse(f"assessments:{name}", args=[world["office"].pk])}"' in html


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "page", "files"),
    [
        ("anonymous", LOGIN, LOGIN),
        ("viewer", 200, 200),  # the office's members read
        ("assessor", 200, 200),
        ("obec", 200, 200),  # and the members above it
        ("school_sup", 200, 403),  # a school: its own row only, not the office's files
        ("other_member", 403, 403),  # another office
        ("outsider", 403, 403),
    ],
)
def test_who_sees_score_final(world, client, monkeypatch, who, page, files):
    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", lambda html: b"%PDF-1.4 stub\n")
    if who != "anonymous":
        client.force_login(world[who])
    urls = _urls(world["office"])
    assert outcome(client.get(urls["score_final"])) == page
    assert outcome(client.get(urls["score_final_xlsx"])) == files
    assert outcome(client.get(urls["score_final_pdf"])) == files
    assert client.post(urls["score_final"]).status_code in (302, 405)


def test_a_school_sees_only_itself(world, client):
    client.force_login(world["school_sup"])
    response = client.get(_urls(world["office"])["score_final"])
    rows = response.context["scores"].rows
    assert [r.school.code for r in rows] == ["school-sa"]
    html = response.content.decode()
    assert "โรงเรียนคะแนนบี" not in html and "school-sb" not in html


# --- queries ---------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_schools(world, client, monkeypatch):
    monkeypatch.setattr("ita_portal.pdf.html_to_pdf", lambda html: b"%PDF-1.4 stub\n")
    framework = Framework.objects.get(assessing_body="obec_sch", fiscal_year=2570)
    ind = {i.number: i for i in framework.indicators.all()}
    subs = {int(s.number[-1]): s for s in SubIndicator.objects.filter(indicator=ind[5])}
    office = _org("spp-score-count", "สพป.นับคำสั่ง", level="area_office", director_name=DIRECTOR)
    user = _member("score-count", office, "viewer")
    client.force_login(user)

    def add(n):
        school = _org(f"school-count-{n}", f"โรงเรียนนับ {n}", office)
        _result(school, framework, ind, subs, {1: "90.00", 2: "91.00", 3: "92.00", 4: "93.00", 6: "94.00"}, {1: "100", 2: "80"})

    for n in range(3):
        add(n)
    urls = _urls(office)
    with_3 = {name: _count(client, url) for name, url in urls.items()}
    for n in range(3, 10):
        add(n)
    with_10 = {name: _count(client, url) for name, url in urls.items()}
    assert with_3 == with_10
    assert len(client.get(urls["score_final"]).context["scores"].rows) == 10
