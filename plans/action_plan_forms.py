"""Staff forms of an action plan, its activity tree and its progress report rows.
Forms only validate and normalise; the views in ``action_plan_views`` save.

The activity tree is one inline formset: each row picks its parent among the plan's saved
activities (labelled with their derived numbers), the order of rows under one parent gives
their position, and nobody types a number such as "1.1". The schedule is 12 month
checkboxes in fiscal order (October first).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from ita_portal import access, thai
from ita_portal.forms import VersionedFormMixin, thai_required_messages
from plans.action_plans import MAX_ACTIVITY_DEPTH, ActionPlan, PlanActivity, ProgressLine, ProgressReport

TEXTAREA = {"rows": 3}
SMALL_TEXTAREA = {"rows": 2}


# --- a date typed the Thai way: day, month name, Buddhist Era year ----------------------


class ThaiDateWidget(forms.MultiWidget):
    """Day (1–31), Thai month name and BE year, side by side."""

    def __init__(self, attrs=None):
        day = forms.Select(choices=[("", "วัน")] + [(d, d) for d in range(1, 32)], attrs={"class": "form-select d-inline-block w-auto", "aria-label": "วัน"})
        month = forms.Select(
            choices=[("", "เดือน")] + [(m, thai.month_name(m)) for m in range(1, 13)],
            attrs={"class": "form-select d-inline-block w-auto", "aria-label": "เดือน"},
        )
        year = forms.NumberInput(attrs={"class": "form-control d-inline-block", "style": "width:7em", "placeholder": "พ.ศ.", "aria-label": "ปี พ.ศ."})
        super().__init__([day, month, year], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, thai.be_year(value.year)]
        return [None, None, None]


class ThaiDateField(forms.MultiValueField):
    """A date entered as day, Thai month and Buddhist Era year; cleans to a CE ``date``."""

    widget = ThaiDateWidget

    def __init__(self, **kwargs):
        messages = {"invalid": "วันที่ไม่ถูกต้อง", "incomplete": "กรุณาเลือกวัน เดือน และกรอกปี พ.ศ. ให้ครบ"}
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=2400, max_value=2700, error_messages={"min_value": "กรุณากรอกปีเป็นพุทธศักราช เช่น 2564", "max_value": "กรุณากรอกปีเป็นพุทธศักราช เช่น 2564"}),
        )
        super().__init__(fields=fields, error_messages=messages, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return datetime.date(thai.ce_year(year), month, day)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data):
        if isinstance(initial, datetime.date):
            initial = self.widget.decompress(initial)
        return super().has_changed(initial, data)


# --- the plan's header ------------------------------------------------------------------

HEADER_FIELDS = [
    "digit_system",
    "programme",
    "project_name",
    "headline_activities",
    "rationale",
    "objectives",
    "targets",
    "target_group",
    "master_plan_issue",
    "period_start",
    "period_end",
    "location",
    "expected_impact",
    "evaluation_methods",
]


class ActionPlanCreateForm(forms.ModelForm):
    """A new plan: the organization (among those the user edits), fiscal year and names."""

    organization = forms.ModelChoiceField(queryset=None, label="หน่วยงาน", empty_label="— เลือกหน่วยงาน —")

    class Meta:
        model = ActionPlan
        fields = ["organization", "fiscal_year", "programme", "project_name", "digit_system"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.organizations_for(user, access.EDIT).order_by("code")
        thai_required_messages(self)


class ActionPlanForm(VersionedFormMixin, forms.ModelForm):
    """Every header field of seed 001 part 1 (lists are typed one item a line)."""

    period_start = ThaiDateField(required=False, label="ระยะเวลาดำเนินการ ตั้งแต่")
    period_end = ThaiDateField(required=False, label="ระยะเวลาดำเนินการ ถึง")

    class Meta:
        model = ActionPlan
        fields = HEADER_FIELDS
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in ("headline_activities", "rationale", "objectives", "targets", "target_group", "location", "expected_impact", "evaluation_methods")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        for name in ("period_start", "period_end"):
            self.fields[name].help_text = "เว้นว่างได้ ระบบจะพิมพ์เป็นทั้งปีงบประมาณ"
        thai_required_messages(self)


# --- the activity tree ------------------------------------------------------------------

MONTH_CHOICES = [(m, thai.month_name(m, abbr=True)) for m in thai.FISCAL_MONTH_ORDER]


class PlanActivityForm(forms.ModelForm):
    """One node of the tree. ``parent`` offers the plan's saved activities by their numbers."""

    parent = forms.TypedChoiceField(label="อยู่ภายใต้กิจกรรม", required=False, empty_value=None)
    schedule_months = forms.TypedMultipleChoiceField(
        label="เดือนที่ดำเนินการ", choices=MONTH_CHOICES, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "เดือนไม่ถูกต้อง"},
    )

    class Meta:
        model = PlanActivity
        fields = ["parent", "title", "indicator", "unit", "target_amount", "budget", "stated_budget", "schedule_months", "responsible", "listed_in_plan"]
        widgets = {"title": forms.Textarea(attrs=SMALL_TEXTAREA), "indicator": forms.Textarea(attrs=SMALL_TEXTAREA)}

    def __init__(self, *args, nodes: list[PlanActivity], **kwargs):
        super().__init__(*args, **kwargs)
        by_pk = {node.pk: node for node in nodes}
        own = self.instance.pk
        self.fields["parent"].choices = [("", "— กิจกรรมหลัก (ระดับบนสุด) —")] + [
            (node.pk, f"{'  ' * node.depth}{node.number} {node.short_title()}")
            for node in nodes
            if node.pk != own and node.depth < MAX_ACTIVITY_DEPTH - 1
        ]

        def node_of(value) -> PlanActivity:
            try:
                return by_pk[int(value)]
            except KeyError:  # TypedChoiceField turns ValueError into "invalid choice"
                raise ValueError(value) from None

        self.fields["parent"].coerce = node_of
        self.fields["parent"].error_messages["invalid_choice"] = "กรุณาเลือกกิจกรรมหลักจากรายการ"
        self.fields["parent"].help_text = "กิจกรรมที่เพิ่งเพิ่มเลือกเป็นกิจกรรมหลักได้หลังบันทึก"
        self.fields["budget"].widget.attrs.update({"data-sum": "activity-budget", "inputmode": "decimal"})
        self.fields["stated_budget"].widget.attrs["inputmode"] = "decimal"
        self.fields["target_amount"].widget.attrs["inputmode"] = "decimal"
        if self.instance.pk:
            self.initial["parent"] = self.instance.parent_id
        thai_required_messages(self)


