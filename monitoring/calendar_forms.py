"""Staff forms of monitoring calendars, monitoring reports and memos. Forms only validate and
normalise; the views in ``calendar_views`` save. Items are numbered from their row order."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet

from ita_portal import access
from ita_portal.forms import VersionedFormMixin, bounded_inlineformset_factory, thai_required_messages
from monitoring.calendar import (
    DUPLICATE_MONITORING_REPORT,
    CalendarItem,
    Memo,
    MonitoringCalendar,
    MonitoringReport,
    MonitoringReportItem,
    ResponsibleGroup,
)
from monitoring.progress import ProgressReport
from plans.action_plan_forms import ThaiDateField
from plans.action_plans import ActionPlan

TEXTAREA = {"rows": 2}


def _organizations(user):
    return access.organizations_for(user, access.EDIT).order_by("code")


class GroupsField(forms.TypedMultipleChoiceField):
    """Responsible groups of one organization, as a multi-select built from a list (no query
    per row); cleans to ``ResponsibleGroup`` objects."""

    def __init__(self, **kwargs):
        super().__init__(
            label="ผู้รับผิดชอบ", required=False, widget=forms.SelectMultiple(attrs={"size": 4}),
            error_messages={"invalid_choice": "กลุ่มที่เลือกไม่ได้อยู่ในหน่วยงานนี้"}, **kwargs,
        )

    def set_groups(self, groups: list[ResponsibleGroup]) -> None:
        by_pk = {g.pk: g for g in groups}
        self.choices = [(g.pk, g.name) for g in groups]
        self.coerce = lambda value: by_pk[int(value)]

    def prepare_value(self, value):
        if value is None:
            return []
        return [v.pk if isinstance(v, ResponsibleGroup) else v for v in value]


def _new_group_names(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- calendars --------------------------------------------------------------------------


class CalendarCreateForm(forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, label="หน่วยงาน", empty_label="— เลือกหน่วยงาน —")

    class Meta:
        model = MonitoringCalendar
        fields = ["organization", "fiscal_year", "title", "digit_system"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations(user)
        self.fields["title"].initial = "ปฏิทินการกำกับ ติดตามการดำเนินงาน"
        thai_required_messages(self)


class NewGroupsMixin:
    """A textarea for adding responsible groups to the organization, one name a line."""

    def add_new_groups_field(self) -> None:
        self.fields["new_groups"] = forms.CharField(
            label="เพิ่มกลุ่มงานผู้รับผิดชอบ", required=False, widget=forms.Textarea(attrs=TEXTAREA),
            help_text="บรรทัดละหนึ่งกลุ่ม เช่น กลุ่มอำนวยการ กลุ่มที่เพิ่มจะเลือกได้หลังบันทึก",
        )

    def clean_new_groups(self) -> list[str]:
        names = _new_group_names(self.cleaned_data.get("new_groups"))
        too_long = [n for n in names if len(n) > 255]
        if too_long:
            raise forms.ValidationError("ชื่อกลุ่มยาวเกิน 255 ตัวอักษร")
        return names


class CalendarForm(NewGroupsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MonitoringCalendar
        fields = ["title", "digit_system"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.add_new_groups_field()
        thai_required_messages(self)


class CalendarItemForm(forms.ModelForm):
    date = ThaiDateField(label="วัน เดือน ปี")
    groups = GroupsField()

    class Meta:
        model = CalendarItem
        fields = ["date", "text", "groups", "remarks", "oit_item"]
        widgets = {"text": forms.Textarea(attrs=TEXTAREA), "remarks": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, groups: list[ResponsibleGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].set_groups(groups)
        self.fields["oit_item"].widget.attrs["size"] = 6
        thai_required_messages(self)

    def clean_oit_item(self) -> str:
        return self.cleaned_data["oit_item"].strip().upper()


class ItemFormSet(BaseInlineFormSet):
    """Rows in position order, each form given the organization's groups (one query)."""

    def __init__(self, *args, groups: list[ResponsibleGroup], **kwargs):
        self.groups = groups
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        # Built and evaluated once: Django asks for it again for every form of the formset
        # (``_construct_form`` indexes it), and a new queryset each time read the rows again
        # (two queries a row).
        if not hasattr(self, "_ordered_rows"):
            self._ordered_rows = super().get_queryset().prefetch_related("groups").order_by("position", "pk")
        return self._ordered_rows

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "groups": self.groups}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget = forms.HiddenInput()


