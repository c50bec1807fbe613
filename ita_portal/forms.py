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
# Rule "text limits match what a document can hold": one free-text box of a staff form holds
# at most 5,000 characters (about 1½ A4 pages of Thai in the documents' printed 16 pt TH Sarabun
# New, some 90 characters a line and 34 lines a page; the longest text of the seed documents has
# 1,175). 1 MB in one field made a 716-page PDF.
LONG_TEXT_MAX_CHARS = 5000
MAX_LENGTH_MESSAGE = "ข้อความยาวเกิน %(limit_value)d ตัวอักษร (ป้อนมา %(show_value)d ตัวอักษร) กรุณาสรุปให้สั้นลง"


# Rule "no silent number fields": what a number field says, beside it, when its input is not a
# number or is out of range. A field that already has a Thai message of its own (a money field's
# ``fields.NUMBER_INVALID``, a score's, a quarter's) keeps it; only Django's English defaults
# ("Enter a whole number.", "Ensure this value is greater than or equal to 0." …) are replaced.
WHOLE_NUMBER_INVALID = "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 1 หรือ 12 (ไม่ใช่ตัวอักษร)"
NUMBER_INVALID = "กรุณากรอกเป็นตัวเลข เช่น 10000 หรือ 1234.50 (ไม่ใช่ตัวอักษร)"
NUMBER_RANGE_MESSAGES = {
    "min_value": "กรุณากรอกตัวเลขไม่น้อยกว่า %(limit_value)s",
    "max_value": "กรุณากรอกตัวเลขไม่เกิน %(limit_value)s",
    "step_size": "กรุณากรอกตัวเลขทีละ %(limit_value)s",
}
NUMBER_DIGITS_MESSAGES = {
    "max_digits": "ตัวเลขยาวเกิน %(max)s หลัก",
    "max_decimal_places": "ทศนิยมได้ไม่เกิน %(max)s ตำแหน่ง",
    "max_whole_digits": "ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน %(max)s หลัก",
}


def _default_messages(field: forms.Field) -> dict:
    """Django's default ``error_messages`` of ``field``'s class (merged along its bases)."""
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def thai_number_messages(field: forms.Field, model_field=None) -> None:
    """Give a number field (``IntegerField``, ``DecimalField``, ``FloatField``) Thai messages
    for input that is not a number (``invalid``: letters typed, shown again beside the field
    with the message), out of its range (its ``min_value`` / ``max_value`` / ``step_size``
    validators) or too long (``max_digits`` …), wherever Django's English default would be
    shown. ``model_field``: the model field of a ``ModelForm`` field, whose own range
    validators (a ``SmallIntegerField``'s 32767, run by the model's ``full_clean``) get the
    same Thai message unless one of them has its own. Other fields are left as they are."""
    from django.core.validators import MaxValueValidator, MinValueValidator, StepValueValidator

    if not isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return
    whole = isinstance(field, forms.IntegerField) and not isinstance(field, (forms.DecimalField, forms.FloatField))
    if str(field.error_messages.get("invalid")) == str(_default_messages(field).get("invalid")):
        field.error_messages["invalid"] = WHOLE_NUMBER_INVALID if whole else NUMBER_INVALID
    for validator in field.validators:
        for cls, code in ((MinValueValidator, "min_value"), (MaxValueValidator, "max_value"), (StepValueValidator, "step_size")):
            if type(validator) is cls and validator.message == cls.message:
                validator.message = NUMBER_RANGE_MESSAGES[code]
    if isinstance(field, forms.DecimalField):
        for code, message in NUMBER_DIGITS_MESSAGES.items():
            field.error_messages.setdefault(code, message)
    for cls, code in ((MinValueValidator, "min_value"), (MaxValueValidator, "max_value")):
        model_validators = [v for v in getattr(model_field, "validators", ()) if isinstance(v, cls)]
        if model_validators and all(v.message == cls.message for v in model_validators):
            field.error_messages.setdefault(code, NUMBER_RANGE_MESSAGES[code])


def _model_field(model, name: str):
    """The concrete field ``name`` of ``model`` (``None`` when there is none)."""
    from django.core.exceptions import FieldDoesNotExist

    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return None


def totals_reason_help(form: forms.ModelForm) -> None:
    """Beside the ``totals_reason`` field of a document's edit form: which totals disagree
    now (``DocumentKind.totals``), in Thai, or that a reason is needed only when they do.
    Shows; never validates (the rule is checked when the document is submitted)."""
    from ita_portal import kinds, thai

    field = form.fields.get("totals_reason")
    if field is None or form.instance.pk is None:
        return
    found = kinds.kind_of(form.instance).totals(form.instance)
    if not found:
        field.help_text = "ยอดรวมในเอกสารตรงกัน ไม่ต้องกรอก"
        return
    ds = getattr(form.instance, "digit_system", thai.THAI)
    listed = "; ".join(
        f"{t.label} {thai.format_baht(t.amount, ds)} บาท แต่{t.other_label} {thai.format_baht(t.other, ds)} บาท" for t in found
    )
    field.help_text = f"ยอดรวมไม่ตรงกัน: {listed} ต้องระบุเหตุผลก่อนเสนอผู้อำนวยการ ระบบพิมพ์เหตุผลเป็นหมายเหตุท้ายเอกสาร"


