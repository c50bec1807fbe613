"""Forms of the checklist workspace: they validate and normalise only; views save."""

from __future__ import annotations

from django import forms

from assessments.evidence_files import ALLOWED_TEXT, MAX_EVIDENCE_BYTES, check_upload
from assessments.models import ChecklistEntry, Evidence


class EntryForm(forms.ModelForm):
    """Responsible group, status and self-assessed score (100 or 0) of one checklist item."""

    class Meta:
        model = ChecklistEntry
        fields = ["responsible_group", "status", "score"]


class EvidenceForm(forms.ModelForm):
    """A URL and/or a file; the file's type is sniffed from its bytes and its size limited.

    ``cleaned_data`` gains nothing; ``save(commit=False)`` returns an ``Evidence`` with
    ``content_type`` and ``size`` filled in from the upload.
    """

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
        return data

    def save(self, commit=True):
        evidence = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload and getattr(self, "_sniffed", None):
            evidence.content_type, evidence.size = self._sniffed, upload.size
        if commit:
            evidence.save()
        return evidence
