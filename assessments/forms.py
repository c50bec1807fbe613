"""Staff forms of the assessments app (checklist workspace, ITA result scores, analysis and
measures): they validate and normalise only; views save."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from assessments import services
from assessments.evidence_files import ALLOWED_TEXT, MAX_EVIDENCE_BYTES, check_upload
from assessments.models import (
    SCORE_MESSAGE,
    AssessmentPhase,
    ChecklistEntry,
    DisclosureItem,
    ClarificationEvidence,
    Evidence,
    Framework,
    ImprovementFocus,
    ITAResult,
    Limitation,
    Measure,
    MeasureActivity,
    SubIndicator,
    Verification,
)
from ita_portal.forms import VersionedFormMixin, bounded_inlineformset_factory, thai_required_messages


class EntryForm(forms.ModelForm):
    """Responsible group, status and self-assessed score (100 or 0) of one checklist item."""

    class Meta:
        model = ChecklistEntry
        fields = ["responsible_group", "status", "score"]


class EvidenceForm(forms.ModelForm):
    """A URL and/or a file; the file's type is sniffed from its bytes and its size limited.

    ``default_title`` (e.g. the item's own title), when given, makes the title optional: a
    blank title is normalised to it. ``save(commit=False)`` returns an ``Evidence`` with
    ``content_type`` and ``size`` filled in from the upload.
    """

    SECTION_FIELDS = ("title", "url", "file")

    def __init__(self, *args, default_title: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_title = default_title
        if default_title:
            self.fields["title"].required = False
            self.fields["title"].help_text = "เว้นว่างได้ ระบบจะใช้ชื่อรายการนี้เป็นชื่อหลักฐาน"

    def is_filled(self) -> bool:
        """Whether the posted data holds anything in this form (a title, a URL or a file):
        a page that also edits the item's status saves no evidence when it is left empty."""
        if not self.is_bound:
            return False
        return any((self.data.get(self.add_prefix(n)) or "").strip() for n in ("title", "url")) or bool(
            self.files.get(self.add_prefix("file"))
        )

    class Meta:
        model = Evidence
        fields = ["title", "url", "file"]
        help_texts = {
            "url": "URL ของหน้าเว็บไซต์หน่วยงานที่เผยแพร่ข้อมูลนี้",
            "file": f"{ALLOWED_TEXT} ไม่เกิน {MAX_EVIDENCE_BYTES // 1024 // 1024} MB",
        }
        error_messages = {
            "title": {"required": "กรุณาระบุชื่อหลักฐาน"},
            "url": {"invalid": "URL ไม่ถูกต้อง ต้องขึ้นต้นด้วย http:// หรือ https://"},
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            self._sniffed = check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.has_error("file") and not self.has_error("url"):
            self.add_error("url", "กรุณาระบุ URL หรือแนบไฟล์อย่างน้อยหนึ่งอย่าง")
        if self.default_title and not data.get("title") and not self.has_error("title"):
            data["title"] = self.default_title[: Evidence._meta.get_field("title").max_length]
        return data

    def save(self, commit=True):
        evidence = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload and getattr(self, "_sniffed", None):
            evidence.content_type, evidence.size = self._sniffed, upload.size
        if commit:
            evidence.save()
        return evidence


# --------------------------------------------------------------------------------------
# The analysis-and-measures document (ITA result)
# --------------------------------------------------------------------------------------



class ScoreInputField(forms.DecimalField):
    """A typed score: plain digits with at most two decimals (``95`` or ``94.96``), 0–100.
    Exponents, signs, commas and spaces inside are refused, not reinterpreted."""

    PLAIN = re.compile(r"^\d{1,3}(\.\d{1,2})?$")

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else value
        if isinstance(text, str) and text and not self.PLAIN.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


def _score_input(label: str) -> forms.DecimalField:
    return ScoreInputField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages={key: SCORE_MESSAGE for key in ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control text-end score-input"}),
    )


class MarkRefusedInputsMixin:
    """For forms whose inputs are laid out by hand: after validation, each refused input is
    marked (Bootstrap ``is-invalid``, ``aria-invalid``) and pointed at its Thai error, which
    the template prints beside the input with the id ``id_<name>_error``."""

    def _post_clean(self):
        super()._post_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})