def thai_required_messages(form: forms.BaseForm) -> None:
    """Give every field of ``form`` a Thai "required" message, every number field Thai
    messages for what is not a number or out of range (``thai_number_messages``), and every
    text field a length limit with a Thai message: its model's ``max_length``, or
    ``LONG_TEXT_MAX_CHARS`` for a field without one (a ``TextField``)."""
    from django.core.validators import MaxLengthValidator

    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        field.error_messages["required"] = REQUIRED_MESSAGE
        thai_number_messages(field, _model_field(model, name))
        if isinstance(field, forms.CharField) and not isinstance(field, (forms.URLField, forms.EmailField)):
            if field.max_length is None:
                field.max_length = LONG_TEXT_MAX_CHARS
                field.validators.append(MaxLengthValidator(LONG_TEXT_MAX_CHARS))
                field.widget.attrs.setdefault("maxlength", str(LONG_TEXT_MAX_CHARS))
            for validator in field.validators:
                if isinstance(validator, MaxLengthValidator):
                    validator.message = MAX_LENGTH_MESSAGE


class ReviewNoteForm(forms.Form):
    """The director's free text sent with a workflow transition: ``comment`` (why a document
    is returned) and ``endorsement`` (the director's order written under an approved memo),
    with ``version``, the document version the director's page showed (a whole number).

    Both are optional here; the workflow services decide which one a transition requires.
    Django's ``CharField`` refuses NUL characters, which PostgreSQL cannot store, so a hostile
    or garbled post gets a Thai message instead of a server error. ``cleaned_data`` holds
    stripped strings.
    """

    comment = forms.CharField(required=False, max_length=5000, label="ความเห็นของผู้อำนวยการ")
    endorsement = forms.CharField(required=False, max_length=5000, label="ข้อความรับรอง")
    version = forms.IntegerField(required=False, min_value=1, label="ฉบับที่พิจารณา")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = "ข้อความมีอักขระที่ระบบไม่รับ (NUL) กรุณาพิมพ์ใหม่"
            field.error_messages["max_length"] = "ข้อความยาวเกิน %(limit_value)d ตัวอักษร"

    def error_text(self) -> str:
        """All field errors as one Thai line, "<label>: <message>", for a flash message."""
        return " ".join(f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items())


# --- bounded formsets --------------------------------------------------------------------
# Rule "bounded formsets": every table of rows on a staff page has a most rows (``max_num``,
# checked with ``validate_max``) and an absolute most (``absolute_max``, a few rows more, so a
# person who added one row too many still sees their rows beside the message). A post that
# claims more than ``absolute_max`` rows (a hostile ``TOTAL_FORMS=5000``) builds no form for
# the extra rows at all: the page answers at once with the message above the table.

ROWS_MARGIN = 10
TOO_MANY_ROWS_MESSAGE = "ตารางนี้มีได้ไม่เกิน %(num)d แถว กรุณาลบแถวที่เกินออก หรือแยกเป็นเอกสารอีกฉบับ"


class BoundedFormSetMixin:
    """A formset whose bound row count never exceeds ``absolute_max`` built forms, with Thai
    messages for too many rows and for a missing or altered management form."""

    default_error_messages = {
        "too_many_forms": TOO_MANY_ROWS_MESSAGE,
        "too_few_forms": "ตารางนี้ต้องมีอย่างน้อย %(num)d แถว",
        "missing_management_form": "ข้อมูลควบคุมตาราง (%(field_names)s) หายไปหรือถูกแก้ไข กรุณาเปิดหน้านี้ใหม่แล้วบันทึกอีกครั้ง",
    }

    def claims_too_many_rows(self) -> bool:
        """Whether a bound post claims more rows than ``absolute_max`` (``TOTAL_FORMS``)."""
        if not self.is_bound or not self.management_form.is_valid():
            return False
        return self.management_form.cleaned_data["TOTAL_FORMS"] > self.absolute_max

    def _stored_row_count(self) -> int:
        if not hasattr(self, "_stored_rows"):
            stored = self.get_queryset() if hasattr(self, "get_queryset") else ()
            self._stored_rows = min(len(stored), self.absolute_max)
        return self._stored_rows

    def total_form_count(self) -> int:
        """Django's count, except for a post claiming too many rows: only the stored rows are
        built (their posted values shown again), never the claimed ones."""
        if self.claims_too_many_rows():
            return self._stored_row_count()
        return super().total_form_count()

    def initial_form_count(self) -> int:
        """Django's count; the stored rows for a post claiming too many rows."""
        if self.claims_too_many_rows():
            return self._stored_row_count()
        return super().initial_form_count()


def bounded_inlineformset_factory(parent_model, model, *, max_num: int, **kwargs):
    """``inlineformset_factory`` with ``max_num`` rows at most (``validate_max``),
    ``absolute_max = max_num + ROWS_MARGIN`` and ``BoundedFormSetMixin`` put in front of the
    given ``formset`` base (default ``BaseInlineFormSet``)."""
    from django.forms.models import BaseInlineFormSet, inlineformset_factory

    base = kwargs.pop("formset", BaseInlineFormSet)
    formset = type(f"Bounded{base.__name__}", (BoundedFormSetMixin, base), {"__doc__": base.__doc__})
    return inlineformset_factory(
        parent_model, model, formset=formset, max_num=max_num, absolute_max=max_num + ROWS_MARGIN,
        validate_max=True, **kwargs,
    )