# The most rows of a calendar or a monitoring report (rule "bounded formsets"): a year's
# calendar lists a few activities a month.
MAX_ITEMS = 200
FORMSET_OPTIONS = {"formset": ItemFormSet, "extra": 0, "can_delete": True, "can_order": True, "max_num": MAX_ITEMS}
CalendarItemFormSet = bounded_inlineformset_factory(MonitoringCalendar, CalendarItem, form=CalendarItemForm, **FORMSET_OPTIONS)


def calendar_item_formset(calendar: MonitoringCalendar, data=None):
    groups = list(ResponsibleGroup.objects.filter(organization=calendar.organization_id).order_by("name"))
    return CalendarItemFormSet(data, instance=calendar, prefix="items", groups=groups)


# --- monitoring reports -------------------------------------------------------------------


class MonitoringReportForm(NewGroupsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = ["title", "digit_system", "acknowledgement_heading"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.add_new_groups_field()
        thai_required_messages(self)

    def clean_title(self):
        """Another report of the calendar (same revision) has this title: refused beside the
        field (the natural key of ``MonitoringReport.Meta.constraints``)."""
        title = self.cleaned_data["title"]
        report = self.instance
        others = MonitoringReport.objects.filter(calendar=report.calendar_id, revision=report.revision, title=title)
        if others.exclude(pk=report.pk).exists():
            raise forms.ValidationError(DUPLICATE_MONITORING_REPORT)
        return title


class MonitoringReportItemForm(forms.ModelForm):
    groups = GroupsField()

    class Meta:
        model = MonitoringReportItem
        fields = ["text", "continues_previous", "status", "result", "groups"]
        widgets = {"text": forms.Textarea(attrs=TEXTAREA), "result": forms.Textarea(attrs=TEXTAREA)}
        labels = {"continues_previous": "ต่อจากแถวก่อน (ไม่มีเลขลำดับ)"}

    def __init__(self, *args, groups: list[ResponsibleGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].set_groups(groups)
        thai_required_messages(self)


MonitoringReportItemFormSet = bounded_inlineformset_factory(MonitoringReport, MonitoringReportItem, form=MonitoringReportItemForm, **FORMSET_OPTIONS)


def monitoring_report_item_formset(report: MonitoringReport, data=None):
    groups = list(ResponsibleGroup.objects.filter(organization=report.calendar.organization_id).order_by("name"))
    return MonitoringReportItemFormSet(data, instance=report, prefix="items", groups=groups)


# --- memos ------------------------------------------------------------------------------

MEMO_FIELDS = [
    "digit_system", "group", "document_number", "date", "subject", "addressee", "body", "proposals", "closing",
    "writer_name", "writer_position", "group_head_note", "group_head_name", "group_head_position", "group_head_signed_on",
    "monitoring_report", "calendar", "action_plan", "progress_report",
]


class MemoForm(VersionedFormMixin, forms.ModelForm):
    """The supervisor's fields of the memo form of ระเบียบงานสารบรรณ. On a new memo the
    organization is chosen among those the user edits; covered documents are the
    organization's own. The director's order (คำสั่งการ) and its date are not here: only the
    director writes them, when approving (``monitoring.kinds.endorse_memo``)."""

    date = ThaiDateField(label="วันที่")
    group_head_signed_on = ThaiDateField(label="วันที่หัวหน้ากลุ่มลงนาม", required=False)

    class Meta:
        model = Memo
        fields = ["organization", *MEMO_FIELDS]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("subject", "body", "proposals", "group_head_note")
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organization"]
            self.add_version_field()
            organization = self.instance.organization_id
            for name, queryset in (
                ("calendar", MonitoringCalendar.objects.filter(organization=organization)),
                ("monitoring_report", MonitoringReport.objects.filter(calendar__organization=organization).select_related("calendar__organization")),
                ("action_plan", ActionPlan.objects.filter(organization=organization).select_related("organization")),
                ("progress_report", ProgressReport.objects.filter(plan__organization=organization).select_related("plan__organization")),
            ):
                self.fields[name].queryset = queryset
        else:
            self.fields["organization"].queryset = _organizations(user)
            self.fields["organization"].empty_label = "— เลือกหน่วยงาน —"
            for name in ("calendar", "monitoring_report", "action_plan", "progress_report", "group_head_signed_on"):
                del self.fields[name]
            self.fields["addressee"].initial = "ผู้อำนวยการ"
        thai_required_messages(self)
