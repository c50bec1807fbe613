"""The NACC frameworks of fiscal years 2566–2570 (BE) as shipped in ``fixtures/``: their item
lists, sub-indicators, rating rules, verification states and evidence periods, and where the
verification state is shown (staff pages and admin, never the public OIT pages).

Sources of the expected figures: seed 002 (สพป.ตาก เขต 2, 2566: 27.84 / 28.11 / 39.00 /
94.96, "ระดับ A"); the NACC statement on SAO's ITA 2568 (mgronline.com, total 94.64 rated
"ผ่าน" because EIT < 85); ``ita-frameworks-2566-2569.md`` for the item lists.
"""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    DisclosureItem,
    EvidencePeriod,
    Framework,
    IndicatorScore,
    ITAResult,
    OITChecklist,
    Verification,
)
from assessments.seeds import save_scores
from ita_portal import thai
from ita_portal.models import Organization
from ita_portal.seeds import load_seed
from tests.assessments_fixtures import FIXTURES, SEED_002, _framework_ids, frameworks, seed_002  # noqa: F401
from tests.conftest import Cast

QUALITATIVE = [
    ("ผ่านดีเยี่ยม", Decimal("95.00"), Decimal("95.00")),
    ("ผ่านดี", Decimal("85.00"), Decimal("85.00")),
    ("ผ่าน", Decimal("85.00"), None),
    ("ต้องปรับปรุง", Decimal("70.00"), None),
    ("ต้องปรับปรุงโดยด่วน", Decimal("0.00"), None),
]
LETTERS = [(label, Decimal(t), None) for label, t in [("AA", "95"), ("A", "85"), ("B", "75"), ("C", "65"), ("D", "55"), ("E", "50"), ("F", "0")]]

# (item count, {sub-indicator: number of items}, rating bands, framework verification)
SHIPPED = {
    2566: (43, {"9.1": 10, "9.2": 8, "9.3": 4, "9.4": 4, "9.5": 4, "10.1": 8, "10.2": 5}, LETTERS, Verification.SECONDARY),
    2567: (43, {"9.1": 10, "9.2": 8, "9.3": 4, "9.4": 4, "9.5": 4, "10.1": 8, "10.2": 5}, QUALITATIVE, Verification.SECONDARY),
    2568: (24, {"9.1": 7, "9.2": 4, "9.3": 2, "9.4": 2, "9.5": 4, "10.1": 4, "10.2": 1}, QUALITATIVE, Verification.PROVISIONAL),
    2569: (26, {"9.1": 7, "9.2": 3, "9.3": 2, "9.4": 2, "9.5": 4, "10.1": 5, "10.2": 3}, QUALITATIVE, Verification.PROVISIONAL),
    2570: (26, {"9.1": 7, "9.2": 3, "9.3": 2, "9.4": 2, "9.5": 4, "10.1": 5, "10.2": 3}, QUALITATIVE, Verification.PROVISIONAL),
}


def _sub_sizes(framework) -> dict:
    sizes = {}
    for item in framework.items.select_related("sub_indicator"):
        sizes[item.sub_indicator.number] = sizes.get(item.sub_indicator.number, 0) + 1
    return sizes


@pytest.mark.parametrize("year", sorted(SHIPPED))
def test_it_ships_each_years_items_sub_indicators_and_rating_rules(frameworks, year):
    count, sizes, bands, verification = SHIPPED[year]
    framework = frameworks[("nacc", year)]
    codes = list(framework.items.order_by("order").values_list("code", flat=True))
    assert codes == [f"O{n}" for n in range(1, count + 1)]
    assert _sub_sizes(framework) == sizes
    assert [(b.label, b.min_total, b.min_each_tool) for b in framework.rating_bands.all()] == bands
    assert framework.pass_mark == Decimal("85.00")
    assert {t.code: t.weight for t in framework.tools.all()} == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert framework.indicators.count() == 10
    assert framework.verification == verification
    assert framework.verification_source.strip()
    # Every item says how sure it is and where it comes from.
    for item in framework.items.all():
        assert item.verification in Verification.values and item.source.strip(), item.code


