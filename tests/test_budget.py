"""Computed figures: amount = quantity × rate, totals, and flagged stated totals."""

from decimal import Decimal

from plans.models import BudgetLineItem
from tests.conftest import baht_sum


def test_it_computes_each_line_amount(seed_report, seed_data):
    rows = seed_data["projects"][0]["budget_line_items"]
    items = list(seed_report.project.budget_line_items.all())
    assert len(items) == len(rows)
    for item, row in zip(items, rows):
        assert item.amount == Decimal(row["quantity"]) * Decimal(row["unit_rate"])


def test_amount_is_quantity_times_rate():
    assert BudgetLineItem(quantity=Decimal("61"), unit_rate=Decimal("480")).amount == Decimal("29280")
    assert BudgetLineItem(quantity=Decimal("2.5"), unit_rate=Decimal("100.10")).amount == Decimal("250.25")
    assert BudgetLineItem(quantity=Decimal("0"), unit_rate=Decimal("999")).amount == 0


def test_it_totals_the_activities_and_the_line_items(seed_report, seed_data):
    project = seed_report.project
    p = seed_data["projects"][0]
    assert project.activity_budget_total() == baht_sum(a["budget"] for a in p["activities"])
    assert project.activity_budget_total() == Decimal("101000")  # 11,000 + 9 × 10,000
    assert project.line_items_total() == Decimal("110000")  # 18,300 + 29,280 + 62,420
    assert project.budget_total() == project.line_items_total()


def test_it_flags_the_seeds_wrong_activity_total(seed_report):
    (discrepancy,) = seed_report.project.discrepancies()
    assert discrepancy.stated == Decimal("110000")
    assert discrepancy.computed == Decimal("101000")
    assert discrepancy.difference == Decimal("9000")


def test_totals_follow_an_edit(seed_report):
    project = seed_report.project
    first = project.activities.get(number=1)
    first.budget = Decimal("20000")
    first.save(update_fields=["budget"])
    project.refresh_from_db()
    assert project.activity_budget_total() == Decimal("110000")
    assert project.discrepancies() == []


def test_budget_total_falls_back_to_activities_without_line_items(seed_report):
    project = seed_report.project
    project.budget_line_items.all().delete()
    assert project.budget_total() == project.activity_budget_total()
