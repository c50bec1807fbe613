"""One activity tree: how activities are numbered, how their budgets add up and which shapes
are refused. Plain Python (no Django), used by every place that builds or checks a tree of
activities: the action plan model, its staff form, its Excel import and export, and a
project's numbered activities.

Shapes and units
----------------
* A tree is built from flat rows (``TreeRow``): an id (any hashable, unique among the rows),
  the parent's id (``None`` at the top), a position (1, 2, 3 … among siblings) and a budget.
  Siblings are ordered by position; rows with the same position keep the order they were
  given in.
* Numbers are derived from positions, never typed. ``Node.number`` is the path of positions
  joined by dots ("1", "1.2", "1.2.3"), as the Excel column ``ลำดับ`` writes it
  (``format_number`` / ``parse_number``). ``Node.printed_number`` is how the plan document
  prints it: "1." at the top level, "1.2" at the second, "3)" at the third.
* At most ``MAX_DEPTH`` (3) levels: 1 → 1.1 → 1).
* Budgets are baht (``Decimal``). A leaf's budget is its own amount (none counts as 0); a
  parent's budget is the sum of its children's, always computed (``Node.total``). A parent
  does not carry an amount of its own: refused, except where a file restates the computed
  sum (``allow_parent_sum``), which is accepted when equal and refused with both figures
  when not.

Problems are collected, not raised: a tree with problems still numbers and adds up every row
it can reach from the top, and ``problems`` lists each refused row once per rule it breaks,
as a ``Problem`` with a code and a Thai message. Rows below a row with an unknown parent or
on a cycle cannot be reached; they are left out of ``nodes`` without a problem of their own.
When ``problems`` is empty every row is in ``nodes``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

MAX_DEPTH = 3
ZERO = Decimal("0")

# Problem codes
DEPTH = "depth"
CYCLE = "cycle"
UNKNOWN_PARENT = "unknown_parent"
PARENT_BUDGET = "parent_budget"
BAD_NUMBER = "bad_number"
DUPLICATE_NUMBER = "duplicate_number"

DEPTH_MESSAGE = f"กิจกรรมซ้อนกันได้ไม่เกิน {MAX_DEPTH} ระดับ (1 → 1.1 → 1))"
CYCLE_MESSAGE = "เลือกกิจกรรมหลักเป็นตัวเองหรือกิจกรรมย่อยของตัวเองไม่ได้"
UNKNOWN_PARENT_MESSAGE = "ไม่พบกิจกรรมหลักที่เลือก"
PARENT_BUDGET_MESSAGE = (
    "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย (กรอกยอดตามต้นฉบับในช่องงบประมาณตามเอกสารต้นฉบับ)"
)


def format_number(path: Sequence[int]) -> str:
    """``(1, 2, 3)`` → ``"1.2.3"``."""
    return ".".join(str(p) for p in path)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_number(value) -> tuple[int, ...] | None:
    """A number as typed or read from a spreadsheet cell → its path of positions, or ``None``.

    ``"1.2.3"`` → ``(1, 2, 3)``; a trailing dot is allowed (``"1."``), and so is a whole
    number stored as such (``1`` or ``1.0``). Every part must be digits (Thai digits too) and
    at least 1.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    parts = _text(value).rstrip(".").split(".")
    if not all(p.isdecimal() for p in parts):
        return None
    try:
        path = tuple(int(p) for p in parts)
    except ValueError:  # more digits than int() converts
        return None
    return path if all(p >= 1 for p in path) else None


@dataclass(frozen=True)
class TreeRow:
    """One activity as stored or typed. ``budget`` is its own amount in baht, or ``None``.

    ``name`` is how a message names the row (``"แถวที่ 7"``); leave it blank where the
    message is shown beside the row itself."""

    id: Hashable
    parent_id: Hashable | None
    position: int
    budget: Decimal | None = None
    name: str = ""


@dataclass(frozen=True)
class NumberedRow:
    """One activity of a numbered list (an Excel sheet): ``number`` as typed ("1.2", 1,
    1.0), ``budget`` in baht or ``None``, ``name`` as in ``TreeRow``."""

    number: object
    budget: Decimal | None = None
    name: str = ""


