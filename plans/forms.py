"""Staff forms for a project and its rows. Forms only validate; views save."""

from django import forms

from ita_portal.forms import FiscalMonthField, VersionedFormMixin, bounded_inlineformset_factory, thai_required_messages
from plans.models import DUPLICATE_PROJECT, Activity, BudgetLineItem, Project, Risk, SuccessIndicator

TEXTAREA = {"rows": 3}


class ProjectCreateForm(forms.ModelForm):
    """The first step of a new project: its fiscal year and name (rows come next)."""

    class Meta:
        model = Project
        fields = ["fiscal_year", "name", "activity_title", "responsible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


class ProjectForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "activity_title",
            "responsible",
            "policy_alignment",
            "component_number",
            "component_title",
            "objectives",
            "quantitative_targets",
            "qualitative_targets",
            "expected_results",
            "budget_note",
        ]
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in ("policy_alignment", "objectives", "quantitative_targets", "qualitative_targets", "expected_results")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        thai_required_messages(self)

    def clean_name(self):
        """Another project of the organization and year has this name: refused beside the
        field (the natural key of ``Project.Meta.constraints``, which this form cannot see)."""
        name = self.cleaned_data["name"]
        project = self.instance
        others = Project.objects.filter(organization=project.organization_id, fiscal_year=project.fiscal_year, name=name)
        if others.exclude(pk=project.pk).exists():
            raise forms.ValidationError(DUPLICATE_PROJECT)
        return name


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["number", "title", "budget", "start_month", "end_month"]

    def __init__(self, *args, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_month", "end_month"):
            self.fields[name] = FiscalMonthField(fiscal_year=fiscal_year, label=self._meta.model._meta.get_field(name).verbose_name)
        self.fields["budget"].widget.attrs.update({"data-sum": "activity-budget", "inputmode": "decimal"})
        thai_required_messages(self)


class BudgetLineItemForm(forms.ModelForm):
    class Meta:
        model = BudgetLineItem
        fields = ["number", "item", "quantity", "unit_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].widget.attrs.update({"data-factor": "quantity", "inputmode": "decimal"})
        self.fields["unit_rate"].widget.attrs.update({"data-factor": "rate", "inputmode": "decimal"})
        thai_required_messages(self)


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["category", "order", "opportunity_impact", "management_plan"]
        widgets = {"opportunity_impact": forms.Textarea(attrs=TEXTAREA), "management_plan": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


class SuccessIndicatorForm(forms.ModelForm):
    class Meta:
        model = SuccessIndicator
        fields = ["order", "indicator", "achievement"]
        widgets = {"indicator": forms.Textarea(attrs=TEXTAREA), "achievement": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


FORMSET_OPTIONS = {"extra": 0, "can_delete": True}
# The most rows of each table of a project (rule "bounded formsets"): a project document
# (แบบรายงานโครงการ) lists about ten activities; the scale data has 120 budget lines.
MAX_ACTIVITIES, MAX_BUDGET_LINES, MAX_RISKS, MAX_INDICATORS = 100, 300, 50, 50
ActivityFormSet = bounded_inlineformset_factory(Project, Activity, form=ActivityForm, max_num=MAX_ACTIVITIES, **FORMSET_OPTIONS)
BudgetLineItemFormSet = bounded_inlineformset_factory(Project, BudgetLineItem, form=BudgetLineItemForm, max_num=MAX_BUDGET_LINES, **FORMSET_OPTIONS)
RiskFormSet = bounded_inlineformset_factory(Project, Risk, form=RiskForm, max_num=MAX_RISKS, **FORMSET_OPTIONS)
SuccessIndicatorFormSet = bounded_inlineformset_factory(Project, SuccessIndicator, form=SuccessIndicatorForm, max_num=MAX_INDICATORS, **FORMSET_OPTIONS)


def project_formsets(project: Project, data=None) -> dict:
    """The row formsets of the project page, keyed by prefix; bound when ``data`` is given."""
    return {
        "activities": ActivityFormSet(data, instance=project, prefix="activities", form_kwargs={"fiscal_year": project.fiscal_year}),
        "lines": BudgetLineItemFormSet(data, instance=project, prefix="lines"),
        "risks": RiskFormSet(data, instance=project, prefix="risks"),
        "indicators": SuccessIndicatorFormSet(data, instance=project, prefix="indicators"),
    }