class ScoresForm(MarkRefusedInputsMixin, forms.Form):
    """The indicator and sub-indicator scores of a result as the assessing body published them:
    blank (not published) or 0–100 with at most two decimals; ``version`` for optimistic locking.

    ``cleaned_indicator_scores()`` / ``cleaned_sub_indicator_scores()`` → ``{id: Decimal or None}``.
    """

    def __init__(self, *args, result: ITAResult, **kwargs):
        self.result = result
        indicators = list(result.framework.indicators.select_related("tool"))
        subs = list(SubIndicator.objects.filter(indicator__framework=result.framework).select_related("indicator"))
        stored = {s.indicator_id: s.score for s in result.indicator_scores.all()}
        stored_subs = {s.sub_indicator_id: s.score for s in result.sub_indicator_scores.all()}
        initial = {"version": result.version}
        initial.update({f"indicator_{i.number}": stored.get(i.pk) for i in indicators})
        initial.update({f"sub_{s.pk}": stored_subs.get(s.pk) for s in subs})
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        self._rows = []
        for indicator in indicators:
            name = f"indicator_{indicator.number}"
            self.fields[name] = _score_input(f"ตัวชี้วัดที่ {indicator.number} {indicator.name}")
            children = []
            for sub in (s for s in subs if s.indicator_id == indicator.pk):
                self.fields[f"sub_{sub.pk}"] = _score_input(f"ตัวชี้วัดย่อยที่ {sub.number} {sub.name}")
                children.append((sub, f"sub_{sub.pk}"))
            self._rows.append((indicator, name, children))

    def rows(self):
        """``[(indicator, bound field, [(sub-indicator, bound field)])]`` in framework order."""
        return [(i, self[name], [(s, self[n]) for s, n in children]) for i, name, children in self._rows]

    def cleaned_indicator_scores(self) -> dict[int, Decimal | None]:
        """``{indicator id: score or None (blank)}``."""
        return {indicator.pk: self.cleaned_data.get(name) for indicator, name, _children in self._rows}

    def cleaned_sub_indicator_scores(self) -> dict[int, Decimal | None]:
        """``{sub-indicator id: score or None (blank)}``."""
        return {sub.pk: self.cleaned_data.get(n) for _i, _name, children in self._rows for sub, n in children}


class WhatIfForm(MarkRefusedInputsMixin, forms.Form):
    """The what-if panel's GET form ("ถ้า…"; ``assessments.what_if``): a supposed score for each
    tool in ``tools`` (field ``tool_field(tool)``, e.g. ``eit``; blank: as it stands; 0–100 with
    at most two decimals, anything else refused beside the field, letters never dropped) and
    ``passed``, the ticked ``choices`` (``[(value, label)]``: OIT sub-indicators or items).
    Validates only; nothing is saved."""

    INVALID_CHOICE = "รายการที่เลือกไม่อยู่ในรายการที่ยังไม่ผ่าน กรุณาเปิดหน้านี้ใหม่แล้วเลือกอีกครั้ง"

    def __init__(self, *args, tools, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.tools = list(tools)
        for tool in self.tools:
            self.fields[self.tool_field(tool)] = _score_input(f"คะแนน {tool.code} ที่สมมติ")
        self.fields["passed"] = forms.MultipleChoiceField(
            choices=choices, required=False, widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": self.INVALID_CHOICE, "invalid_list": self.INVALID_CHOICE},
        )

    @staticmethod
    def tool_field(tool) -> str:
        """The field (and query parameter) of ``tool``'s supposed score: its code in lower case."""
        return tool.code.lower()

    def tool_fields(self) -> list:
        """``[(tool, bound field)]`` of the typed scores."""
        return [(tool, self[self.tool_field(tool)]) for tool in self.tools]

    def has_changes(self) -> bool:
        """Whether the valid form supposes anything (a tick or a typed score)."""
        return bool(self.cleaned_data.get("passed")) or any(
            self.cleaned_data.get(self.tool_field(t)) is not None for t in self.tools
        )


class EntryApprovalForm(forms.Form):
    """The director's approval of one OIT item: ``fingerprint``, the
    ``ChecklistEntry.evidence_fingerprint`` (64 hex digits) of the evidence the page showed,
    for rule "the director approves what they saw" (blank: not checked)."""

    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput,
                                   error_messages={"invalid": "ข้อมูลหน้าอนุมัติไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่แล้วอนุมัติอีกครั้ง"})