@dataclass(frozen=True)
class Problem:
    """A rule a row breaks: ``code`` (``DEPTH``, ``CYCLE`` …) and a Thai ``message``."""

    row_id: Hashable
    code: str
    message: str
    name: str = ""

    @property
    def text(self) -> str:
        """The message led by the row's name: "แถวที่ 7: …" (the bare message without one)."""
        return f"{self.name}: {self.message}" if self.name else self.message


@dataclass(eq=False)
class Node:
    """A row placed in the tree: ``path`` of positions from the top, ``children`` in order,
    ``total`` its budget in baht (own amount for a leaf, sum of the children for a parent)."""

    row: TreeRow
    parent: Node | None = field(repr=False)
    path: tuple[int, ...]
    children: list[Node] = field(default_factory=list, repr=False)
    total: Decimal = ZERO

    @property
    def id(self) -> Hashable:
        return self.row.id

    @property
    def depth(self) -> int:
        """0 at the top level."""
        return len(self.path) - 1

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def own(self) -> Decimal | None:
        """The amount typed on the row itself (baht), counted only on a leaf."""
        return self.row.budget

    @property
    def number(self) -> str:
        """"1", "1.2", "1.2.3"."""
        return format_number(self.path)

    @property
    def printed_number(self) -> str:
        """As the plan document prints it: "1." (top), "1.2" (second level), "3)" (below)."""
        if self.depth == 0:
            return f"{self.path[0]}."
        if self.depth == 1:
            return f"{self.path[0]}.{self.path[1]}"
        return f"{self.path[-1]})"

    def lineage(self) -> list[Node]:
        """This node and every node above it, from itself up to the top."""
        found, node = [], self
        while node is not None:
            found.append(node)
            node = node.parent
        return found


