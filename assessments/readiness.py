"""The readiness dashboard of one OIT checklist: counts by state, days left, who owes what,
what was carried from last year and what is still to make."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass

NO_GROUP = "ยังไม่กำหนดกลุ่มงาน"


@dataclass
class Readiness:
    """Readiness of ``entries`` (``ChecklistEntry`` with prefetched ``evidence``) on ``today``.

    An entry is *approved* when the director approved it and every evidence row of it is
    approved; otherwise it counts under its status (missing = ยังไม่ดำเนินการ).
    """

    checklist: object
    entries: list
    today: datetime.date

    def state(self, entry) -> str:
        """"approved", "ready", "in_progress" or "missing"."""
        evidence = list(entry.evidence.all())
        if entry.approved_at and evidence and all(e.approved_at for e in evidence):
            return "approved"
        return {"done": "ready", "in_progress": "in_progress"}.get(entry.status, "missing")

    @property
    def counts(self) -> dict:
        counts = {"missing": 0, "in_progress": 0, "ready": 0, "approved": 0}
        for entry in self.entries:
            counts[self.state(entry)] += 1
        return counts

    @property
    def days_left(self) -> int | None:
        """Days from ``today`` to the framework's answer deadline (negative once past), or ``None``."""
        deadline = self.checklist.framework.answer_deadline
        return None if deadline is None else (deadline - self.today).days

    @property
    def by_group(self) -> list[tuple[str, list]]:
        """``[(responsible group, [entries not yet approved])]``, groups in first-seen order."""
        groups: OrderedDict = OrderedDict()
        for entry in self.entries:
            if self.state(entry) != "approved":
                groups.setdefault(entry.responsible_group or NO_GROUP, []).append(entry)
        return list(groups.items())

    @property
    def carried(self) -> list:
        """"ยกมา รอตรวจสอบ": entries holding evidence carried from last year
        (``Evidence.carried_from_year``) not yet approved, whose supervisor has not yet taken
        them up (status still "ยังไม่ดำเนินการ"): setting the status after checking the
        evidence is the supervisor's confirmation. Empty when nothing was carried."""
        return [
            entry for entry in self.entries
            if entry.status == "not_started" and any(e.carried_from_year and e.approved_at is None for e in entry.evidence.all())
        ]

    @property
    def to_make(self) -> list:
        """"ต้องจัดทำใหม่": entries with nothing carried and nothing added yet — no evidence
        and status still "ยังไม่ดำเนินการ"."""
        return [entry for entry in self.entries if entry.status == "not_started" and not entry.evidence.all()]

    @property
    def link_problems(self) -> list:
        """"ลิงก์มีปัญหา": ``[(entry, [its evidence whose last link check found it broken or
        changed])]`` (``Evidence.link_problem``; evidence fetched with ``last_check``), in
        entry order. Empty before the first check (``assessments.link_checks``)."""
        rows = [(entry, [e for e in entry.evidence.all() if e.link_problem]) for entry in self.entries]
        return [(entry, broken) for entry, broken in rows if broken]