def test_every_framework_fixture_loads_and_states_its_verification(frameworks):
    assert sorted(frameworks) == [
        ("moe", 2563), ("nacc", 2563), ("nacc", 2564), ("nacc", 2565), ("nacc", 2566),
        ("nacc", 2567), ("nacc", 2568), ("nacc", 2569), ("nacc", 2570), ("obec", 2566), ("obec_sch", 2566),
    ]
    states = {key: f.verification for key, f in frameworks.items()}
    assert states[("nacc", 2563)] == Verification.VERIFIED
    assert states[("obec", 2566)] == Verification.SECONDARY
    # Nothing of 2566 onward is claimed as verified: NACC's own manuals were not read.
    assert not DisclosureItem.objects.filter(framework__fiscal_year__gte=2566, verification=Verification.VERIFIED).exists()


def test_obecs_school_round_of_2566_is_o1_to_o43_in_the_schools_wording_and_provisional(frameworks, client):
    school = frameworks[("obec_sch", 2566)]
    assert school.verification == Verification.PROVISIONAL
    assert "รอบสถานศึกษา" in school.name and "S-ITASCH" in school.verification_source
    assert list(school.items.order_by("order").values_list("code", flat=True)) == [f"O{n}" for n in range(1, 44)]
    assert _sub_sizes(school) == {"9.1": 10, "9.2": 8, "9.3": 4, "9.4": 4, "9.5": 4, "10.1": 8, "10.2": 5}
    o4 = school.items.get(code="O4")
    assert o4.title == "แผนยุทธศาสตร์หรือแผนพัฒนาสถานศึกษา" and o4.verification == Verification.PROVISIONAL
    assert "S-KRU66" in o4.source and "ยังไม่ได้ยืนยัน" in o4.source
    assert school.items.get(code="O1").verification == Verification.SECONDARY  # the list itself: as NACC 2566
    # the offices' own OBEC framework of the year is untouched beside it
    assert frameworks[("obec", 2566)].verification == Verification.SECONDARY
    # an administrator sees the framework with its state
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("fw-root", "fw-root@example.com", "pw-not-used-1"))
    page = client.get(reverse("assessments:framework_detail", args=[school.pk])).content.decode()
    assert "รอบสถานศึกษา" in page and "แผนยุทธศาสตร์หรือแผนพัฒนาสถานศึกษา" in page


def test_2566_has_the_new_items_and_9_3_is_procurement(frameworks):
    items = {i.code: i for i in frameworks[("nacc", 2566)].items.select_related("sub_indicator")}
    assert items["O1"].title == "โครงสร้าง"  # the candidate list's "โครงสร้" is a typo
    assert items["O10"].title == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert all("No Gift Policy" in items[c].title for c in ("O31", "O32", "O33"))
    assert all("จริยธรรม" in items[c].title for c in ("O39", "O40", "O41"))
    assert items["O11"].title == "แผนดำเนินงานและการใช้งบประมาณประจำปี"
    assert {items[c].sub_indicator.name for c in ("O19", "O20", "O21", "O22")} == {"การจัดซื้อจัดจ้าง"}
    assert not any(i.title.startswith("แผนการใช้จ่ายงบประมาณ") for i in items.values())
    # "รอบ 6 เดือน" was not seen in O12's title, so it is not added nor its period guessed.
    assert "รอบ 6 เดือน" not in items["O12"].title and items["O12"].evidence_period == EvidencePeriod.UNKNOWN
    assert items["O31"].evidence_period == EvidencePeriod.CURRENT_FISCAL_YEAR
    assert items["O37"].evidence_period == EvidencePeriod.FIRST_HALF


def test_the_2567_fixture_names_9_3_procurement_and_presumes_the_2566_list(frameworks):
    framework = frameworks[("nacc", 2567)]
    sub = framework.indicators.get(number=9).sub_indicators.get(number="9.3")
    assert sub.name == "การจัดซื้อจัดจ้าง"
    assert "การบริหารเงินงบประมาณ" not in framework.indicators.get(number=9).sub_indicators.values_list("name", flat=True)
    titles_2566 = list(frameworks[("nacc", 2566)].items.order_by("order").values_list("title", flat=True))
    assert list(framework.items.order_by("order").values_list("title", flat=True)) == titles_2566
    seen = set(framework.items.filter(verification=Verification.SECONDARY).values_list("code", flat=True))
    assert seen == {"O1", "O2"}  # only these were seen for 2567; the other 41 are presumed
    assert framework.items.filter(verification=Verification.PROVISIONAL).count() == 41


