"""The activity tree on its own (no database): numbering, budgets in baht, the three-level
limit, cycles and unknown parents, and dotted numbers in and out. Expected values are
written out by hand."""

from decimal import Decimal

import pytest

from plans.activity_tree import (
    BAD_NUMBER,
    CYCLE,
    DEPTH,
    DUPLICATE_NUMBER,
    PARENT_BUDGET,
    UNKNOWN_PARENT,
    ActivityTree,
    NumberedRow,
    TreeRow,
    format_number,
    parse_number,
)

# id, parent id, position, budget (baht). Given out of order on purpose:
#   1.  ก (id 20)          1.1 ข (id 30)        1) ค (id 50)   2) ง (id 40)
#   2.  จ (id 10)          2.1 ฉ (id 60)
ROWS = [
    TreeRow(10, None, 2),
    TreeRow(20, None, 1),
    TreeRow(30, 20, 1),
    TreeRow(40, 30, 2, Decimal("2499.50")),
    TreeRow(50, 30, 1, Decimal("1500.50")),
    TreeRow(60, 10, 1, Decimal("0.25")),
]


def test_it_numbers_rows_from_their_positions():
    tree = ActivityTree.build(ROWS)
    assert [n.id for n in tree.nodes] == [20, 30, 50, 40, 10, 60]
    assert [n.number for n in tree.nodes] == ["1", "1.1", "1.1.1", "1.1.2", "2", "2.1"]
    assert [n.printed_number for n in tree.nodes] == ["1.", "1.1", "1)", "2)", "2.", "2.1"]
    assert [n.depth for n in tree.nodes] == [0, 1, 2, 2, 0, 1]
    assert [n.is_leaf for n in tree.nodes] == [False, False, True, True, False, True]
    assert [n.id for n in tree.top] == [20, 10]
    assert tree.problems == ()


def test_a_parent_is_the_sum_of_its_children_in_baht():
    tree = ActivityTree.build(ROWS)
    totals = {n.id: n.total for n in tree.nodes}
    assert totals == {
        50: Decimal("1500.50"), 40: Decimal("2499.50"),
        30: Decimal("4000.00"), 20: Decimal("4000.00"),
        60: Decimal("0.25"), 10: Decimal("0.25"),
    }
    assert str(tree.total) == "4000.25"
    assert all(isinstance(n.total, Decimal) for n in tree.nodes)


def test_a_leaf_without_an_amount_counts_zero():
    tree = ActivityTree.build([TreeRow(1, None, 1), TreeRow(2, None, 2, Decimal("700"))])
    assert [n.total for n in tree.nodes] == [Decimal("0"), Decimal("700")]
    assert tree.total == Decimal("700")
    assert ActivityTree.build([]).total == Decimal("0")


def test_siblings_with_the_same_position_keep_the_order_given():
    tree = ActivityTree.build([TreeRow("b", None, 1), TreeRow("a", None, 1)])
    assert [n.id for n in tree.nodes] == ["b", "a"]


def test_a_parent_may_not_carry_its_own_amount():
    rows = [TreeRow(1, None, 1, Decimal("5")), TreeRow(2, 1, 1, Decimal("10"))]
    tree = ActivityTree.build(rows)
    (problem,) = tree.problems
    assert (problem.row_id, problem.code) == (1, PARENT_BUDGET)
    assert problem.message == "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย (กรอกยอดตามต้นฉบับในช่องงบประมาณตามเอกสารต้นฉบับ)"
    assert tree.node(1).total == Decimal("10")  # the computed sum, never the typed 5


def test_a_file_may_restate_a_parents_sum_but_not_another_figure():
    children = [TreeRow(2, 1, 1, Decimal("2500")), TreeRow(3, 1, 2, Decimal("3500"))]
    same = ActivityTree.build([TreeRow(1, None, 1, Decimal("6000")), *children], allow_parent_sum=True)
    assert same.problems == ()
    other = ActivityTree.build([TreeRow(1, None, 1, Decimal("3000"), "แถวที่ 7"), *children], allow_parent_sum=True)
    assert [p.text for p in other.problems] == [
        "แถวที่ 7: งบประมาณ 3,000 บาท ไม่เท่ากับผลรวมของกิจกรรมย่อย 6,000 บาท (กรอกยอดตามต้นฉบับในช่องงบประมาณตามต้นฉบับ)"
    ]


def test_a_fourth_level_is_refused_naming_the_row():
    rows = [
        TreeRow(1, None, 1, name="แถวที่ 6"),
        TreeRow(2, 1, 1, name="แถวที่ 7"),
        TreeRow(3, 2, 1, name="แถวที่ 8"),
        TreeRow(4, 3, 1, Decimal("100"), name="แถวที่ 9"),
    ]
    tree = ActivityTree.build(rows)
    (problem,) = tree.problems
    assert (problem.row_id, problem.code) == (4, DEPTH)
    assert problem.text == "แถวที่ 9: กิจกรรมซ้อนกันได้ไม่เกิน 3 ระดับ (1 → 1.1 → 1))"
    assert [n.id for n in tree.node(4).lineage()] == [4, 3, 2, 1]
    assert ActivityTree.build(rows[:3]).problems == ()  # three levels are fine


