"""Administrators' corrections of a framework in the portal, each in one transaction:
an OIT item's title and content elements, a new item, removing an item, moving an item to
another sub-indicator, the verification state and source of an item or of the framework, a
copy to the next fiscal year and a new revision of the same year.

Every change is recorded by django-simple-history (``Framework.history``,
``DisclosureItem.history``; the request's user through its middleware) and listed on the
framework's page. A framework in use by something approved (``Framework.in_use_by_approved``)
refuses every change here with ``FrameworkInUseError``; the correction is then a new revision
(``new_revision``), which new checklists use, while the old one stays with what was approved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from assessments.models import DisclosureItem, Framework, OITChecklist, SubIndicator


class FrameworkInUseError(Exception):
    """The framework may not change under an approved checklist or result; ``str()`` is the
    Thai sentence of ``Framework.in_use_by_approved`` (the page offers "สร้างฉบับแก้ไข")."""


def _lock(framework: Framework) -> Framework:
    """Lock the framework's row for the transaction and refuse when it is in use by
    something approved (``FrameworkInUseError``)."""
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    reason = locked.in_use_by_approved()
    if reason:
        raise FrameworkInUseError(reason)
    return locked


@transaction.atomic
def correct_item(item: DisclosureItem, *, title: str, content_elements: str) -> DisclosureItem:
    """Correct ``item``'s title (ข้อมูล) and content elements (one a line, a sub-element
    indented by two spaces). Raises ``FrameworkInUseError``."""
    _lock(item.framework)
    item.title, item.content_elements = title, content_elements
    item.save(update_fields=["title", "content_elements"])
    return item


@transaction.atomic
def add_item(framework: Framework, *, sub_indicator: SubIndicator, code: str, title: str, content_elements: str = "") -> DisclosureItem:
    """Add an OIT item under ``sub_indicator`` (of ``framework``) after the last item; it is
    provisional until marked otherwise. Every checklist of the framework gets its row.
    Raises ``FrameworkInUseError``; ``ValidationError({"code": ...})`` when the framework
    already has an item of that code; ``ValueError`` for a sub-indicator of another framework."""
    framework = _lock(framework)
    if sub_indicator.indicator.framework_id != framework.pk:
        raise ValueError("the sub-indicator belongs to another framework")
    if framework.items.filter(code__iexact=code).exists():
        raise ValidationError({"code": [f"กรอบการประเมินนี้มีข้อ {code} อยู่แล้ว ใช้รหัสข้ออื่น"]})
    last = framework.items.aggregate(last=Max("order"))["last"] or 0
    item = DisclosureItem.objects.create(
        framework=framework, sub_indicator=sub_indicator, code=code, order=last + 1, title=title, content_elements=content_elements
    )
    for checklist in OITChecklist.objects.filter(framework=framework).select_related("framework"):
        checklist.ensure_entries()
    return item


@transaction.atomic
def remove_item(item: DisclosureItem) -> None:
    """Remove ``item`` and the (empty) rows checklists have for it. Raises
    ``FrameworkInUseError``; ``ValidationError`` when an organization has already attached
    evidence to it (remove that evidence first, or make a new revision)."""
    _lock(item.framework)
    if item.entries.filter(evidence__isnull=False).exists():
        raise ValidationError("มีหน่วยงานแนบหลักฐานของข้อนี้ในแบบตรวจ OIT แล้ว จึงลบข้อนี้ไม่ได้")
    item.entries.all().delete()
    item.continued_by.clear()
    item.delete()


@transaction.atomic
def move_item(item: DisclosureItem, *, sub_indicator: SubIndicator) -> DisclosureItem:
    """Regroup ``item`` under ``sub_indicator`` of the same framework. Raises
    ``FrameworkInUseError``; ``ValueError`` for a sub-indicator of another framework."""
    _lock(item.framework)
    if sub_indicator.indicator.framework_id != item.framework_id:
        raise ValueError("the sub-indicator belongs to another framework")
    item.sub_indicator = sub_indicator
    item.save(update_fields=["sub_indicator"])
    return item


@transaction.atomic
def mark_item(item: DisclosureItem, *, verification: str, source: str) -> DisclosureItem:
    """Set ``item``'s verification state (``Verification``) and its source (URLs or document
    names, one a line; the form requires one for verified and secondary). Raises
    ``FrameworkInUseError``."""
    _lock(item.framework)
    item.verification, item.source = verification, source
    item.save(update_fields=["verification", "source"])
    return item


@transaction.atomic
def mark_framework(framework: Framework, *, verification: str, source: str) -> Framework:
    """Set the framework's verification state and source (as ``mark_item``). Raises
    ``FrameworkInUseError``."""
    framework = _lock(framework)
    framework.verification, framework.verification_source = verification, source
    framework.save(update_fields=["verification", "verification_source"])
    return framework


def copy_forward(framework: Framework, *, fiscal_year: int) -> Framework:
    """``Framework.copy_to`` (atomic itself): the copy of ``framework`` for ``fiscal_year``
    (BE), provisional. Allowed for a framework in use (it is not changed). Raises
    ``ValidationError({"fiscal_year": [...]})`` when that year already has a framework."""
    try:
        return framework.copy_to(fiscal_year)
    except ValidationError as exc:
        raise ValidationError({"fiscal_year": exc.messages}) from exc


def new_revision(framework: Framework) -> Framework:
    """``Framework.new_revision`` (atomic itself): the correction of a framework in use, as
    the next revision of the same year. Raises ``ValidationError`` when a newer revision exists."""
    return framework.new_revision()
