"""Action plan arithmetic: the activity tree's numbering and budgets, the schedule, the
progress report's period rules and totals (seed 001 and small hand-made plans)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ita_portal.models import Organization
from ita_portal.seeds import load_seed
from monitoring.progress import ProgressLine, ProgressReport
from plans.action_plans import ActionPlan, PlanActivity, normalise_schedule
from tests.seed_support import SEED_001


@pytest.fixture
def seed_plan(db):
    docs = load_seed(SEED_001)["documents"]
    return next(d for d in docs if isinstance(d, ActionPlan))


@pytest.fixture
def plan(db):
    org = Organization.objects.create(code="test-org", name="สำนักงานทดสอบ", short_name="สนง.ทดสอบ")
    return ActionPlan.objects.create(organization=org, fiscal_year=2564, programme="แผนงาน", project_name="โครงการ")


def add(plan, title, parent=None, position=1, **kw):
    a = PlanActivity(plan=plan, parent=parent, position=position, title=title, **kw)
    a.full_clean()
    a.save()
    return a


def test_it_numbers_the_tree_from_positions(seed_plan):
    numbers = [a.number for a in seed_plan.activity_tree()]
    assert numbers == ["1.", "1.1", "1)", "2)", "3)", "1.2", "1)", "1.3", "1)", "2)", "1.4", "1)", "2.", "3.", "4.", "5."]


def test_it_adds_children_budgets_up_as_the_seed(seed_plan):
    tree = {a.number + a.title[:12]: a for a in seed_plan.activity_tree()}
    top = [a for a in seed_plan.activity_tree() if a.depth == 0]
    assert [a.budget_total for a in top] == [Decimal("100000"), Decimal("15000"), Decimal("25000"), Decimal("10000"), Decimal("50000")]
    assert seed_plan.budget_total(listed_only=True) == Decimal("150000")  # part 1 (activities 1–4)
    assert seed_plan.budget_total() == Decimal("200000")  # part 2 adds activity 5
    assert tree  # built once, no error


def test_it_flags_the_seeds_mismatch_on_activity_1_3(seed_plan):
    (d,) = seed_plan.discrepancies()
    assert d.label.startswith("งบประมาณกิจกรรม 1.3")
    assert (d.stated, d.computed, d.difference) == (Decimal("3000"), Decimal("6000"), Decimal("-3000"))


def test_activity_1_stated_figure_agrees(seed_plan):
    first = seed_plan.activity_tree()[0]
    assert first.stated_budget == first.budget_total == Decimal("100000")


def test_a_parent_cannot_carry_its_own_budget(plan):
    parent = add(plan, "หลัก")
    add(plan, "ย่อย", parent=parent, budget=Decimal("10"))
    parent.budget = Decimal("5")
    with pytest.raises(ValidationError) as exc:
        parent.full_clean()
    assert "budget" in exc.value.message_dict


def test_the_tree_is_at_most_three_levels(plan):
    a = add(plan, "1")
    b = add(plan, "1.1", parent=a)
    c = add(plan, "1)", parent=b)
    with pytest.raises(ValidationError) as exc:
        add(plan, "ลึกเกิน", parent=c)
    assert "ไม่เกิน 3 ระดับ" in str(exc.value.message_dict["parent"])


def test_a_parent_from_another_plan_is_refused(plan):
    other = ActionPlan.objects.create(organization=plan.organization, fiscal_year=2564, programme="x", project_name="อื่น")
    foreign = add(other, "อื่น")
    with pytest.raises(ValidationError) as exc:
        add(plan, "ย่อย", parent=foreign)
    assert "แผนเดียวกัน" in str(exc.value)


def test_the_schedule_is_kept_in_fiscal_order(plan):
    a = add(plan, "กิจกรรม", schedule_months=[3, 10, 1])
    assert a.schedule_months == [10, 1, 3]
    (node,) = plan.activity_tree()
    assert node.month_flags == [True, False, False, True, False, True] + [False] * 6
    assert normalise_schedule([9, 10]) == [10, 9]


@pytest.mark.parametrize("months", [[0], [13], ["ม.ค."], [1, 1]])
def test_a_bad_schedule_is_refused(plan, months):
    with pytest.raises(ValidationError) as exc:
        add(plan, "กิจกรรม", schedule_months=months)
    assert "schedule_months" in exc.value.message_dict


def test_the_schedule_columns_are_fiscal_quarters(plan):
    columns = plan.schedule_columns()
    assert [q for q, _ in columns] == [1, 2, 3, 4]
    assert columns[0][1][0] == datetime.date(2020, 10, 1)
    assert columns[1][1] == [datetime.date(2021, 1, 1), datetime.date(2021, 2, 1), datetime.date(2021, 3, 1)]


def test_six_months_is_october_to_march_of_the_fiscal_year(plan):
    report = ProgressReport(plan=plan, period=ProgressReport.Period.HALF)
    assert report.months() == (10, 11, 12, 1, 2, 3)
    assert (report.start_date(), report.end_date()) == (datetime.date(2020, 10, 1), datetime.date(2021, 3, 31))


def test_the_full_year_is_october_to_september(plan):
    report = ProgressReport(plan=plan, period=ProgressReport.Period.FULL)
    assert (report.start_date(), report.end_date()) == (datetime.date(2020, 10, 1), datetime.date(2021, 9, 30))


def test_one_report_per_plan_and_period(plan):
    ProgressReport.objects.create(plan=plan, period="half")
    with pytest.raises(ValidationError):
        ProgressReport(plan=plan, period="half").full_clean()


def test_the_plan_period_must_lie_in_the_fiscal_year(plan):
    plan.period_start = datetime.date(2020, 9, 30)
    with pytest.raises(ValidationError) as exc:
        plan.full_clean()
    assert "period_start" in exc.value.message_dict


def test_the_seed_report_totals(seed_plan):
    report = seed_plan.progress_reports.get()
    summary = report.summary()
    assert summary.planned == Decimal("200000")
    assert summary.spent is None
    assert (summary.done, summary.activities, summary.done_percent) == (4, 11, Decimal("36.36"))


def test_spent_is_summed_over_lines(plan):
    a = add(plan, "ก", budget=Decimal("1000"))
    b = add(plan, "ข", position=2, budget=Decimal("3000"))
    report = ProgressReport.objects.create(plan=plan, period="full")
    ProgressLine.objects.create(report=report, activity=a, spent=Decimal("250.50"), status="done")
    ProgressLine.objects.create(report=report, activity=b, spent=Decimal("749.50"), status="in_progress")
    summary = report.summary()
    assert (summary.planned, summary.spent, summary.spent_percent, summary.done_percent) == (
        Decimal("4000"), Decimal("1000.00"), Decimal("25.00"), Decimal("50.00"))


def test_a_line_must_name_an_activity_of_the_reports_plan(plan):
    other = ActionPlan.objects.create(organization=plan.organization, fiscal_year=2564, programme="x", project_name="อื่น")
    report = ProgressReport.objects.create(plan=plan)
    with pytest.raises(ValidationError):
        ProgressLine(report=report, activity=add(other, "อื่น")).full_clean()
