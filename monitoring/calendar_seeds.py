"""Seed loaders for the ``responsible_groups``, ``monitoring_calendars`` and ``memos``
sections of seed files; registered in ``MonitoringConfig.ready()``.

Dates are ``"YYYY-MM-DD"`` CE for calendar items (as ISO dates) and ``"BBBB-MM-DD"`` (BE) for
memo dates; multi-line texts are lists of lines; groups are names of ``ResponsibleGroup``
of the organization (created when missing). A memo names its covered calendar and monitoring
report by their ``key`` in the same file.
"""

from __future__ import annotations

import datetime

from ita_portal.models import Organization
from ita_portal.seeds import SeedError, _lines, _save, signer, source_notes
from monitoring.calendar import (
    CalendarItem,
    Memo,
    MonitoringCalendar,
    ResponsibleGroup,
    SignatureBlock,
    MonitoringReportItem,
    MonitoringReport,
)
from plans.action_plan_seeds import parse_be_date

_KEYS: dict[tuple[str, str], object] = {}  # (file name, key) → loaded document


def _org(code, organizations) -> Organization:
    return organizations.get(code) or Organization.objects.get(code=code)


def _groups(organization, names, where) -> list[ResponsibleGroup]:
    groups = []
    for name in names:
        group = ResponsibleGroup.objects.filter(organization=organization, name=name).first()
        groups.append(group or _save(ResponsibleGroup(organization=organization, name=name), f"{where}: group {name}"))
    return groups


def _signatures(where, rows, organization, notes, **document) -> None:
    """Save the document's signature blocks; a signer printed from the organization's record
    (``ita_portal.seeds.signer``) adds what the source printed to ``notes``.

    A copy is certified once: a source that certifies each of its pages repeats one
    "สำเนาถูกต้อง" block (seed 003's calendar: one on each of its two pages). A block that
    prints the same caption, name and position as an earlier one is not saved again; the
    source's repetition is added to ``notes`` instead."""
    printed: dict[tuple[str, str, str], int] = {}
    pos = 0
    for n, s in enumerate(rows, 1):
        caption = s.get("caption", "")
        label = f"ลายมือชื่อ “{caption}” ลำดับที่ {n}"
        name, position = signer(s, organization, label, notes)
        key = (caption, name, position)
        printed[key] = printed.get(key, 0) + 1
        if printed[key] > 1:
            continue
        pos += 1
        _save(SignatureBlock(position_in_document=pos, caption=caption, name=name, position=position, **document), f"{where}: signature {n}")
    for (caption, _name, _position), count in printed.items():
        if count > 1:
            notes.append({
                "where": f"ลายมือชื่อ “{caption}”",
                "source": f"รับรอง{caption}ทุกหน้า ({count} ครั้ง)",
                "printed": f"รับรอง{caption}ครั้งเดียวท้ายเอกสาร",
            })


def load_responsible_groups(path, rows, organizations) -> list:
    for row in rows:
        _groups(_org(row["organization"], organizations), row["names"], path.name)
    return []


def load_calendars(path, rows, organizations) -> list:
    """Load calendars with their monitoring reports; return them for load_demo to list."""
    documents = []
    for c in rows:
        where = f"{path.name}: calendar {c.get('key', c['fiscal_year'])}"
        organization = _org(c["organization"], organizations)
        calendar = MonitoringCalendar.objects.filter(organization=organization, fiscal_year=c["fiscal_year"], title=c["title"]).first()
        if calendar is None or not calendar.is_approved:  # an approved calendar is kept as it is
            calendar = _load_calendar(where, calendar, organization, c)
        documents.append(calendar)
        _KEYS[(path.name, c.get("key", ""))] = calendar
        for t in c.get("monitoring_reports", []):
            documents.append(_load_monitoring_report(where, calendar, t, path))
    return documents


def _load_calendar(where, calendar, organization, c) -> MonitoringCalendar:
    calendar = calendar or MonitoringCalendar(organization=organization, fiscal_year=c["fiscal_year"])
    calendar.title = c["title"]
    calendar.digit_system = c.get("digit_system", organization.default_digit_system)
    notes = source_notes(c.get("source_notes"), organization, where)
    calendar.source_notes = list(notes)
    _save(calendar, where)
    calendar.items.all().delete()
    calendar.signatures.all().delete()
    for pos, i in enumerate(c.get("items", []), 1):
        item = _save(
            CalendarItem(
                calendar=calendar, position=pos, date=datetime.date.fromisoformat(i["date"]), text=_lines(i["text"]),
                remarks=_lines(i.get("remarks")), oit_item=i.get("oit_item", ""),
            ),
            f"{where}: item {pos}",
        )
        item.groups.set(_groups(organization, i.get("groups", []), where))
    _signatures(where, c.get("signatures", []), organization, notes, calendar=calendar)
    if notes != calendar.source_notes:
        calendar.source_notes = list(notes)
        calendar.save(update_fields=["source_notes"])
    return calendar