def test_a_cycle_is_refused_on_each_row_of_the_loop():
    rows = [
        TreeRow(1, None, 1),
        TreeRow(2, 3, 1),  # 2 under 3 and 3 under 2
        TreeRow(3, 2, 1),
        TreeRow(4, 3, 2),  # below the loop: left out, no problem of its own
        TreeRow(5, 5, 1),  # its own parent
    ]
    tree = ActivityTree.build(rows)
    assert [(p.row_id, p.code) for p in tree.problems] == [(2, CYCLE), (3, CYCLE), (5, CYCLE)]
    assert tree.problems[0].message == "เลือกกิจกรรมหลักเป็นตัวเองหรือกิจกรรมย่อยของตัวเองไม่ได้"
    assert [n.id for n in tree.nodes] == [1]


def test_an_unknown_parent_is_refused():
    tree = ActivityTree.build([TreeRow(1, None, 1), TreeRow(2, 99, 1, name="แถวที่ 8"), TreeRow(3, 2, 1)])
    assert [(p.row_id, p.code, p.text) for p in tree.problems] == [(2, UNKNOWN_PARENT, "แถวที่ 8: ไม่พบกิจกรรมหลักที่เลือก")]
    assert [n.id for n in tree.nodes] == [1]


def test_without_drops_a_row_and_everything_below_it():
    tree = ActivityTree.build(ROWS).without({30})
    assert [n.number for n in tree.nodes] == ["1", "2", "2.1"]  # numbers stay with positions
    assert [n.total for n in tree.nodes] == [Decimal("0"), Decimal("0.25"), Decimal("0.25")]
    assert tree.node(20).is_leaf


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("1", (1,)), ("1.2", (1, 2)), ("1.2.3", (1, 2, 3)), ("10.11", (10, 11)), (" 2. ", (2,)),
        (1, (1,)), (3.0, (3,)), (1.2, (1, 2)), ("๑.๒", (1, 2)),
    ],
)
def test_a_dotted_number_is_read(typed, path):
    assert parse_number(typed) == path


@pytest.mark.parametrize("typed", [None, "", "0", "1.0", "1..2", ".1", "a", "1.x", "-1", "1_0", "+1", "1 .2", "9" * 5000])
def test_a_bad_number_is_not_read(typed):
    assert parse_number(typed) is None


@pytest.mark.parametrize("text", ["1", "1.2", "1.2.3", "12.1.30"])
def test_a_number_round_trips(text):
    assert format_number(parse_number(text)) == text


def test_a_numbered_list_becomes_the_same_tree():
    typed = ["1", "1.1", "1.1.1", "1.1.2", "2", "2.1"]
    budgets = [None, None, Decimal("1500.50"), Decimal("2499.50"), None, Decimal("0.25")]
    tree = ActivityTree.from_numbers([NumberedRow(t, b) for t, b in zip(typed, budgets)])
    assert tree.problems == ()
    assert [n.number for n in tree.nodes] == typed
    assert [n.id for n in tree.nodes] == [0, 1, 2, 3, 4, 5]  # the index of each row
    assert [n.total for n in tree.nodes] == [
        Decimal("4000.00"), Decimal("4000.00"), Decimal("1500.50"), Decimal("2499.50"), Decimal("0.25"), Decimal("0.25"),
    ]


def test_a_numbered_list_names_every_bad_row():
    typed = ["1", "1.1", "x.1", "1.1", "3.1", "1.1.1", "1.1.1.1"]
    tree = ActivityTree.from_numbers([NumberedRow(t, name=f"แถวที่ {i}") for i, t in enumerate(typed, 6)])
    assert [(p.code, p.text) for p in tree.problems] == [
        (BAD_NUMBER, "แถวที่ 8: ลำดับ “x.1” ไม่ถูกต้อง (ใช้รูปแบบ 1, 1.1, 1.1.1)"),
        (DUPLICATE_NUMBER, "แถวที่ 9: ลำดับ 1.1 ซ้ำกับแถวที่ 7"),
        (UNKNOWN_PARENT, "แถวที่ 10: ไม่พบกิจกรรมหลัก 3 ของกิจกรรม 3.1 (กิจกรรมหลักต้องอยู่ก่อน)"),
        (DEPTH, "แถวที่ 12: กิจกรรมซ้อนกันได้ไม่เกิน 3 ระดับ (1 → 1.1 → 1))"),
    ]
    assert [n.number for n in tree.nodes] == ["1", "1.1", "1.1.1", "1.1.1.1"]


def test_a_parent_listed_after_its_child_is_refused():
    tree = ActivityTree.from_numbers([NumberedRow("1.1", name="แถวที่ 6"), NumberedRow("1", name="แถวที่ 7")])
    assert [p.text for p in tree.problems] == ["แถวที่ 6: ไม่พบกิจกรรมหลัก 1 ของกิจกรรม 1.1 (กิจกรรมหลักต้องอยู่ก่อน)"]


def test_a_very_deep_list_is_refused_without_recursion():
    typed = [".".join(["1"] * depth) for depth in range(1, 2001)]
    tree = ActivityTree.from_numbers([NumberedRow(t) for t in typed])
    assert len(tree.nodes) == 2000
    assert {p.code for p in tree.problems} == {DEPTH} and len(tree.problems) == 1997
