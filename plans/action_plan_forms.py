"""Staff forms of an action plan and its activity tree (the progress report's forms are in
``monitoring.progress_forms``). Forms only validate and normalise; the views in
``action_plan_views`` save.

The activity tree is one inline formset: each row picks its parent among the plan's saved
activities (labelled with their derived numbers), the order of rows under one parent gives
their position, and nobody types a number such as "1.1". The schedule is 12 month
checkboxes in fiscal order (October first).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet

from ita_portal import access, thai
from ita_portal.forms import VersionedFormMixin, bounded_inlineformset_factory, thai_required_messages
from plans.action_plans import ActionPlan, PlanActivity
from plans.activity_tree import DEPTH, DEPTH_MESSAGE, MAX_DEPTH, PARENT_BUDGET, UNKNOWN_PARENT, ActivityTree, TreeRow
from plans.models import Project

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
    """Every header field of the plan's part 1 (lists are typed one item a line)."""

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
    """One node of the tree. ``parent`` offers the plan's saved activities by their numbers;
    ``project`` the projects of the plan's organization and fiscal year (fetched once for
    the whole tree)."""

    parent = forms.TypedChoiceField(label="อยู่ภายใต้กิจกรรม", required=False, empty_value=None)
    project = forms.TypedChoiceField(label=PlanActivity._meta.get_field("project").verbose_name, required=False, empty_value=None)
    schedule_months = forms.TypedMultipleChoiceField(
        label="เดือนที่ดำเนินการ", choices=MONTH_CHOICES, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "เดือนไม่ถูกต้อง"},
    )

    class Meta:
        model = PlanActivity
        fields = ["parent", "title", "indicator", "unit", "target_amount", "budget", "stated_budget", "schedule_months", "responsible", "listed_in_plan", "project"]
        widgets = {"title": forms.Textarea(attrs=SMALL_TEXTAREA), "indicator": forms.Textarea(attrs=SMALL_TEXTAREA)}

    def __init__(self, *args, nodes: list[PlanActivity], projects: list[Project], **kwargs):
        super().__init__(*args, **kwargs)
        projects_by_pk = {project.pk: project for project in projects}
        self.fields["project"].choices = [("", "— ไม่มี (กรอกสถานะในรายงานเอง) —")] + [(p.pk, p.name) for p in projects]
        self.fields["project"].coerce = lambda value: _choice(projects_by_pk, value)
        self.fields["project"].error_messages["invalid_choice"] = "กรุณาเลือกโครงการจากรายการ"
        self.fields["project"].help_text = PlanActivity._meta.get_field("project").help_text
        by_pk = {node.pk: node for node in nodes}
        own = self.instance.pk
        self.fields["parent"].choices = [("", "— กิจกรรมหลัก (ระดับบนสุด) —")] + [
            (node.pk, f"{'  ' * node.depth}{node.number} {node.short_title()}")
            for node in nodes
            if node.pk != own and node.depth < MAX_DEPTH - 1
        ]

        self.fields["parent"].coerce = lambda value: _choice(by_pk, value)
        self.fields["parent"].error_messages["invalid_choice"] = "กรุณาเลือกกิจกรรมหลักจากรายการ"
        self.fields["parent"].help_text = "กิจกรรมที่เพิ่งเพิ่มเลือกเป็นกิจกรรมหลักได้หลังบันทึก"
        self.fields["budget"].widget.attrs.update({"data-sum": "activity-budget", "inputmode": "decimal"})
        self.fields["stated_budget"].widget.attrs["inputmode"] = "decimal"
        self.fields["target_amount"].widget.attrs["inputmode"] = "decimal"
        if self.instance.pk:
            self.initial["parent"] = self.instance.parent_id
            self.initial["project"] = self.instance.project_id
        thai_required_messages(self)


def _choice(by_pk: dict, value):
    """The object chosen by its pk ``value``; a ``ValueError`` (which ``TypedChoiceField``
    reports as an invalid choice) when it is not offered."""
    try:
        return by_pk[int(value)]
    except KeyError:
        raise ValueError(value) from None