class ReviewRow:
    """One row of the director's table of items awaiting approval: ``entry`` (a
    ``ChecklistEntry``), its ``evidence`` (list of ``Evidence``), ``fingerprint`` (of that
    evidence now, for the hidden input), ``decision`` (the bound radio group การพิจารณา),
    ``comment`` (the bound comment field) and ``errors`` (Thai messages beside the row:
    ``decision_errors`` under the radios, ``comment_errors`` under the comment)."""

    def __init__(self, form, entry, evidence):
        self.entry, self.evidence = entry, evidence
        self.fingerprint = ChecklistEntry.evidence_fingerprint(evidence)
        self.decision = form[f"decision_{entry.pk}"]
        self.comment = form[f"comment_{entry.pk}"]
        self.fingerprint_name = f"fingerprint_{entry.pk}"
        self._form = form

    @property
    def decision_errors(self) -> list[str]:
        """Messages about the row's choice (a comment left without one), shown under the radios."""
        return list(self._form.errors.get(f"decision_{self.entry.pk}", []))

    @property
    def comment_errors(self) -> list[str]:
        """Messages about the comment and the evidence (changed since the page was opened), shown under the comment."""
        names = (f"comment_{self.entry.pk}", self.fingerprint_name)
        return [message for name in names for message in self._form.errors.get(name, [])]

    @property
    def errors(self) -> list[str]:
        return [*self.decision_errors, *self.comment_errors]