def _load_monitoring_report(where, calendar, t, path) -> MonitoringReport:
    where = f"{where}: monitoring report"
    report = MonitoringReport.objects.filter(calendar=calendar, title=t["title"]).first()
    if report is not None and report.is_approved:  # frozen: kept as it is
        _KEYS[(path.name, t.get("key", ""))] = report
        return report
    report = report or MonitoringReport(calendar=calendar)
    report.title = t["title"]
    report.digit_system = t.get("digit_system", calendar.digit_system)
    report.acknowledgement_heading = t.get("acknowledgement_heading", report.acknowledgement_heading)
    organization = calendar.organization
    notes = source_notes(t.get("source_notes"), organization, where)
    report.source_notes = list(notes)
    _save(report, where)
    report.items.all().delete()
    report.signatures.all().delete()
    number = 0
    for pos, i in enumerate(t.get("items", []), 1):
        number += not i.get("continues_previous", False)
        name, position = signer(
            i, organization, f"รายการที่ {number}{' (ต่อ)' if i.get('continues_previous') else ''} ผู้ลงนามรับทราบ", notes,
            name="acknowledged_by_name", position="acknowledged_by_position",
        ) if i.get("signer") or i.get("acknowledged_by_name") else ("", "")
        item = _save(
            MonitoringReportItem(
                report=report, position=pos, continues_previous=i.get("continues_previous", False),
                text=_lines(i["text"]), status=i["status"], result=_lines(i.get("result")),
                acknowledged_by_name=name, acknowledged_by_position=position,
                acknowledged_on=parse_be_date(i.get("acknowledged_on")),
            ),
            f"{where}: item {pos}",
        )
        item.groups.set(_groups(calendar.organization, i.get("groups", []), where))
    _signatures(where, t.get("signatures", []), organization, notes, monitoring_report=report)
    if notes != report.source_notes:
        report.source_notes = list(notes)
        report.save(update_fields=["source_notes"])
    _KEYS[(path.name, t.get("key", ""))] = report
    return report


def load_memos(path, rows, organizations) -> list:
    """Load memos; ``calendar``/``monitoring_report`` name keys loaded earlier from the same file."""
    documents = []
    for m in rows:
        where = f"{path.name}: memo {m['subject'][:40]}"
        organization = _org(m["organization"], organizations)
        memo = Memo.objects.filter(organization=organization, subject=m["subject"]).first()
        if memo is not None and memo.is_approved:  # frozen: kept as it is
            documents.append(memo)
            continue
        memo = memo or Memo(organization=organization)
        linked = {}
        for field in ("calendar", "monitoring_report"):
            key = m.get(field)
            if key and (path.name, key) not in _KEYS:
                raise SeedError(f"{where}: unknown {field} {key!r}")
            linked[field] = _KEYS.get((path.name, key)) if key else None
        for field, value in {
            "digit_system": m.get("digit_system", organization.default_digit_system),
            "group": m["group"], "document_number": m.get("document_number", ""),
            "date": parse_be_date(m["date"]), "subject": m["subject"], "addressee": m["addressee"],
            "body": _lines(m["body"]), "proposals": _lines(m.get("proposals")),
            "closing": m.get("closing", "จึงเรียนมาเพื่อโปรดพิจารณา"),
            "writer_name": m["writer_name"], "writer_position": m.get("writer_position", ""),
            "group_head_note": _lines(m.get("group_head_note")), "group_head_name": m.get("group_head_name", ""),
            "group_head_position": m.get("group_head_position", ""),
            "group_head_signed_on": parse_be_date(m.get("group_head_signed_on")),
            "endorsement": _lines(m.get("endorsement")), "endorsed_on": parse_be_date(m.get("endorsed_on")),
            **linked,
        }.items():
            setattr(memo, field, value)
        notes = source_notes(m.get("source_notes"), organization, where)
        memo.source_notes = list(notes)
        _save(memo, where)
        memo.signatures.all().delete()
        _signatures(where, m.get("signatures", []), organization, notes, memo=memo)
        if notes != memo.source_notes:
            memo.source_notes = list(notes)
            memo.save(update_fields=["source_notes"])
        documents.append(memo)
    return documents