class BaseActivityTreeFormSet(BaseInlineFormSet):
    """The plan's activities in tree order; checks the tree as submitted with
    ``plans.activity_tree`` (depth, cycles, budgets only on leaves, no parent deleted under
    its remaining children) and no project on a parent."""

    def __init__(self, *args, nodes: list[PlanActivity], rows: list[PlanActivity], projects: list[Project], **kwargs):
        self.nodes, self.rows = nodes, rows  # the stored tree; the rows the forms edit
        self.projects = projects
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return self.rows

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "nodes": self.nodes, "projects": self.projects}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget = forms.HiddenInput(attrs={"data-order": ""})

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if (f.has_changed() or f.instance.pk) and not self._should_delete_form(f)]
        form_of = {f.instance.pk or ("new", i): f for i, f in enumerate(kept)}
        tree = ActivityTree.build(
            TreeRow(row_id, f.cleaned_data["parent"].pk if f.cleaned_data.get("parent") else None, i, f.cleaned_data.get("budget"))
            for i, (row_id, f) in enumerate(form_of.items(), 1)
        )
        too_deep = {}
        for problem in tree.problems:
            f = form_of[problem.row_id]
            if problem.code == UNKNOWN_PARENT:  # only saved rows are offered: this one is being deleted
                f.add_error("parent", "กิจกรรมหลักที่เลือกถูกลบในการบันทึกครั้งนี้")
            elif problem.code == PARENT_BUDGET:
                f.add_error("budget", "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย ให้เว้นว่าง")
            elif problem.code == DEPTH:  # shown on every row of the branch that went too deep
                too_deep.update(dict.fromkeys(node.id for node in tree.node(problem.row_id).lineage()))
            else:
                f.add_error("parent", problem.message)
        for row_id in too_deep:
            form_of[row_id].add_error("parent", DEPTH_MESSAGE)
        for node in tree.nodes:
            if node.children and form_of[node.id].cleaned_data.get("project") is not None:
                form_of[node.id].add_error("project", "กิจกรรมนี้มีกิจกรรมย่อย ให้เลือกโครงการที่กิจกรรมย่อยสุด")
        if any(p.code == UNKNOWN_PARENT for p in tree.problems):
            raise ValidationError(["ลบกิจกรรมที่ยังมีกิจกรรมย่อยไม่ได้ กรุณาลบหรือย้ายกิจกรรมย่อยก่อน"])


# The most activities of one action plan (rule "bounded formsets"): an office's yearly plan
# lists tens of activities in three levels.
MAX_PLAN_ACTIVITIES = 300
ActivityTreeFormSet = bounded_inlineformset_factory(
    ActionPlan, PlanActivity, form=PlanActivityForm, formset=BaseActivityTreeFormSet, fk_name="plan",
    extra=0, can_delete=True, can_order=True, max_num=MAX_PLAN_ACTIVITIES,
)


def activity_formset(plan: ActionPlan, data=None) -> BaseActivityTreeFormSet:
    """The tree formset of ``plan`` (rows in tree order); bound when ``data`` is given.

    The parent choices are the stored tree (``nodes``); the forms edit separate copies of
    the rows, so a submitted change of parent never alters the stored tree.
    """
    nodes = plan.activity_tree()
    rows = {a.pk: a for a in PlanActivity.objects.filter(plan=plan)}
    editable = []
    for node in nodes:
        row = rows[node.pk]
        row.number, row.depth, row.is_leaf, row.budget_total = node.number, node.depth, node.is_leaf, node.budget_total
        editable.append(row)
    projects = list(Project.objects.filter(organization=plan.organization_id, fiscal_year=plan.fiscal_year).order_by("name", "pk"))
    return ActivityTreeFormSet(data, instance=plan, prefix="activities", nodes=nodes, rows=editable, projects=projects)
