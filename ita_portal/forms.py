"""Form pieces shared by the staff pages: month choices in Buddhist Era and the version field."""

from __future__ import annotations

import datetime

from django import forms

from ita_portal import thai


def fiscal_month_choices(fy: int) -> list[tuple[str, str]]:
    """The 12 months of fiscal year ``fy`` (BE) as choices: ("2019-10-01", "ตุลาคม 2562") …"""
    return [
        (thai.fiscal_month(fy, m).isoformat(), thai.format_month_year(thai.fiscal_month(fy, m), thai.ARABIC))
        for m in thai.FISCAL_MONTH_ORDER
    ]


class FiscalMonthField(forms.TypedChoiceField):
    """A month of one fiscal year, chosen by its Thai name and BE year; cleans to a date."""

    def __init__(self, *, fiscal_year: int, **kwargs):
        super().__init__(
            choices=[("", "— เลือกเดือน —"), *fiscal_month_choices(fiscal_year)],
            coerce=datetime.date.fromisoformat,
            error_messages={"invalid_choice": f"กรุณาเลือกเดือนในปีงบประมาณ {fiscal_year}"},
            **kwargs,
        )

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


class VersionedFormMixin:
    """Adds the hidden ``version`` the page was built from, for optimistic locking.

    The view copies ``cleaned_data["version"]`` onto the instance before saving, so a save
    made from an out-of-date page raises ``EditConflictError`` instead of overwriting.
    """

    def add_version_field(self) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)


REQUIRED_MESSAGE = "กรุณากรอกข้อมูลช่องนี้"


def thai_required_messages(form: forms.BaseForm) -> None:
    """Give every field of ``form`` a Thai "required" message."""
    for field in form.fields.values():
        field.error_messages["required"] = REQUIRED_MESSAGE
