"""Model fields whose form errors are written for Thai staff.

Django passes a model field's ``error_messages`` to model validation only; these fields
also hand their ``invalid`` message to the form field, so a non-numeric entry is refused
with the same Thai sentence in every form.
"""

from django.db import models

from ita_portal.validators import non_negative

NUMBER_INVALID = "กรุณาป้อนตัวเลข (เช่น 10000 หรือ 1234.50)"


class _FormMessagesMixin:
    def formfield(self, **kwargs):
        messages = {"invalid": self.error_messages["invalid"], **kwargs.pop("error_messages", {})}
        return super().formfield(error_messages=messages, **kwargs)


class NonNegativeDecimalField(_FormMessagesMixin, models.DecimalField):
    """A decimal that is never negative, with Thai messages for malformed or negative input."""

    default_validators = [non_negative]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": NUMBER_INVALID})
        super().__init__(*args, **kwargs)


class ThaiSmallIntegerField(_FormMessagesMixin, models.SmallIntegerField):
    """A small integer whose ``error_messages["invalid"]`` also reaches its form field."""


def money_field(verbose_name: str, **kwargs) -> NonNegativeDecimalField:
    """An amount in baht: 12 digits before the point, 2 after, never negative."""
    return NonNegativeDecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class ProgressStatus(models.TextChoices):
    """How far a piece of planned work has gone: one scale, stored the same way, for every
    document that reports it (a PDCA step of a quarterly report, an activity of a 6-month or
    annual progress report, an item of a monitoring report, a disclosure item of an OIT
    checklist). The words each document prints for these values are its own and come from
    ``worded``; the labels here are the quarterly report's PDCA table's."""

    DONE = "done", "ดำเนินการแล้ว"
    IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
    NOT_STARTED = "not_started", "ยังไม่ดำเนินการ"

    @classmethod
    def worded(cls, **wording: str) -> list[tuple[str, str]]:
        """Choices in this order with a document's own printed words, e.g.
        ``worded(not_started="ไม่ได้ดำเนินการ")`` → ``[("done", "ดำเนินการแล้ว"), …,
        ("not_started", "ไม่ได้ดำเนินการ")]``. Raises ``ValueError`` naming an unknown value."""
        unknown = set(wording) - set(cls.values)
        if unknown:
            raise ValueError(f"not a progress status: {sorted(unknown)}")
        return [(value, wording.get(value, label)) for value, label in cls.choices]
