"""The ITA formula, rating schemes, score validation and OIT aggregation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.models import ChecklistEntry, IndicatorScore, ITAResult, OITChecklist
from assessments.scoring import round_score
from ita_portal import thai
from ita_portal.models import Organization
from tests.assessments_fixtures import _framework_ids, frameworks, seed_002  # noqa: F401


def test_seed_002_comes_out_as_published(seed_002):
    card = seed_002.scorecard()
    weighted = {t.tool.code: thai.format_score(t.weighted, thai.ARABIC) for t in card.tools}
    assert weighted == {"IIT": "27.84", "EIT": "28.11", "OIT": "39.00"}
    assert card.total == Decimal("94.9558")  # unrounded: 27.8448 + 28.1110 + 39.0000
    assert thai.format_score(card.total, thai.ARABIC) == "94.96"
    assert card.rating.label == "A"
    assert card.passed is True
    assert card.discrepancies() == []  # 9 = mean(100, 100, 100, 100, 75) = 95


def test_seed_002_proposes_9_5_as_urgent_then_the_next_two_lowest(seed_002):
    proposal = seed_002.scorecard().proposed_focuses()
    assert proposal["urgent"].sub_indicator.number == "9.5"
    assert proposal["urgent"].score == Decimal("75.00")
    assert [(f.indicator.number, f.sub_indicator) for f in proposal["develop"]] == [(5, None), (3, None)]


def _result_with_all(framework, organization, score: str, tool_scores: dict | None = None) -> ITAResult:
    result = ITAResult.objects.create(organization=organization, framework=framework)
    for indicator in framework.indicators.select_related("tool"):
        value = (tool_scores or {}).get(indicator.tool.code, score)
        IndicatorScore.objects.create(result=result, indicator=indicator, score=Decimal(value))
    return ITAResult.objects.get(pk=result.pk)


@pytest.fixture
def organization(db):
    return Organization.objects.create(code="spp-test-1", name="สำนักงานทดสอบ", short_name="สนง.ทดสอบ")


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("49.99", "F"), ("50.00", "E"), ("54.99", "E"), ("55.00", "D"), ("64.99", "D"), ("65.00", "C"),
        ("74.99", "C"), ("75.00", "B"), ("84.99", "B"), ("85.00", "A"), ("94.99", "A"), ("95.00", "AA"),
        ("0.00", "F"), ("100.00", "AA"),
    ],
)
def test_letter_scale_boundaries(frameworks, organization, total, label):
    result = _result_with_all(frameworks[("nacc", 2563)], organization, total)
    card = result.scorecard()
    assert card.total == Decimal(total)
    assert card.rating.label == label
    assert card.passed is (Decimal(total) >= 85)


@pytest.mark.parametrize(
    ("tools", "label"),
    [
        ({"IIT": "95.00", "EIT": "95.00", "OIT": "95.00"}, "ผ่านดีเยี่ยม"),
        ({"IIT": "100.00", "EIT": "94.99", "OIT": "100.00"}, "ผ่านดี"),  # total 98.50, one tool < 95
        ({"IIT": "90.00", "EIT": "85.00", "OIT": "88.00"}, "ผ่านดี"),
        ({"IIT": "95.00", "EIT": "80.00", "OIT": "90.00"}, "ผ่าน"),  # total 88.50 ≥ 85 with EIT < 85
        ({"IIT": "84.99", "EIT": "84.99", "OIT": "84.99"}, "ต้องปรับปรุง"),
        ({"IIT": "70.00", "EIT": "70.00", "OIT": "70.00"}, "ต้องปรับปรุง"),
        ({"IIT": "69.99", "EIT": "69.99", "OIT": "69.99"}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_qualitative_scale(frameworks, organization, tools, label):
    result = _result_with_all(frameworks[("nacc", 2567)], organization, "0", tools)
    assert result.scorecard().rating.label == label


def test_total_is_computed_from_unrounded_tool_scores(frameworks, organization):
    # IIT mean 92.816 (not 92.82), EIT 93.703… : the seed-002 case with its own numbers.
    result = _result_with_all(frameworks[("nacc", 2563)], organization, "90.00", {"IIT": "90.01"})
    card = result.scorecard()
    assert card.total == Decimal("90.003")
    assert round_score(card.total) == Decimal("90.00")


def test_missing_score_gives_no_total_and_no_rating(frameworks, organization):
    result = ITAResult.objects.create(organization=organization, framework=frameworks[("nacc", 2563)])
    card = result.scorecard()
    assert card.total is None and card.rating is None and card.passed is None


@pytest.mark.parametrize("bad", ["100.01", "-0.01", "95.555", "1000"])
def test_scores_outside_0_to_100_or_with_three_decimals_are_refused_in_thai(frameworks, organization, bad):
    result = ITAResult.objects.create(organization=organization, framework=frameworks[("nacc", 2563)])
    score = IndicatorScore(result=result, indicator=frameworks[("nacc", 2563)].indicators.first(), score=Decimal(bad))
    with pytest.raises(ValidationError) as exc:
        score.full_clean()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in " ".join(exc.value.message_dict["score"])


def test_a_published_indicator_that_disagrees_with_its_sub_indicators_is_flagged(seed_002):
    seed_002.indicator_scores.filter(indicator__number=9).update(score=Decimal("96.00"))
    (d,) = seed_002.scorecard().discrepancies()
    assert (d.stated, d.computed) == (Decimal("96.00"), Decimal("95.00"))


def test_oit_aggregation_one_failed_item_in_a_sub_indicator_of_8_and_one_of_5(frameworks, organization):
    framework = frameworks[("nacc", 2563)]
    checklist = OITChecklist.objects.create(organization=organization, framework=framework)
    checklist.ensure_entries()
    checklist.entries.update(score=100)
    ChecklistEntry.objects.filter(checklist=checklist, item__code__in=["O29", "O34"]).update(score=0)  # 9.5 (5), 10.1 (8)
    oit = checklist.oit_scores()
    subs = {s.sub_indicator.number: s.score for row in oit.indicators for s in row.subs}
    assert subs["9.5"] == Decimal(80)
    assert subs["10.1"] == Decimal("87.5")
    indicators = {row.indicator.number: row.score for row in oit.indicators}
    assert indicators[9] == Decimal(96)  # mean(100, 100, 100, 100, 80)
    assert indicators[10] == Decimal("93.75")  # mean(87.5, 100)
    assert oit.total == Decimal("94.875")
    assert thai.format_score(oit.total, thai.ARABIC) == "94.88"


def test_seed_004_checklist_scores_zero(frameworks):
    from tests.assessments_fixtures import SEED_004
    from ita_portal.seeds import load_seed

    (checklist,) = load_seed(SEED_004)["documents"]
    oit = checklist.oit_scores()
    assert len(oit.entries) == 39
    assert oit.total == 0
    assert thai.format_score(oit.total, thai.ARABIC) == "0.00"


def test_format_score_rounds_half_up_with_two_decimals():
    assert thai.format_score(Decimal("94.955"), thai.ARABIC) == "94.96"
    assert thai.format_score(Decimal("94.9558"), thai.THAI) == "๙๔.๙๖"
    assert thai.format_score(100, thai.ARABIC) == "100.00"
    assert thai.format_score(None, thai.ARABIC) == ""


def test_copy_framework_to_a_new_year(frameworks):
    copy = frameworks[("moe", 2563)].copy_to(2564)
    assert copy.items.count() == 39 and copy.indicators.count() == 2 and copy.rating_bands.count() == 7
    item = copy.items.get(code="05")
    assert item.sub_indicator.indicator.framework == copy
    with pytest.raises(ValidationError):
        frameworks[("moe", 2563)].copy_to(2564)
