"""Writes of the OIT checklist that touch several items at once (``ChecklistEntry``,
``Evidence`` and the checklist's published version), each in one transaction.

The rules of one item stay on the model (``ChecklistEntry.approve``, ``ChecklistEntry.send_back``);
these functions apply them to a batch, all or nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import ChecklistEntry

APPROVE, RETURN = "approve", "return"


@transaction.atomic
def review_entries(*, checklist, by, action: str, decisions) -> int:
    """The director approves (``action="approve"``) or returns for correction
    (``action="return"``) several items of ``checklist`` (an ``OITChecklist``) at once.

    ``decisions`` is ``[(entry, fingerprint, comment)]``: the item (a ``ChecklistEntry`` of
    this checklist; re-read here under a row lock), the ``evidence_fingerprint`` of its
    evidence as the director's page showed it (``None``: not checked) and the director's
    comment (required for a return, kept on the item and shown to its supervisor).
    Each item is approved or returned by its own rule (``ChecklistEntry.approve`` with the
    fingerprint — rule "the director approves what they saw" —, ``ChecklistEntry.send_back``),
    which records who did it and when.

    All or nothing: when any item is refused (its evidence changed since the page was opened,
    its status is no longer "พร้อมเผยแพร่", a return without a comment), nothing is saved and
    ``ValidationError`` is raised with ``{str(entry id): [Thai messages]}`` naming every item
    refused, so the director sees all of them beside their rows and decides again from a page
    that shows the evidence as it is now. Returns the number of items approved or returned.
    Raises ``ValueError`` for another ``action`` or an item of another checklist.
    """
    if action not in (APPROVE, RETURN):
        raise ValueError(f"action must be {APPROVE!r} or {RETURN!r}, not {action!r}")
    wanted = {entry.pk: (fingerprint, comment) for entry, fingerprint, comment in decisions}
    entries = list(
        ChecklistEntry.objects.select_for_update()
        .filter(checklist=checklist, pk__in=wanted)
        .select_related("checklist__organization", "checklist__framework")
        .order_by("item__order")
    )
    if len(entries) != len(wanted):
        raise ValueError("every item must belong to the checklist")
    errors: dict[str, list[str]] = {}
    for entry in entries:
        fingerprint, comment = wanted[entry.pk]
        try:
            if action == APPROVE:
                entry.approve(by=by, fingerprint=fingerprint)
            else:
                entry.send_back(by=by, comment=comment)
        except ValidationError as exc:
            errors[str(entry.pk)] = exc.messages
    if errors:
        raise ValidationError(errors)
    return len(entries)