class ReviewForm(forms.Form):
    """The director's decisions on the OIT items awaiting approval, in one post.

    ``rows`` is ``[(entry, evidence)]`` of the items awaiting approval. Each row has a radio
    group การพิจารณา (``decision_<id>``: "" ยังไม่พิจารณา, the default; ``APPROVE`` อนุมัติ;
    ``RETURN`` ส่งกลับแก้ไข), a comment (``comment_<id>``, required for a return) and the
    fingerprint of its evidence as the page showed it (``fingerprint_<id>``,
    ``ChecklistEntry.evidence_fingerprint``; required for an approval).

    Two buttons send the form (``undecided``, the button pressed):
    "บันทึกผลการพิจารณา" (``KEEP``, also when no button is sent) applies the rows' choices and
    leaves the rows at ยังไม่พิจารณา as they are; "บันทึก และอนุมัติทุกรายการที่ยังไม่พิจารณา"
    (``APPROVE``) applies the rows' choices and approves every row left at ยังไม่พิจารณา — the
    quick way through forty items: choose ส่งกลับแก้ไข on the few to return, then press it.
    A row left at ยังไม่พิจารณา with a comment typed is refused beside the row (the director
    meant something: approving or dropping it silently would guess), and so is a post that
    decides no row.

    ``decisions()`` gives the ``services.Decision`` of each row decided, in table order;
    ``counts`` are made by ``services.review_entries``.
    """

    APPROVE, RETURN = services.APPROVE, services.RETURN
    KEEP = "keep"
    COMMENT_MAX = 2000
    NOTHING_DECIDED = "ยังไม่ได้เลือกการพิจารณาของรายการใด กรุณาเลือก “อนุมัติ” หรือ “ส่งกลับแก้ไข” ในแถวของรายการ"
    COMMENT_UNDECIDED = "มีความเห็นแต่ยังไม่ได้เลือกการพิจารณา กรุณาเลือก “ส่งกลับแก้ไข” (หรือ “อนุมัติ” แล้วลบความเห็น)"
    STALE = "ข้อมูลหน้าอนุมัติไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่แล้วอนุมัติอีกครั้ง"

    undecided = forms.ChoiceField(
        required=False,
        choices=[(KEEP, "บันทึกผลการพิจารณา"), (APPROVE, "บันทึก และอนุมัติทุกรายการที่ยังไม่พิจารณา")],
        error_messages={"invalid_choice": "กรุณากดปุ่ม “บันทึกผลการพิจารณา”"},
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self._entries = {entry.pk: entry for entry, _evidence in rows}
        for pk in self._entries:
            self.fields[f"decision_{pk}"] = forms.ChoiceField(
                label="การพิจารณา", required=False, initial="",
                choices=[("", "ยังไม่พิจารณา"), (self.APPROVE, "อนุมัติ"), (self.RETURN, "ส่งกลับแก้ไข")],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "กรุณาเลือกการพิจารณาจากตัวเลือกในแถวนี้"},
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label="ความเห็น", required=False, max_length=self.COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
                error_messages={"max_length": f"ความเห็นยาวได้ไม่เกิน {self.COMMENT_MAX:,} ตัวอักษร"},
            )
            self.fields[f"fingerprint_{pk}"] = forms.RegexField(
                regex=r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput,
                error_messages={"invalid": self.STALE},
            )
        self.rows = [ReviewRow(self, entry, evidence) for entry, evidence in rows]

    def _action(self, data, pk) -> str:
        """The action decided for row ``pk`` ("" for none), the shortcut button applied."""
        chosen = data.get(f"decision_{pk}") or ""
        if not chosen and data.get("undecided") == self.APPROVE and not (data.get(f"comment_{pk}") or "").strip():
            return self.APPROVE
        return chosen

    def clean(self):
        data = super().clean()
        decided = 0
        for pk in self._entries:
            if any(self.has_error(f"{name}_{pk}") for name in ("decision", "comment", "fingerprint")):
                decided += 1  # refused already: not "nothing decided"
                continue
            action = self._action(data, pk)
            comment = (data.get(f"comment_{pk}") or "").strip()
            if not action and comment:
                self.add_error(f"decision_{pk}", self.COMMENT_UNDECIDED)
            elif action == self.APPROVE and not data.get(f"fingerprint_{pk}"):
                # The form always comes from the page, which carries each row's fingerprint.
                self.add_error(f"fingerprint_{pk}", self.STALE)
            elif action == self.RETURN and not comment:
                self.add_error(f"comment_{pk}", ChecklistEntry.RETURN_COMMENT_REQUIRED)
            decided += bool(action or comment)
        if not decided and not self.has_error("undecided"):
            self.add_error(None, self.NOTHING_DECIDED)
        return data

    def decisions(self) -> list[services.Decision]:
        """The ``services.Decision`` of each row decided (the shortcut button applied), in table order."""
        data = self.cleaned_data
        return [
            services.Decision(entry, action, data.get(f"fingerprint_{pk}") or None, data.get(f"comment_{pk}", "").strip())
            for pk, entry in self._entries.items()
            if (action := self._action(data, pk))
        ]

    def add_row_errors(self, errors: dict) -> None:
        """Show ``{entry id: [Thai messages]}`` (from ``assessments.services.review_entries``) beside their rows."""
        for pk, messages in errors.items():
            self.add_error(f"fingerprint_{pk}", messages)


