"""Staff forms of a progress report: start one for a period, its header, and one row form per
activity of the plan. Forms only validate and normalise; ``progress_views`` saves.

An activity whose status is computed from quarterly reports (``ActivityProgress.computed``)
has no status input: its row shows the computed status and where it came from, and a status
posted for it anyway (e.g. from a page opened before the quarterly report was approved) is
refused with a message rather than dropped.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ita_portal.forms import VersionedFormMixin, thai_required_messages, totals_reason_help
from monitoring.progress import ProgressLine, ProgressReport
from plans.action_plans import ActionPlan, PlanActivity

SMALL_TEXTAREA = {"rows": 2}


class ProgressCreateForm(forms.Form):
    """The period of a new progress report of ``plan``: one report per plan and period."""

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
        fields = ["digit_system", "totals_reason"]
        widgets = {"totals_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        thai_required_messages(self)
        totals_reason_help(self)


class ProgressLineForm(forms.ModelForm):
    """What the report says about one activity (its budget comes from the plan; its status
    from quarterly reports when ``computed``, and must then be left blank)."""

    class Meta:
        model = ProgressLine
        fields = ["spent", "result", "obstacles", "remarks", "status"]
        widgets = {name: forms.Textarea(attrs=SMALL_TEXTAREA) for name in ("result", "obstacles", "remarks")}

    def __init__(self, *args, computed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.computed = computed
        self.fields["spent"].widget.attrs.update({"data-sum": "spent", "inputmode": "decimal"})
        self.fields["status"].choices = [("", "—")] + list(ProgressLine.STATUS_CHOICES)
        if computed:
            self.initial["status"] = ""

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.computed and status:
            raise ValidationError("สถานะของกิจกรรมนี้คำนวณจากรายงานผลรายไตรมาสที่อนุมัติแล้ว จึงกรอกเองไม่ได้")
        return status


def progress_line_forms(report: ProgressReport, rows: list[PlanActivity], data=None) -> list[tuple[PlanActivity, ProgressLineForm]]:
    """One form per activity of the report (``rows`` = ``report.rows()``), prefixed by the
    activity id; an activity without a line gets an unsaved one."""
    pairs = []
    for node in rows:
        line = node.line or ProgressLine(report=report, activity=node)
        form = ProgressLineForm(data, instance=line, prefix=f"line-{node.pk}", computed=node.progress.computed)
        pairs.append((node, form))
    return pairs