@dataclass(frozen=True)
class ActivityTree:
    """A built tree: ``nodes`` in reading order (each parent before its children),
    ``problems`` in the order of the rows given. Build with ``build`` or ``from_numbers``."""

    rows: tuple[TreeRow, ...]
    nodes: tuple[Node, ...]
    problems: tuple[Problem, ...]
    allow_parent_sum: bool = False

    @classmethod
    def build(cls, rows: Iterable[TreeRow], *, allow_parent_sum: bool = False) -> ActivityTree:
        """Place ``rows`` (ids unique) in a tree, number them and add their budgets up.

        Problems: a parent id that is no row's id (``UNKNOWN_PARENT``), rows whose parents
        lead back to themselves (``CYCLE``, each row of the loop), a row deeper than
        ``MAX_DEPTH`` (``DEPTH``), a parent with an amount of its own (``PARENT_BUDGET``;
        with ``allow_parent_sum`` only when the amount differs from its children's sum).
        """
        rows = tuple(rows)
        by_id = {row.id: row for row in rows}
        found: list[Problem] = []
        children: dict[Hashable | None, list[TreeRow]] = {}
        for row in rows:
            if row.parent_id is not None and row.parent_id not in by_id:
                found.append(Problem(row.id, UNKNOWN_PARENT, UNKNOWN_PARENT_MESSAGE, row.name))
            else:
                children.setdefault(row.parent_id, []).append(row)
        for siblings in children.values():
            siblings.sort(key=lambda row: row.position)  # stable: ties keep the given order

        nodes: list[Node] = []
        stack = [(row, None) for row in reversed(children.get(None, []))]
        while stack:  # depth-first, without recursion: a file may nest rows very deep
            row, parent = stack.pop()
            node = Node(row, parent, (parent.path if parent else ()) + (row.position,))
            if parent is not None:
                parent.children.append(node)
            nodes.append(node)
            stack.extend((child, node) for child in reversed(children.get(row.id, [])))
        for node in reversed(nodes):  # children come after their parent in reading order
            node.total = sum((c.total for c in node.children), ZERO) if node.children else (node.own or ZERO)

        reached = {node.id for node in nodes}
        found += cls._cycles(rows, by_id, reached)
        for node in nodes:
            if node.depth >= MAX_DEPTH:
                found.append(Problem(node.id, DEPTH, DEPTH_MESSAGE, node.row.name))
            if node.children and node.own is not None and not (allow_parent_sum and node.own == node.total):
                message = (
                    f"งบประมาณ {node.own:,} บาท ไม่เท่ากับผลรวมของกิจกรรมย่อย {node.total:,} บาท "
                    "(กรอกยอดตามต้นฉบับในช่องงบประมาณตามต้นฉบับ)"
                    if allow_parent_sum else PARENT_BUDGET_MESSAGE
                )
                found.append(Problem(node.id, PARENT_BUDGET, message, node.row.name))
        order = {row.id: i for i, row in enumerate(rows)}
        found.sort(key=lambda p: order[p.row_id])
        return cls(rows, tuple(nodes), tuple(found), allow_parent_sum)

    @staticmethod
    def _cycles(rows, by_id, reached) -> list[Problem]:
        """``CYCLE`` for every row on a loop of parents (rows not reached from the top)."""
        found, looked = [], set(reached)
        for row in rows:
            trail: list[Hashable] = []
            current = row.id
            while current is not None and current in by_id and current not in looked:
                looked.add(current)
                trail.append(current)
                current = by_id[current].parent_id
            if current in trail:  # walked back onto this trail: a loop
                for row_id in trail[trail.index(current):]:
                    found.append(Problem(row_id, CYCLE, CYCLE_MESSAGE, by_id[row_id].name))
        return found

    @classmethod
    def from_numbers(cls, rows: Sequence[NumberedRow], *, allow_parent_sum: bool = False) -> ActivityTree:
        """Build from a numbered list read top to bottom (an Excel sheet). Each node's id is
        the index of its row in ``rows``; its path is the number typed.

        Besides ``build``'s problems: a number that is not "1", "1.2", "1.2.3" …
        (``BAD_NUMBER``), a number used twice (``DUPLICATE_NUMBER``, naming the first row),
        and a row whose parent number has not appeared above it (``UNKNOWN_PARENT``). Such
        rows are left out of the tree.
        """
        found: list[Problem] = []
        index_of: dict[tuple[int, ...], int] = {}
        tree_rows = []
        for i, row in enumerate(rows):
            path = parse_number(row.number)
            if path is None:
                message = f"ลำดับ “{_text(row.number)}” ไม่ถูกต้อง (ใช้รูปแบบ 1, 1.1, 1.1.1)"
                found.append(Problem(i, BAD_NUMBER, message, row.name))
            elif path in index_of:
                first = rows[index_of[path]].name or "แถวก่อนหน้า"
                found.append(Problem(i, DUPLICATE_NUMBER, f"ลำดับ {format_number(path)} ซ้ำกับ{first}", row.name))
            elif len(path) > 1 and path[:-1] not in index_of:
                message = (
                    f"ไม่พบกิจกรรมหลัก {format_number(path[:-1])} ของกิจกรรม {format_number(path)} "
                    "(กิจกรรมหลักต้องอยู่ก่อน)"
                )
                found.append(Problem(i, UNKNOWN_PARENT, message, row.name))
            else:
                index_of[path] = i
                parent = index_of[path[:-1]] if len(path) > 1 else None
                tree_rows.append(TreeRow(i, parent, path[-1], row.budget, row.name))
        tree = cls.build(tree_rows, allow_parent_sum=allow_parent_sum)
        problems = sorted(found + list(tree.problems), key=lambda p: p.row_id)
        return cls(tree.rows, tree.nodes, tuple(problems), allow_parent_sum)

    @property
    def top(self) -> list[Node]:
        """The top-level nodes, in order."""
        return [node for node in self.nodes if node.parent is None]

    @property
    def total(self) -> Decimal:
        """The tree's budget in baht: the sum of its top-level nodes' totals."""
        return sum((node.total for node in self.top), ZERO)

    def node(self, row_id: Hashable) -> Node | None:
        """The node of row ``row_id``; ``None`` when the row is not in the tree."""
        return next((node for node in self.nodes if node.id == row_id), None)

    def problems_of(self, row_id: Hashable) -> list[Problem]:
        return [p for p in self.problems if p.row_id == row_id]

    def without(self, row_ids: Iterable[Hashable]) -> ActivityTree:
        """The same tree without the rows ``row_ids`` and everything below them, added up
        again (numbers stay: they come from positions). A plan document leaves out the
        activities it does not list this way."""
        dropped = set(row_ids)
        for node in self.nodes:  # parents come first, so a dropped parent drops its subtree
            if node.parent is not None and node.parent.id in dropped:
                dropped.add(node.id)
        kept = (row for row in self.rows if row.id not in dropped)
        return ActivityTree.build(kept, allow_parent_sum=self.allow_parent_sum)