class BaseActivityTreeFormSet(BaseInlineFormSet):
    """The plan's activities in tree order; checks the tree as submitted (depth, cycles,
    budgets only on leaves, no parent deleted under its remaining children)."""

    def __init__(self, *args, nodes: list[PlanActivity], rows: list[PlanActivity], **kwargs):
        self.nodes, self.rows = nodes, rows  # the stored tree; the rows the forms edit
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return self.rows

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "nodes": self.nodes}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget = forms.HiddenInput(attrs={"data-order": ""})

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not self._should_delete_form(f)]
        deleted = {f.instance.pk for f in self.forms if f.instance.pk and self._should_delete_form(f)}
        parent_of = {f.instance.pk: (f.cleaned_data.get("parent").pk if f.cleaned_data.get("parent") else None) for f in kept if f.instance.pk}
        children = {}
        for f in kept:
            parent = f.cleaned_data.get("parent")
            if parent is not None:
                children.setdefault(parent.pk, []).append(f)
        errors = []
        for pk in deleted:
            if children.get(pk):
                errors.append("ลบกิจกรรมที่ยังมีกิจกรรมย่อยไม่ได้ กรุณาลบหรือย้ายกิจกรรมย่อยก่อน")
        for f in kept:
            parent = f.cleaned_data.get("parent")
            if parent is not None and parent.pk in deleted:
                f.add_error("parent", "กิจกรรมหลักที่เลือกถูกลบในการบันทึกครั้งนี้")
                continue
            depth, node, seen = 0, parent.pk if parent else None, {f.instance.pk}
            while node is not None:
                if node in seen:
                    f.add_error("parent", "เลือกกิจกรรมหลักเป็นตัวเองหรือกิจกรรมย่อยของตัวเองไม่ได้")
                    break
                seen.add(node)
                depth, node = depth + 1, parent_of.get(node)
            else:
                below = _subtree_height(f.instance.pk, children) if f.instance.pk else 0
                if depth + 1 + below > MAX_ACTIVITY_DEPTH:
                    f.add_error("parent", "กิจกรรมซ้อนกันได้ไม่เกิน 3 ระดับ (1 → 1.1 → 1))")
            if f.instance.pk and children.get(f.instance.pk) and f.cleaned_data.get("budget") is not None:
                f.add_error("budget", "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย ให้เว้นว่าง")
        if errors:
            raise ValidationError(sorted(set(errors)))


