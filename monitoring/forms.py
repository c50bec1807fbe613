"""Staff forms for a quarterly report. Forms only validate; views save."""

from django import forms

from ita_portal import thai
from ita_portal.forms import FiscalMonthField, VersionedFormMixin, thai_required_messages, totals_reason_help
from monitoring.models import QUARTER_MESSAGE, PDCAStep, QuarterlyReport

QUARTER_CHOICES = [(q, f"ไตรมาสที่ {q} ({thai.quarter_month_names(q)})") for q in thai.QUARTERS]


class ReportCreateForm(forms.ModelForm):
    """Start a report: which quarter, and who reports (defaults from the signed-in user)."""

    class Meta:
        model = QuarterlyReport
        fields = ["quarter", "digit_system", "reporter_name", "reporter_position"]
        widgets = {"quarter": forms.RadioSelect(choices=QUARTER_CHOICES)}

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        thai_required_messages(self)

    def clean_quarter(self):
        quarter = self.cleaned_data["quarter"]
        if QuarterlyReport.objects.filter(project=self.project, quarter=quarter).exists():
            raise forms.ValidationError("โครงการนี้มีรายงานของไตรมาสนี้แล้ว")
        return quarter


class ReportStartForm(forms.Form):
    """The quarter-table buttons "เริ่มรายงานไตรมาสที่ N" / "คัดลอกจากไตรมาสก่อน": which
    quarter, and whether to copy the previous quarter's report."""

    quarter = forms.TypedChoiceField(choices=[(q, q) for q in thai.QUARTERS], coerce=int,
                                     error_messages={"required": QUARTER_MESSAGE, "invalid_choice": QUARTER_MESSAGE})
    copy = forms.BooleanField(required=False)


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = QuarterlyReport
        fields = ["digit_system", "reporter_name", "reporter_position", "problems", "solutions", "totals_reason"]
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 4}), "solutions": forms.Textarea(attrs={"rows": 4}),
            "totals_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        thai_required_messages(self)
        totals_reason_help(self)


class PDCAStepForm(forms.ModelForm):
    """One row of the PDCA calendar: month, methods (one a line), status and outcome radios."""

    class Meta:
        model = PDCAStep
        fields = ["month", "methods", "status", "outcome"]
        widgets = {
            "methods": forms.Textarea(attrs={"rows": 5}),
            "status": forms.RadioSelect,
            "outcome": forms.RadioSelect,
        }

    def __init__(self, *args, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"] = FiscalMonthField(fiscal_year=fiscal_year, label="ระยะเวลา (เดือน)")
        self.fields["outcome"].choices = [("", "ยังไม่ประเมิน"), *PDCAStep.Outcome.choices]
        self.fields["outcome"].required = False
        thai_required_messages(self)


def pdca_forms(report: QuarterlyReport, data=None) -> list[PDCAStepForm]:
    """Four forms, one per PDCA step in cycle order, for existing steps or new ones."""
    existing = {step.step: step for step in report.pdca_steps.all()}
    forms_ = []
    for letter in PDCAStep.STEP_ORDER:
        instance = existing.get(letter)
        forms_.append(
            PDCAStepForm(
                data,
                instance=instance or PDCAStep(report=report, step=letter),
                prefix=f"pdca-{letter}",
                fiscal_year=report.fiscal_year,
                # A step not written yet may stay empty; once saved it must stay complete.
                empty_permitted=instance is None,
                use_required_attribute=False,
            )
        )
    return forms_


class ActivityResultsForm(forms.Form):
    """The result (ผลการดำเนินงาน) of every activity of the project, one text field each."""

    def __init__(self, *args, report: QuarterlyReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = report.activity_rows()
        for activity, result in self.rows:
            self.fields[f"result_{activity.pk}"] = forms.CharField(
                label=f"{activity.number}. {activity.title}",
                required=False,
                initial=result,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
