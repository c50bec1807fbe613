"""The audit trail of a document as shown on its page (records kept by django-simple-history).

``document_history(document)`` gathers the history rows of a document and of every row its
kind declares (``ita_portal.kinds``): one query per history table, whatever the number of
rows, and the field differences computed in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

HIDDEN_FIELDS = {"id", "version", "history_id", "history_date", "history_change_reason", "history_type", "history_user", "history_user_id"}
MAX_ENTRIES = 200


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One recorded change: when (aware datetime), who (user or None), what kind of row,
    "+" created / "~" changed / "-" deleted, and the changed fields with old and new values."""

    when: object
    who: object
    what: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def _entries(history_model, condition: Q, label) -> list[HistoryEntry]:
    rows = list(history_model.objects.filter(condition).select_related("history_user").order_by("id", "history_date", "history_id"))
    fields = [f for f in history_model.instance_type._meta.concrete_fields if f.attname not in HIDDEN_FIELDS and f.name not in HIDDEN_FIELDS]
    entries, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        changes = []
        for f in fields:
            new = getattr(row, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is None and row.history_type == "+":
                if new not in (None, ""):
                    changes.append(Change(str(f.verbose_name), "", _short(new)))
            elif old != new:
                changes.append(Change(str(f.verbose_name), _short(old), _short(new)))
        previous[row.id] = row
        if changes or row.history_type != "~":
            entries.append(HistoryEntry(row.history_date, row.history_user, label(row), row.history_type, changes))
    return entries


def _short(value, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_history(document) -> list[HistoryEntry]:
    """Every recorded change to ``document`` (any registered kind) and to the rows it
    prints, newest first (at most 200): one query per history table."""
    from ita_portal.kinds import kind_of

    return history_entries(kind_of(document).history_sources(document))


def history_entries(sources) -> list[HistoryEntry]:
    """Every recorded change of the rows that ``sources`` select, newest first (at most 200).

    ``sources`` is a list of ``(model, Q over its history table, label(history row) -> str)``;
    one query per source. ``document_history`` and the pages of other documents (action
    plans, calendars, memos …) build their sources and call this.
    """
    entries = []
    for model, condition, label in sources:
        entries.extend(_entries(model.history.model, condition, label))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:MAX_ENTRIES]
