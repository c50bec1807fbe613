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


class ReviewNoteForm(forms.Form):
    """The director's free text sent with a workflow transition: ``comment`` (why a document
    is returned) and ``endorsement`` (the note under an approved action-plan document).

    Both are optional here; the workflow services decide which one a transition requires.
    Django's ``CharField`` refuses NUL characters, which PostgreSQL cannot store, so a hostile
    or garbled post gets a Thai message instead of a server error. ``cleaned_data`` holds
    stripped strings.
    """

    comment = forms.CharField(required=False, max_length=5000, label="ความเห็นของผู้อำนวยการ")
    endorsement = forms.CharField(required=False, max_length=5000, label="ข้อความรับรอง")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = "ข้อความมีอักขระที่ระบบไม่รับ (NUL) กรุณาพิมพ์ใหม่"
            field.error_messages["max_length"] = "ข้อความยาวเกิน %(limit_value)d ตัวอักษร"

    def error_text(self) -> str:
        """All field errors as one Thai line, "<label>: <message>", for a flash message."""
        return " ".join(f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items())