def test_unseen_titles_and_periods_stay_unknown_in_2568_and_2569(frameworks):
    for year in (2568, 2569):
        items = {i.code: i for i in frameworks[("nacc", year)].items.all()}
        for code in ("O2", "O5", "O6", "O7"):
            assert items[code].title.startswith("ยังไม่ทราบ") and items[code].verification == Verification.PROVISIONAL
            assert items[code].evidence_period == EvidencePeriod.UNKNOWN
        assert all("จัดกลุ่มชั่วคราว" in i.source for i in items.values())
    y2568 = {i.code: i for i in frameworks[("nacc", 2568)].items.all()}
    assert y2568["O13"].evidence_period == EvidencePeriod.PREVIOUS_FISCAL_YEAR
    assert y2568["O14"].evidence_period == EvidencePeriod.CURRENT_FISCAL_YEAR
    assert y2568["O3"].verification == Verification.SECONDARY  # seen on an agency's page
    y2569 = {i.code: i for i in frameworks[("nacc", 2569)].items.all()}
    assert y2569["O11"].evidence_period == EvidencePeriod.CURRENT_FISCAL_YEAR
    assert y2569["O26"].evidence_period == EvidencePeriod.PREVIOUS_FISCAL_YEAR
    assert y2569["O3"].verification == Verification.PROVISIONAL  # one agency's rewrite: low confidence


def test_2570_is_a_provisional_copy_of_2569(frameworks):
    def rows(framework):
        return list(framework.items.order_by("order").values_list("code", "title", "sub_indicator__number", "evidence_period"))

    y2569, y2570 = frameworks[("nacc", 2569)], frameworks[("nacc", 2570)]
    assert rows(y2570) == rows(y2569)
    assert [b.label for b in y2570.rating_bands.all()] == [b.label for b in y2569.rating_bands.all()]
    assert y2570.verification == Verification.PROVISIONAL
    assert set(y2570.items.values_list("verification", flat=True)) == {Verification.PROVISIONAL}
    assert all(s.startswith("คัดลอกจากกรอบปี 2569") for s in y2570.items.values_list("source", flat=True))


def test_seed_002_still_comes_out_as_published_under_2566(seed_002):
    card = seed_002.scorecard()
    assert seed_002.framework.fiscal_year == 2566
    assert {t.tool.code: thai.format_score(t.weighted, thai.ARABIC) for t in card.tools} == {"IIT": "27.84", "EIT": "28.11", "OIT": "39.00"}
    assert thai.format_score(card.total, thai.ARABIC) == "94.96"
    assert card.rating.label == "A"


def test_seed_002_scores_under_the_nacc_2566_framework_rate_a(frameworks):
    organization = Organization.objects.create(code="tak2-nacc", name="ทดสอบ", short_name="ทดสอบ")
    result = ITAResult.objects.create(organization=organization, framework=frameworks[("nacc", 2566)])
    scores = json.loads(SEED_002.read_text(encoding="utf-8"))["ita_results"][0]["scores"]
    save_scores(result, scores, "seed 002")  # every key of seed 002 exists in the 2566 layout
    card = ITAResult.objects.get(pk=result.pk).scorecard()
    assert [thai.format_score(t.weighted, thai.ARABIC) for t in card.tools] == ["27.84", "28.11", "39.00"]
    assert thai.format_score(card.total, thai.ARABIC) == "94.96"
    assert card.rating.label == "A"
    assert card.discrepancies() == []


def _result(framework, organization, iit: str, eit: str, oit: str) -> ITAResult:
    result = ITAResult.objects.create(organization=organization, framework=framework)
    by_tool = {"IIT": iit, "EIT": eit, "OIT": oit}
    for indicator in framework.indicators.select_related("tool"):
        IndicatorScore.objects.create(result=result, indicator=indicator, score=Decimal(by_tool[indicator.tool.code]))
    return ITAResult.objects.get(pk=result.pk)


