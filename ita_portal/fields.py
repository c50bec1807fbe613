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
