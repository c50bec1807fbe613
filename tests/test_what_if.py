"""The what-if panel ("ถ้า…") of the ITA result's staff page and of the OIT checklist's
readiness view: supposed scores recomputed beside the current ones, the rule of the rating
explained, the input refused beside its field, and nothing stored."""

import re
from decimal import Decimal

import pytest

from tests.assessments_fixtures import FIXTURES, seed_002, seed_004  # noqa: F401
from tests.conftest import Cast

THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def cell(html: str, name: str) -> str:
    """The text of the what-if cell marked ``data-what-if="name"``."""
    match = re.search(rf'data-what-if="{re.escape(name)}">([^<]*)<', html)
    assert match, f"no what-if cell {name!r}"
    return match.group(1).strip()


def reasons(html: str) -> str:
    """The text of the rating rule's explanation, tags removed and spaces collapsed."""
    block = html.split('class="what-if-reasons"', 1)[1].split("</ul>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


@pytest.fixture
def result_2568(db):
    """A result under the 2568 framework (qualitative scale) in Thai digits: IIT 99.20,
    EIT 84.00, OIT 99.20 — total 0.3 × 99.20 + 0.3 × 84.00 + 0.4 × 99.20 = 29.76 + 25.20 +
    39.68 = 94.64, yet only ผ่าน: ผ่านดี needs every tool at 85."""
    from assessments.models import IndicatorScore, ITAResult
    from ita_portal.models import Organization
    from ita_portal.seeds import load_seed

    (framework,) = load_seed(FIXTURES / "seed_0000_framework_nacc_2568.json")["documents"]
    organization = Organization.objects.create(code="spm-test-1", name="สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาทดสอบ", short_name="สพม.ทดสอบ")
    result = ITAResult.objects.create(organization=organization, framework=framework, digit_system="thai")
    by_tool = {"IIT": "99.20", "EIT": "84.00", "OIT": "99.20"}
    for indicator in framework.indicators.select_related("tool"):
        IndicatorScore.objects.create(result=result, indicator=indicator, score=Decimal(by_tool[indicator.tool.code]))
    return result


def test_it_explains_that_eit_below_85_keeps_a_total_of_94_64_at_pass(result_2568):
    cast = Cast(result_2568.organization)
    html = cast.client_for("supervisor").get(result_2568.get_staff_url()).text
    assert cell(html, "current-total") == "๙๔.๖๔"
    assert cell(html, "current-rating") == "ผ่าน"
    assert "ทุกเครื่องมือต้องได้ไม่น้อยกว่า ๘๕ คะแนน จึงจะได้ระดับผ่านดี: EIT ได้ ๘๔.๐๐ จึงได้ระดับผ่าน" in reasons(html)
    # The band table of the framework's scale, in the document's digits.
    assert "ผ่านดีเยี่ยม" in html and "ต้องปรับปรุงโดยด่วน" in html and "๙๕.๐๐" in html


def test_it_rates_passed_well_when_eit_is_supposed_85(result_2568):
    cast = Cast(result_2568.organization)
    html = cast.client_for("supervisor").get(result_2568.get_staff_url(), {"eit": "85.00"}).text
    assert cell(html, "EIT") == "๘๕.๐๐"
    # 94.64 + 0.3 × (85.00 − 84.00) = 94.94
    assert cell(html, "total") == "๙๔.๙๔"
    assert cell(html, "rating") == "ผ่านดี"
    assert cell(html, "current-rating") == "ผ่าน"
    text = reasons(html)
    assert "ถ้าเป็นไปตามที่สมมติ: คะแนนรวม ๙๔.๙๔ ได้ระดับผ่านดี" in text
    # Only the current figures still fall short on EIT.
    assert text.count("EIT ได้ ๘๔.๐๐") == 1


def test_ticking_sub_indicator_9_5_of_seed_002_raises_oit_by_the_hand_computed_amount(seed_002):
    cast = Cast(seed_002.organization)
    client = cast.client_for("supervisor")
    html = client.get(seed_002.get_staff_url()).text.translate(THAI_TO_ARABIC)
    # OBEC 2566 weights IIT 30, EIT 30, OIT 40. Now OIT = (9: 95.00 + 10: 100.00) / 2 = 97.50.
    assert cell(html, "current-total") == "94.96"
    html = client.get(seed_002.get_staff_url(), {"passed": "9.5"}).text.translate(THAI_TO_ARABIC)
    # 9.5 supposed 100: 9 = (100 + 100 + 100 + 100 + 100) / 5 = 100.00, OIT = (100 + 100) / 2
    # = 100.00, up 2.50 from 97.50; weighted 100 × 40 / 100 = 40.00 (was 39.00), so the total
    # goes up 2.50 × 40 / 100 = 1.00: 94.9558 + 1.00 = 95.9558 → 95.96, AA from 95.00.
    assert cell(html, "OIT") == "100.00"
    assert cell(html, "total") == "95.96"
    assert cell(html, "rating") == "AA"
    assert cell(html, "current-rating") == "A"


def test_ticking_items_on_the_checklist_raises_its_oit_score(seed_004):
    cast = Cast(seed_004.organization)
    html = cast.client_for("supervisor").get(seed_004.get_absolute_url(), {"passed": ["10", "11"]}).text
    html = html.translate(THAI_TO_ARABIC)
    # MOE 2563, every item scored 0; items 10 and 11 are 2 of the 4 items of 9.2: 9.2 = 50.00,
    # 9 = (0 + 50 + 0 + 0 + 0) / 5 = 10.00, 10 = 0, OIT = (10 + 0) / 2 = 5.00 = the total (OIT
    # weighs 100).
    assert cell(html, "OIT") == "5.00"
    assert cell(html, "total") == "5.00"
    assert cell(html, "current-total") == "0.00"


@pytest.mark.parametrize("typed", ["101", "abc", "84.001", "8 5"])
def test_a_refused_score_gets_a_thai_message_beside_its_field(result_2568, typed):
    cast = Cast(result_2568.organization)
    html = cast.client_for("supervisor").get(result_2568.get_staff_url(), {"eit": typed}).text
    message = re.search(r'id="id_eit_error">([^<]*)<', html)
    assert message and "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in message.group(1)
    assert 'aria-describedby="id_eit_error"' in html
    assert 'data-what-if="total"' not in html  # nothing computed from a refused input


def test_an_item_that_is_not_open_is_refused_beside_the_ticks(seed_002):
    cast = Cast(seed_002.organization)
    html = cast.client_for("supervisor").get(seed_002.get_staff_url(), {"passed": "9.1"}).text
    assert 'id="id_passed_error"' in html and "รายการที่เลือกไม่อยู่ในรายการที่ยังไม่ผ่าน" in html


def test_outsiders_get_404(seed_002, seed_004):
    cast = Cast(seed_002.organization)
    for role in ("outsider", "other_supervisor"):
        client = cast.client_for(role)
        assert client.get(seed_002.get_staff_url(), {"passed": "9.5"}).status_code == 404
    cast_004 = Cast(seed_004.organization)
    assert cast_004.client_for("outsider").get(seed_004.get_absolute_url(), {"passed": "10"}).status_code == 404


def test_viewers_may_use_it_and_it_changes_nothing(seed_002):
    from assessments.models import SubIndicatorScore

    before = sorted(SubIndicatorScore.objects.filter(result=seed_002).values_list("sub_indicator__number", "score"))
    version = type(seed_002).objects.get(pk=seed_002.pk).version
    cast = Cast(seed_002.organization)
    response = cast.client_for("viewer").get(seed_002.get_staff_url(), {"passed": "9.5", "iit": "100"})
    assert response.status_code == 200
    assert cell(response.text.translate(THAI_TO_ARABIC), "OIT") == "100.00"
    assert sorted(SubIndicatorScore.objects.filter(result=seed_002).values_list("sub_indicator__number", "score")) == before
    assert type(seed_002).objects.get(pk=seed_002.pk).version == version
    assert ("9.5", Decimal("75.00")) in before


def test_the_what_if_costs_no_query_beyond_the_staff_page(seed_002):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Cast(seed_002.organization).client_for("supervisor")
    client.get(seed_002.get_staff_url())  # sessions and caches warmed
    with CaptureQueriesContext(connection) as plain:
        client.get(seed_002.get_staff_url())
    with CaptureQueriesContext(connection) as supposed:
        client.get(seed_002.get_staff_url(), {"passed": "9.5", "iit": "95", "eit": "95"})
    # tests/test_query_counts.py pins the staff page (18 queries); the panel adds none.
    assert len(supposed.captured_queries) == len(plain.captured_queries)