@pytest.mark.parametrize("year", [2567, 2568, 2569, 2570])
@pytest.mark.parametrize(
    ("eit", "oit", "label"),
    [
        # 30 + 25.20 + 39.44 = 94.64 with EIT 84.00: every tool must reach 85 for ผ่านดี.
        ("84.00", "98.60", "ผ่าน"),
        # 30 + 25.50 + 39.14 = 94.64 with EIT 85.00.
        ("85.00", "97.85", "ผ่านดี"),
    ],
)
def test_a_total_of_94_64_is_pass_or_good_by_the_lowest_tool(frameworks, year, eit, oit, label):
    organization = Organization.objects.create(code=f"sao-{year}", name="ทดสอบ", short_name="ทดสอบ")
    card = _result(frameworks[("nacc", year)], organization, "100.00", eit, oit).scorecard()
    assert thai.format_score(card.total, thai.ARABIC) == "94.64"
    assert card.rating.label == label
    assert card.passed is True


def test_a_framework_or_item_that_does_not_state_its_verification_loads_as_provisional(db, tmp_path):
    data = json.loads((FIXTURES / "seed_0000_framework_nacc_2566.json").read_text(encoding="utf-8"))
    row = data["frameworks"][0]
    row["fiscal_year"] = 2599
    del row["verification"]
    for item in row["items"]:
        del item["verification"]
    path = tmp_path / "seed_0000_framework_test.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (framework,) = load_seed(path)["documents"]
    assert framework.verification == Verification.PROVISIONAL
    assert set(framework.items.values_list("verification", flat=True)) == {Verification.PROVISIONAL}


def test_a_copy_of_a_verified_framework_is_provisional(frameworks):
    copy = frameworks[("nacc", 2565)].copy_to(2598)
    assert copy.verification == Verification.PROVISIONAL
    assert set(copy.items.values_list("verification", flat=True)) == {Verification.PROVISIONAL}


@pytest.fixture
def checklist_2570(frameworks):
    organization = Organization.objects.create(code="spp-2570", name="สำนักงานทดสอบปี 2570", short_name="สนง.ทดสอบ")
    checklist = OITChecklist.objects.create(organization=organization, framework=frameworks[("nacc", 2570)])
    checklist.ensure_entries()
    return checklist


BADGES = ("data-verification", "ยืนยันแล้ว", "จากแหล่งข้อมูลรอง", "ชั่วคราว")


def test_staff_pages_show_the_verification_badge(checklist_2570):
    client = Cast(checklist_2570.organization).client_for("supervisor")
    html = client.get(reverse("assessments:checklist", args=[checklist_2570.pk])).text
    assert 'data-verification="provisional">ชั่วคราว</span>' in html
    entry = checklist_2570.entries.get(item__code="O11")
    html = client.get(reverse("assessments:entry", args=[checklist_2570.pk, entry.pk])).text
    assert 'data-verification="provisional">ชั่วคราว</span>' in html
    assert "ปีงบประมาณที่ประเมิน (ปีงบประมาณ พ.ศ. 2570)" in html
    assert "S-RTRDA" in html


def test_the_public_oit_pages_never_show_the_verification_state(client, checklist_2570):
    entry = checklist_2570.entries.select_related("item", "checklist__organization", "checklist__framework").get(item__code="O11")
    for url in (checklist_2570.get_public_url(), entry.get_public_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert entry.item.title in response.text
        for marker in BADGES:
            assert marker not in response.text, (url, marker)


def test_the_admin_lists_show_the_verification_state(checklist_2570):
    client = Cast(checklist_2570.organization).client_for("superuser")
    html = client.get(reverse("admin:assessments_framework_changelist")).text
    assert "จากแหล่งข้อมูลรอง" in html and "ชั่วคราว" in html and "ยืนยันแล้ว" in html
    framework = Framework.objects.get(assessing_body="nacc", fiscal_year=2568)
    html = client.get(reverse("admin:assessments_disclosureitem_changelist") + f"?framework__id__exact={framework.pk}").text
    assert "จากแหล่งข้อมูลรอง" in html and "ชั่วคราว" in html and "ปีงบประมาณก่อนปีที่ประเมิน" in html