class VersionForm(forms.Form):
    """Only the document version a page was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ResultForm(VersionedFormMixin, forms.ModelForm):
    """The document's own texts: introduction, target, recommendations, reporter."""

    class Meta:
        model = ITAResult
        fields = [
            "digit_system", "introduction", "target_score", "recommendations_intro",
            "policy_recommendations_intro", "policy_recommendations",
            "practice_recommendations_intro", "practice_recommendations", "reporter_name", "reporter_position",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("introduction", "recommendations_intro", "policy_recommendations_intro", "practice_recommendations_intro")
        } | {"policy_recommendations": forms.Textarea(attrs={"rows": 4}), "practice_recommendations": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        thai_required_messages(self)


class FocusForm(forms.ModelForm):
    """An urgent weakness or an area to develop, with its analysis (indicators of the result's framework only)."""

    class Meta:
        model = ImprovementFocus
        fields = ["kind", "order", "indicator", "sub_indicator", "analysis", "weakness", "development"]
        widgets = {
            "order": forms.NumberInput(attrs={"min": 1, "style": "width:4.5rem"}),
            "analysis": forms.Textarea(attrs={"rows": 4}),
            "weakness": forms.Textarea(attrs={"rows": 4}),
            "development": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = framework.indicators.all()
        self.fields["sub_indicator"].queryset = SubIndicator.objects.filter(indicator__framework=framework).select_related("indicator")
        self.fields["sub_indicator"].label_from_instance = lambda s: f"{s.number} {s.name}"
        self.fields["indicator"].label_from_instance = lambda i: f"{i.number} {i.name}"
        thai_required_messages(self)


class LimitationForm(forms.ModelForm):
    class Meta:
        model = Limitation
        fields = ["area", "limitations", "support_requested"]
        widgets = {"limitations": forms.Textarea(attrs={"rows": 4}), "support_requested": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["order", "title", "details"]
        widgets = {"order": forms.NumberInput(attrs={"min": 1, "style": "width:4.5rem"}), "details": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = MeasureActivity
        fields = ["order", "title", "steps", "timeline", "responsible"]
        widgets = {
            "order": forms.NumberInput(attrs={"min": 1, "style": "width:4.5rem"}),
            "title": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 4}),
            "timeline": forms.Textarea(attrs={"rows": 4}),
            "responsible": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)


# The most rows of each table of the analysis-and-measures document (rule "bounded formsets").
MAX_FOCUSES, MAX_LIMITATIONS, MAX_MEASURES, MAX_MEASURE_ACTIVITIES = 30, 3, 50, 100
FocusFormSet = bounded_inlineformset_factory(ITAResult, ImprovementFocus, form=FocusForm, extra=0, can_delete=True, max_num=MAX_FOCUSES)
LimitationFormSet = bounded_inlineformset_factory(ITAResult, Limitation, form=LimitationForm, extra=0, can_delete=True, max_num=MAX_LIMITATIONS)
MeasureFormSet = bounded_inlineformset_factory(ImprovementFocus, Measure, form=MeasureForm, extra=0, can_delete=True, max_num=MAX_MEASURES)
ActivityFormSet = bounded_inlineformset_factory(ImprovementFocus, MeasureActivity, form=ActivityForm, extra=0, can_delete=True, max_num=MAX_MEASURE_ACTIVITIES)


class PhaseForm(forms.ModelForm):
    """One ITAS phase of a framework's calendar: dates as the browser's date picker (Common
    Era values), the end checked against the start by the model (``AssessmentPhase.clean``,
    the message beside "วันสิ้นสุด")."""

    class Meta:
        model = AssessmentPhase
        fields = ["kind", "starts_on", "ends_on", "remind_days_before", "verification", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "remind_days_before": forms.NumberInput(attrs={"min": 0, "max": 90}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)
        for name in ("starts_on", "ends_on"):
            self.fields[name].error_messages["invalid"] = "วันที่ไม่ถูกต้อง เลือกจากปฏิทินหรือพิมพ์เป็น ปปปป-ดด-วว (ค.ศ.)"
            self.fields[name].help_text = ""

    def validate_unique(self):
        """Left to ``BasePhaseFormSet.clean``: every phase of the framework is a row of the
        formset, so "one phase of each kind" is checked among the rows as posted (two rows
        may swap kinds) and said beside the field instead of above the row."""

    def validate_constraints(self):
        """The model's only constraint is that same rule (see ``validate_unique``)."""


class BasePhaseFormSet(forms.BaseInlineFormSet):
    """The phases of one framework: all of its phases are rows of the formset."""

    def validate_unique(self):
        """Django's check among the rows is replaced by ``clean`` (the same rule, in Thai, beside the field)."""

    def clean(self):
        """One phase of each kind (the model's unique rule), said beside the second one."""
        super().clean()
        seen = set()
        for form in self.forms:
            if (not form.has_changed() and not form.instance.pk) or self._should_delete_form(form):
                continue
            kind = getattr(form, "cleaned_data", {}).get("kind")
            if kind and kind in seen:
                form.add_error("kind", "มีช่วงการประเมินนี้แล้วในปฏิทินนี้ เลือกช่วงอื่นหรือลบแถวนี้")
            seen.add(kind)


MAX_PHASES = len(AssessmentPhase._meta.get_field("kind").choices)
PhaseFormSet = bounded_inlineformset_factory(
    Framework, AssessmentPhase, form=PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True, max_num=MAX_PHASES
)


class FrameworkChoiceField(forms.ModelChoiceField):
    """A framework named by its fiscal year and assessing body ("2570 — สำนักงาน ป.ป.ช.")."""

    def label_from_instance(self, framework) -> str:
        return f"ปีงบประมาณ {framework.fiscal_year} — {framework.get_assessing_body_display()}"


class StartYearForm(forms.Form):
    """Start an organization's ITA year: the organization (those ``organizations`` — the
    user's, by ``access.START_YEAR`` — only), the fiscal year (BE, default ``fiscal_year``,
    the current one) and the framework of that year (default: the NACC one of that year).

    Refuses beside the fiscal year a year without any framework, and beside the framework one
    of another year. Whether the organization already has that year is the service's rule
    (``services.start_year``); the view puts its message beside the fiscal year.
    """

    organization = forms.ModelChoiceField(
        queryset=None, label="หน่วยงาน", empty_label="— เลือกหน่วยงาน —",
        error_messages={"required": "กรุณาเลือกหน่วยงาน", "invalid_choice": "กรุณาเลือกหน่วยงานที่คุณเป็นผู้รับผิดชอบหรือผู้อำนวยการ"},
    )
    fiscal_year = forms.IntegerField(
        label="ปีงบประมาณ (พ.ศ.)", help_text="ปีงบประมาณเริ่ม 1 ตุลาคม เช่น ปีงบประมาณ 2570 คือ 1 ต.ค. 2569 – 30 ก.ย. 2570",
        error_messages={"required": "กรุณาระบุปีงบประมาณ เช่น 2570", "invalid": "ปีงบประมาณต้องเป็นตัวเลขปีพุทธศักราช เช่น 2570"},
    )
    framework = FrameworkChoiceField(
        queryset=Framework.objects.newest().order_by("-fiscal_year", "assessing_body"), label="กรอบการประเมิน",
        empty_label="— เลือกกรอบการประเมินของปีที่เลือก —",
        error_messages={"required": "กรุณาเลือกกรอบการประเมิน", "invalid_choice": "กรุณาเลือกกรอบการประเมินจากรายการ"},
    )

    def __init__(self, *args, organizations, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        from ita_portal.documents import fiscal_year_validators

        self.fields["organization"].queryset = organizations
        self.fields["fiscal_year"].validators = list(fiscal_year_validators)
        self.fields["fiscal_year"].initial = fiscal_year
        frameworks = list(self.fields["framework"].queryset)
        of_year = sorted((f for f in frameworks if f.fiscal_year == fiscal_year), key=lambda f: f.assessing_body != "nacc")
        if of_year:
            self.fields["framework"].initial = of_year[0].pk
        self._years = {f.fiscal_year for f in frameworks}
        self.fields["framework"].choices = [("", self.fields["framework"].empty_label)] + [
            (f.pk, self.fields["framework"].label_from_instance(f)) for f in frameworks
        ]
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk

    def clean(self):
        data = super().clean()
        year, framework = data.get("fiscal_year"), data.get("framework")
        if year is not None and "fiscal_year" not in self.errors and year not in self._years:
            self.add_error("fiscal_year", f"ยังไม่มีกรอบการประเมินของปีงบประมาณ {year} ในระบบ กรุณาแจ้งผู้ดูแลระบบให้เพิ่มกรอบการประเมินของปีนี้ก่อน")
        elif year is not None and framework is not None and framework.fiscal_year != year:
            self.add_error("framework", f"กรอบการประเมินที่เลือกเป็นของปีงบประมาณ {framework.fiscal_year} กรุณาเลือกกรอบการประเมินของปีงบประมาณ {year}")
        return data


# --------------------------------------------------------------------------------------
# Framework editing by administrators (assessments.framework_views); the forms only
# validate, assessments.framework_editing makes the changes.
# --------------------------------------------------------------------------------------

SOURCE_REQUIRED_MESSAGE = "กรุณาระบุแหล่งที่มา (URL หรือชื่อเอกสาร) เมื่อเลือก “ยืนยันแล้ว” หรือ “จากแหล่งข้อมูลรอง”"


class ItemTextForm(forms.Form):
    """An OIT item's title (ข้อมูล) and its content elements, one a line."""

    title = forms.CharField(label="ข้อมูล (ชื่อรายการ)", max_length=500)
    content_elements = forms.CharField(
        label="องค์ประกอบด้านข้อมูล", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=DisclosureItem._meta.get_field("content_elements").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)

    def clean_content_elements(self) -> str:
        """Keep the two-space indent of sub-elements; drop trailing blanks of each line."""
        return "\n".join(line.rstrip() for line in self.cleaned_data["content_elements"].splitlines()).strip("\n")


class SubIndicatorChoiceField(forms.ModelChoiceField):
    """A sub-indicator of one framework, named "9.1 ข้อมูลพื้นฐาน"."""

    def label_from_instance(self, sub) -> str:
        return f"{sub.number} {sub.name}"


def _sub_indicator_field(framework) -> SubIndicatorChoiceField:
    return SubIndicatorChoiceField(
        queryset=SubIndicator.objects.filter(indicator__framework=framework).order_by("indicator__number", "order"),
        label="ตัวชี้วัดย่อย", empty_label="— เลือกตัวชี้วัดย่อย —",
        error_messages={"required": "กรุณาเลือกตัวชี้วัดย่อย", "invalid_choice": "กรุณาเลือกตัวชี้วัดย่อยของกรอบการประเมินนี้"},
    )


class MoveItemForm(forms.Form):
    """The sub-indicator an item moves to (``framework``'s own only)."""

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_indicator"] = _sub_indicator_field(framework)


class AddItemForm(ItemTextForm):
    """A new OIT item: its sub-indicator, its code (letters and digits, the public URL) and text."""

    code = forms.RegexField(
        label="ข้อ (รหัส)", max_length=10, regex=r"^[A-Za-z0-9]+$",
        help_text="เช่น O37 ใช้เป็นส่วนหนึ่งของ URL ถาวร",
        error_messages={"invalid": "ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษและตัวเลข เช่น O37"},
    )
    field_order = ["sub_indicator", "code", "title", "content_elements"]

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_indicator"] = _sub_indicator_field(framework)
        self.order_fields(self.field_order)
        thai_required_messages(self)
        self.fields["sub_indicator"].error_messages["required"] = "กรุณาเลือกตัวชี้วัดย่อย"


class VerificationForm(forms.Form):
    """A verification state (``Verification``) with its source, required for "ยืนยันแล้ว"
    and "จากแหล่งข้อมูลรอง" (rule of ``Verification``: a state names what it was read in)."""

    verification = forms.ChoiceField(label="สถานะการยืนยันข้อมูล", choices=Verification.choices)
    source = forms.CharField(
        label="แหล่งที่มา", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="URL หรือชื่อเอกสาร บรรทัดละหนึ่งแหล่ง",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_required_messages(self)

    def clean(self):
        """A source is required for "ยืนยันแล้ว" and "จากแหล่งข้อมูลรอง", said beside it."""
        data = super().clean()
        if data.get("verification") in (Verification.VERIFIED, Verification.SECONDARY) and not data.get("source", "").strip():
            self.add_error("source", SOURCE_REQUIRED_MESSAGE)
        return data


class CopyForwardForm(forms.Form):
    """The fiscal year (BE) a framework is copied to; after the framework's own year."""

    fiscal_year = forms.IntegerField(label="คัดลอกไปปีงบประมาณ (พ.ศ.)")

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        from ita_portal.documents import fiscal_year_validators

        self.framework = framework
        self.fields["fiscal_year"].validators.extend(fiscal_year_validators)
        self.fields["fiscal_year"].initial = framework.fiscal_year + 1
        thai_required_messages(self)

    def clean_fiscal_year(self) -> int:
        """A year after the framework's own (the same year is a revision, not a copy)."""
        year = self.cleaned_data["fiscal_year"]
        if year <= self.framework.fiscal_year:
            raise forms.ValidationError(f"ปีงบประมาณต้องหลังปี {self.framework.fiscal_year} (ฉบับแก้ไขของปีเดียวกันใช้ปุ่ม “สร้างฉบับแก้ไข”)")
        return year


# --------------------------------------------------------------------------------------
# The clarification round of the OIT scores
# --------------------------------------------------------------------------------------


class VerdictsForm(MarkRefusedInputsMixin, forms.Form):
    """The assessor's verdict on each item of a checklist in one round, as ITAS shows it: for
    each entry ``passed_<id>`` ("" no verdict, "pass" ผ่าน, "fail" ไม่ผ่าน), ``reason_<id>``
    and ``advice_<id>``. ``initial``: ``{entry id: (passed bool or None, reason, advice)}``.
    ``rows()`` lays the fields out; ``cleaned_rows()`` → ``{entry id: services.VerdictRow}``."""

    CHOICES = [("", "—"), ("pass", "ผ่าน"), ("fail", "ไม่ผ่าน")]
    STALE = "รายการในหน้านี้ไม่ตรงกับแบบตรวจปัจจุบัน กรุณาเปิดหน้านี้ใหม่แล้วบันทึกอีกครั้ง"

    def clean_shown(self):
        shown = self.cleaned_data.get("shown")
        if shown != len(self.entries):
            raise forms.ValidationError(self.STALE)
        return shown

    def __init__(self, *args, entries, initial_rows: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        # The number of items the page showed: a post from a page of another set of items
        # (or none) is refused rather than read as "no verdict" for the missing ones.
        self.fields["shown"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=len(self.entries),
            error_messages={"required": self.STALE, "invalid": self.STALE},
        )
        for entry in self.entries:
            passed, reason, advice = initial_rows.get(entry.pk, (None, "", ""))
            code = entry.item.code
            self.fields[f"passed_{entry.pk}"] = forms.ChoiceField(
                label=f"ผลการตรวจข้อ {code}", choices=self.CHOICES, required=False,
                initial={True: "pass", False: "fail"}.get(passed, ""),
                error_messages={"invalid_choice": "กรุณาเลือก ผ่าน หรือ ไม่ผ่าน"},
            )
            self.fields[f"reason_{entry.pk}"] = forms.CharField(
                label=f"ความเห็นของผู้ประเมิน ข้อ {code}", required=False, initial=reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"advice_{entry.pk}"] = forms.CharField(
                label=f"ข้อเสนอแนะของผู้ประเมิน ข้อ {code}", required=False, initial=advice,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """``[(entry, passed field, reason field, advice field)]`` in item order."""
        return [(e, self[f"passed_{e.pk}"], self[f"reason_{e.pk}"], self[f"advice_{e.pk}"]) for e in self.entries]

    def cleaned_rows(self) -> dict:
        """``{entry id: services.VerdictRow}`` of every item."""
        rows = {}
        for e in self.entries:
            passed = {"pass": True, "fail": False}.get(self.cleaned_data.get(f"passed_{e.pk}") or "")
            rows[e.pk] = services.VerdictRow(
                passed, (self.cleaned_data.get(f"reason_{e.pk}") or "").strip(), (self.cleaned_data.get(f"advice_{e.pk}") or "").strip()
            )
        return rows

    def add_row_errors(self, message_dict: dict) -> None:
        """Put a refusal of ``services.record_verdicts`` beside the field it names."""
        for field, errors in message_dict.items():
            for error in errors:
                self.add_error(field if field in self.fields else None, error)


class ClarificationForm(forms.Form):
    """The clarification (คำชี้แจง) of one disputed item: its text."""

    clarification = forms.CharField(
        label="คำชี้แจง", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="อธิบายว่าข้อมูลที่เผยแพร่ครบตามองค์ประกอบอย่างไร และอยู่ที่ใด",
    )


class ClarificationEvidenceForm(EvidenceForm):
    """A URL and/or a file supporting a clarification, checked like the checklist's evidence."""

    class Meta(EvidenceForm.Meta):
        model = ClarificationEvidence


class OutcomeForm(forms.Form):
    """The assessor's decision on a clarification, as ITAS shows it after the round."""

    outcome = forms.ChoiceField(
        label="ผลการพิจารณาคำชี้แจง",
        choices=[("pending", "รอผลการพิจารณา"), ("accepted", "ผู้ประเมินรับคำชี้แจง (ผ่าน)"), ("rejected", "ผู้ประเมินไม่รับคำชี้แจง (ไม่ผ่าน)")],
        error_messages={"required": "กรุณาเลือกผลการพิจารณา", "invalid_choice": "กรุณาเลือกผลการพิจารณาจากรายการ"},
    )
    outcome_note = forms.CharField(label="หมายเหตุของผู้ประเมิน", required=False, widget=forms.Textarea(attrs={"rows": 2}))
