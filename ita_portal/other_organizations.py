"""The other-organization check: names of other organizations found in a document's text.

Documents are often assembled by copying another office's file, and the copy keeps the
other office's name (seed 002: สพป.ตาก เขต 2's limitations name "สำนักงานเขตพื้นที่การศึกษา
มัธยมศึกษาบุรีรัมย์"; seed 003: signature positions of สพป.ชุมพร, สพป.สมุทรปราการ and
สพป.มุกดาหาร). ``find_other_organizations`` names every other organization of the
``Organization`` table (full name or short name, e.g. "สพป.ชุมพร") found in the texts of a
document: one query for the names, then matching in memory.

Policy: a finding is a warning, never a refusal. A document may rightly name another office
(seed 001 reports a study visit to "สพป.กำแพงเพชร เขต 1"), so saving succeeds with a warning
beside the form, and the completeness checklist lists the findings to the supervisor and to
the director before submission without blocking it.

Matching ignores whitespace and the digit system ("เขต ๖" = "เขต 6"); the longest name wins
where names overlap, so the office's own "สพป.ตาก เขต 2" is not reported as "สพป.ตาก", and a
name ending in a digit does not match the start of a longer number ("เขต 1" in "เขต 10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models

from ita_portal import thai


@dataclass(frozen=True)
class OtherOrganizationMention:
    """One other organization named in a document: ``where`` (the Thai label of the part of
    the document), ``found`` (the name as written there) and ``organization`` (the named
    organization's short name)."""

    where: str
    found: str
    organization: str


def _squash(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace and in Arabic digits, with the index in ``text`` of each
    kept character (to quote what was found as it was written)."""
    kept, positions = [], []
    for i, ch in enumerate(thai.to_arabic_digits(text or "")):
        if not ch.isspace():
            kept.append(ch)
            positions.append(i)
    return "".join(kept), positions


def organization_names(exclude_pk=None) -> list[tuple[str, str, bool]]:
    """Every organization's name forms, longest first: ``[(squashed form, short name, is
    the excluded organization)]`` (the full name and the short name). One query."""
    forms = []
    for pk, name, short in models.QuerySet(model=_organization_model()).values_list("pk", "name", "short_name"):
        for form in {name, short} - {""}:
            squashed = _squash(form)[0]
            if len(squashed) >= 4:  # too short to mean an office
                forms.append((squashed, short or name, pk == exclude_pk))
    forms.sort(key=lambda f: -len(f[0]))
    return forms


def _organization_model():
    from ita_portal.models import Organization

    return Organization


def find_other_organizations(organization, texts: list[tuple[str, str]], names=None) -> list[OtherOrganizationMention]:
    """The other organizations named in ``texts`` (``[(where, text)]``), in text order,
    each organization once per ``where``; ``organization`` is the document's own (its names
    are not findings, and they shadow shorter names inside them). ``names``: the result of
    ``organization_names(organization.pk)`` when already fetched, else fetched (one query).
    One regular expression of every name, longest first, scans each text once."""
    names = organization_names(organization.pk) if names is None else names
    if not names:
        return []
    owners = {}
    for form, short, own in names:
        owners.setdefault(form, (short, own))
    pattern = re.compile("|".join(re.escape(form) + (r"(?!\d)" if form[-1].isdigit() else "") for form in owners))
    found = []
    for where, text in texts:
        squashed, positions = _squash(text)
        seen = set()
        for m in pattern.finditer(squashed):
            short, own = owners[m.group(0)]
            if not own and short not in seen:
                seen.add(short)
                found.append(OtherOrganizationMention(where, text[positions[m.start()]:positions[m.end() - 1] + 1], short))
    return found


def document_texts(kind, document) -> list[tuple[str, str]]:
    """The free text of ``document`` of ``kind``: ``[(field label, text)]`` of its own
    editable text fields, then of the rows it owns (``kind.rows`` with a one-step path and
    ``copy``), read through the kind's prefetched relations where there are any."""
    texts = _model_texts(document)
    for row in kind.rows:
        if not row.copy or "__" in row.path:
            continue
        fk = row.model._meta.get_field(row.path)
        if not (fk.concrete and fk.many_to_one):
            continue
        for obj in getattr(document, fk.remote_field.get_accessor_name()).all():
            texts += _model_texts(obj)
    return texts


def _model_texts(obj) -> list[tuple[str, str]]:
    return [
        (str(f.verbose_name), value)
        for f in obj._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and f.editable and not f.choices
        and (value := getattr(obj, f.attname))
    ]


def document_findings(kind, document) -> list[OtherOrganizationMention]:
    """Other organizations named in ``document``'s free text (``document_texts``): one query
    for the names, plus the document's rows where the kind's queryset did not prefetch them."""
    return find_other_organizations(document.organization, document_texts(kind, document))