def _subtree_height(pk, children) -> int:
    """Levels below node ``pk`` in the submitted tree (0 for a leaf)."""
    kids = [f.instance.pk for f in children.get(pk, []) if f.instance.pk]
    direct = 1 if children.get(pk) else 0
    return max([direct] + [1 + _subtree_height(k, children) for k in kids])


ActivityTreeFormSet = inlineformset_factory(
    ActionPlan, PlanActivity, form=PlanActivityForm, formset=BaseActivityTreeFormSet, fk_name="plan",
    extra=0, can_delete=True, can_order=True,
)


def activity_formset(plan: ActionPlan, data=None) -> BaseActivityTreeFormSet:
    """The tree formset of ``plan`` (rows in tree order); bound when ``data`` is given.

    The parent choices are the stored tree (``nodes``, parents cached so that walking up
    needs no query); the forms edit separate copies of the rows, so a submitted change of
    parent never alters the stored tree the checks walk.
    """
    nodes = plan.activity_tree()
    by_pk = {node.pk: node for node in nodes}
    for node in nodes:
        node.parent = by_pk.get(node.parent_id)
    rows = {a.pk: a for a in PlanActivity.objects.filter(plan=plan)}
    editable = []
    for node in nodes:
        row = rows[node.pk]
        row.number, row.depth, row.is_leaf, row.budget_total = node.number, node.depth, node.is_leaf, node.budget_total
        editable.append(row)
    return ActivityTreeFormSet(data, instance=plan, prefix="activities", nodes=nodes, rows=editable)


# --- progress reports -------------------------------------------------------------------


class ProgressCreateForm(forms.Form):
    period = forms.ChoiceField(label="รอบการรายงาน", choices=ProgressReport.Period.choices)

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        thai_required_messages(self)

    def clean_period(self):
        period = self.cleaned_data["period"]
        if self.plan.progress_reports.filter(period=period).exists():
            raise ValidationError("แผนนี้มีรายงานของรอบนี้แล้ว")
        return period


class ProgressReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["digit_system"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        thai_required_messages(self)


class ProgressLineForm(forms.ModelForm):
    """What the report says about one activity (its budget comes from the plan)."""

    class Meta:
        model = ProgressLine
        fields = ["spent", "result", "obstacles", "remarks", "status"]
        widgets = {name: forms.Textarea(attrs=SMALL_TEXTAREA) for name in ("result", "obstacles", "remarks")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spent"].widget.attrs.update({"data-sum": "spent", "inputmode": "decimal"})
        self.fields["status"].choices = [("", "—")] + list(ProgressLine.Status.choices)


def progress_line_forms(report: ProgressReport, rows: list[PlanActivity], data=None) -> list[tuple[PlanActivity, ProgressLineForm]]:
    """One form per activity of the report (``rows`` = ``report.rows()``), prefixed by the
    activity id; an activity without a line gets an unsaved one."""
    pairs = []
    for node in rows:
        line = node.line or ProgressLine(report=report, activity=node)
        pairs.append((node, ProgressLineForm(data, instance=line, prefix=f"line-{node.pk}")))
    return pairs
