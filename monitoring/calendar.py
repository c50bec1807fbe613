"""Monitoring calendars (ปฏิทินการกำกับ ติดตาม), monitoring reports (รายงานผลการกำกับ ติดตาม)
and official memos (บันทึกข้อความ) that cover them.

Shapes
------
* ``MonitoringCalendar``: one organization, one fiscal year (BE); ``CalendarItem`` rows are
  numbered from their position (1., 2., …), each with a date (CE ``date``, printed BE), one
  or more ``ResponsibleGroup`` and an optional OIT item code (plain text such as "O39").
* ``MonitoringReport``: the monitoring checklist of a calendar; ``MonitoringReportItem`` has a status
  (ดำเนินการ / กำลังดำเนินการ / ไม่ดำเนินการ), a result, responsible groups and the
  director's acknowledgement (name and position as signed, and a date). A row with
  ``continues_previous`` is the second part of the item above it and takes no number.
* ``Memo``: the memo form of ระเบียบงานสารบรรณ covering one document (nullable foreign keys
  to a calendar, a monitoring report, an action plan or a progress report). Dates are CE
  ``date`` values printed in the Buddhist Era and the memo's digit system.
* ``SignatureBlock``: extra signature blocks a document carries ("สำเนาถูกต้อง" …), in order.
* ``MemoSettings``: per organization, the emblem image for the memo's top-left slot (the
  portal ships none).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.documents import fiscal_year_validators, related_or_none, text_lines
from ita_portal.fields import ProgressStatus
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, WorkflowDocument
from monitoring.progress import ProgressReport
from plans.action_plans import ActionPlan

__all__ = [
    "ResponsibleGroup",
    "MonitoringCalendar",
    "CalendarItem",
    "MonitoringReport",
    "MonitoringReportItem",
    "Memo",
    "MemoSettings",
    "SignatureBlock",
]


def _digit_system_field():
    return models.CharField("ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.THAI)


class ResponsibleGroup(models.Model):
    """A work group (กลุ่มงาน) of an organization that can be responsible for an item."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="responsible_groups", verbose_name="หน่วยงาน"
    )
    name = models.CharField("ชื่อกลุ่ม", max_length=255)

    class Meta:
        verbose_name = "กลุ่มงานผู้รับผิดชอบ"
        verbose_name_plural = "กลุ่มงานผู้รับผิดชอบ"
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="responsible_group_unique",
                violation_error_message="หน่วยงานนี้มีกลุ่มชื่อนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return self.name


DUPLICATE_MONITORING_REPORT = "ปฏิทินนี้มีรายงานผลชื่อนี้แล้ว กรุณาตั้งชื่อรายงานให้ต่างกัน"
APPROVED = WorkflowDocument.Status.APPROVED


class _Document(WorkflowDocument):
    """Fields shared by the calendar and the monitoring report: a title and a digit system;
    both go through the approval workflow (``WorkflowDocument``)."""

    title = models.CharField("ชื่อเอกสาร", max_length=500, help_text="ไม่ต้องพิมพ์ปีงบประมาณ ระบบเติมให้")
    digit_system = _digit_system_field()
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        abstract = True

    def full_title(self) -> str:
        """The title followed by "ประจำปีงบประมาณ พ.ศ. <fiscal year>" (digits not yet applied)."""
        return f"{self.title} ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"


class MonitoringCalendar(_Document):
    """The monitoring calendar of one organization for one fiscal year (BE)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="monitoring_calendars", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", validators=fiscal_year_validators)

    class Meta:
        verbose_name = "ปฏิทินการกำกับติดตาม"
        verbose_name_plural = "ปฏิทินการกำกับติดตาม"
        ordering = ["organization", "-fiscal_year"]

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"ปฏิทินการกำกับ ติดตาม {self.organization.short_name} ปีงบประมาณ {self.fiscal_year}"

    def numbered_items(self) -> list[CalendarItem]:
        """Items in order, each with ``number`` (1, 2, …) from its position."""
        items = sorted(self.items.all(), key=lambda i: (i.position, i.pk))
        for n, item in enumerate(items, 1):
            item.number = n
        return items


class CalendarItem(FrozenGuardMixin, models.Model):
    """A dated checklist item of a monitoring calendar."""

    calendar = models.ForeignKey(MonitoringCalendar, on_delete=models.CASCADE, related_name="items", verbose_name="ปฏิทิน")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    date = models.DateField("วัน เดือน ปี")
    text = models.TextField("รายการกิจกรรม")
    groups = models.ManyToManyField(ResponsibleGroup, related_name="calendar_items", verbose_name="ผู้รับผิดชอบ")
    remarks = models.TextField("หมายเหตุ", blank=True)
    oit_item = models.CharField("ข้อ OIT ที่เกี่ยวข้อง", max_length=20, blank=True, help_text="เช่น O39")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "รายการในปฏิทิน"
        verbose_name_plural = "รายการในปฏิทิน"
        ordering = ["calendar", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        """The date must lie in the calendar's fiscal year."""
        calendar = related_or_none(self, "calendar")
        if calendar is not None and self.date and not thai.in_fiscal_year(self.date, calendar.fiscal_year):
            raise ValidationError({"date": f"วันที่นี้อยู่นอกปีงบประมาณ {calendar.fiscal_year}"})


class MonitoringReport(_Document):
    """The monitoring report (checklist) of a monitoring calendar."""

    calendar = models.ForeignKey(
        MonitoringCalendar, on_delete=models.PROTECT, related_name="monitoring_reports", verbose_name="ปฏิทิน"
    )
    acknowledgement_heading = models.CharField(
        "หัวคอลัมน์การลงนามรับทราบ", max_length=255, default="ลงนามรับทราบ โดยผู้อำนวยการ"
    )

    history = HistoricalRecords()

    # The title of a report just started from its calendar (``monitoring_report_create``).
    NEW_TITLE = "รายงานผลการกำกับ ติดตามการดำเนินงาน"

    class Meta:
        verbose_name = "รายงานผลการกำกับติดตาม"
        verbose_name_plural = "รายงานผลการกำกับติดตาม"
        ordering = ["calendar"]
        constraints = [
            # A calendar's reports are told apart by their titles (the calendar's page lists
            # them by title; the seed loader finds one by calendar and title): a second "new
            # monitoring report" while the first still has ``NEW_TITLE`` opens that one.
            models.UniqueConstraint(
                fields=["calendar", "title", "revision"],
                name="one_monitoring_report_per_calendar_title_revision",
                violation_error_message=DUPLICATE_MONITORING_REPORT,
            ),
        ]

    def __str__(self) -> str:
        return f"รายงานผลการกำกับ ติดตาม {self.organization.short_name} ปีงบประมาณ {self.fiscal_year}"

    @property
    def organization(self) -> Organization:
        return self.calendar.organization

    @property
    def parent_document(self) -> MonitoringCalendar:
        """The calendar this report tracks (breadcrumbs lead to it)."""
        return self.calendar

    @property
    def fiscal_year(self) -> int:
        return self.calendar.fiscal_year

    def numbered_items(self) -> list[MonitoringReportItem]:
        """Items in order, each with ``number`` (``None`` for a continuation row)."""
        items = sorted(self.items.all(), key=lambda i: (i.position, i.pk))
        n = 0
        for item in items:
            if item.continues_previous and n:
                item.number = None
            else:
                n += 1
                item.number = n
        return items

    @property
    def item_statuses(self) -> list[tuple[str, str]]:
        """[(progress status value, the column heading this report prints for it)]."""
        return MonitoringReportItem.STATUS_CHOICES

    def status_counts(self) -> dict[str, int]:
        """{status value: number of numbered items with that status}."""
        counts = {value: 0 for value in ProgressStatus.values}
        for item in self.numbered_items():
            if item.number is not None:
                counts[item.status] += 1
        return counts


class MonitoringReportItem(FrozenGuardMixin, models.Model):
    """One checklist row of a monitoring report."""

    # How far the row's activity has gone, in the monitoring report's own words (its column
    # headings). The report itself has the workflow ``status`` of every document.
    STATUS_CHOICES = ProgressStatus.worded(done="ดำเนินการ", in_progress="กำลังดำเนินการ", not_started="ไม่ดำเนินการ")

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="items", verbose_name="รายงาน")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    continues_previous = models.BooleanField("ต่อจากรายการก่อนหน้า (ไม่มีเลขลำดับ)", default=False)
    calendar_item = models.ForeignKey(
        CalendarItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="monitoring_report_items",
        verbose_name="รายการในปฏิทิน",
    )
    text = models.TextField("รายการติดตาม")
    status = models.CharField(
        "การปฏิบัติ", max_length=20, choices=STATUS_CHOICES, default=ProgressStatus.IN_PROGRESS
    )
    result = models.TextField("ผลการดำเนินงาน", blank=True)
    groups = models.ManyToManyField(ResponsibleGroup, related_name="monitoring_report_items", verbose_name="ผู้รับผิดชอบ")
    acknowledged_by_name = models.CharField("ผู้ลงนามรับทราบ", max_length=255, blank=True)
    acknowledged_by_position = models.CharField("ตำแหน่งผู้ลงนามรับทราบ", max_length=255, blank=True)
    acknowledged_on = models.DateField("วันที่ลงนามรับทราบ", null=True, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "รายการติดตาม"
        verbose_name_plural = "รายการติดตาม"
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def acknowledged(self) -> bool:
        return bool(self.acknowledged_by_name)

    def clean(self) -> None:
        report = related_or_none(self, "report")
        item = related_or_none(self, "calendar_item")
        if report is not None and item is not None and item.calendar_id != report.calendar_id:
            raise ValidationError({"calendar_item": "รายการนี้ไม่ได้อยู่ในปฏิทินของรายงาน"})


class MemoSettings(models.Model):
    """Per-organization memo settings: the emblem printed top left (about 1.5 cm high)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="memo_settings", verbose_name="หน่วยงาน"
    )
    emblem = models.FileField(
        "ตราครุฑ/ตราหน่วยงาน",
        upload_to="emblems/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "svg"], "ใช้ได้เฉพาะไฟล์ภาพ PNG, JPG หรือ SVG")],
        help_text="ภาพตราที่มุมซ้ายบนของบันทึกข้อความ ระบบไม่มีภาพให้ หน่วยงานต้องอัปโหลดเอง",
    )

    class Meta:
        verbose_name = "การตั้งค่าบันทึกข้อความ"
        verbose_name_plural = "การตั้งค่าบันทึกข้อความ"

    def __str__(self) -> str:
        return f"การตั้งค่าบันทึกข้อความ {self.organization.short_name}"


class Memo(WorkflowDocument):
    """An official memo (บันทึกข้อความ) asking the director to acknowledge or approve a document.

    The director who endorses is the organization's director (``Organization.director_*``),
    never typed here; ``endorsement`` is the director's order (one line each, e.g. "ทราบ",
    "อนุญาต") and ``endorsed_on`` its date.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memos", verbose_name="หน่วยงาน")
    digit_system = _digit_system_field()
    group = models.CharField("กลุ่มงานเจ้าของเรื่อง", max_length=255, help_text="ส่วนราชการ: ชื่อกลุ่มต่อท้ายชื่อหน่วยงาน")
    document_number = models.CharField("ที่", max_length=100, blank=True, help_text="เช่น ศธ 04114/")
    date = models.DateField("วันที่")
    subject = models.TextField("เรื่อง")
    addressee = models.CharField("เรียน", max_length=255)
    body = models.TextField("ข้อความ", help_text="บรรทัดละหนึ่งย่อหน้า")
    proposals = models.TextField("ข้อเสนอ", blank=True, help_text=" บรรทัดละหนึ่งข้อ ระบบใส่เลขข้อให้เอง")
    closing = models.CharField("คำลงท้าย", max_length=255, default="จึงเรียนมาเพื่อโปรดพิจารณา")
    writer_name = models.CharField("ผู้เสนอ (ชื่อเต็ม)", max_length=255)
    writer_position = models.CharField("ตำแหน่งผู้เสนอ", max_length=255, blank=True)
    group_head_note = models.TextField("ความเห็นหัวหน้ากลุ่ม", blank=True, help_text="บรรทัดละหนึ่งบรรทัด")
    group_head_name = models.CharField("หัวหน้ากลุ่ม (ชื่อเต็ม)", max_length=255, blank=True)
    group_head_position = models.CharField("ตำแหน่งหัวหน้ากลุ่ม", max_length=255, blank=True)
    group_head_signed_on = models.DateField("วันที่หัวหน้ากลุ่มลงนาม", null=True, blank=True)
    endorsement = models.TextField("คำสั่งการของผู้อำนวยการ", blank=True, help_text="เช่น ทราบ / อนุญาต บรรทัดละหนึ่งบรรทัด")
    endorsed_on = models.DateField("วันที่ผู้อำนวยการลงนาม", null=True, blank=True)
    calendar = models.ForeignKey(MonitoringCalendar, on_delete=models.SET_NULL, null=True, blank=True, related_name="memos", verbose_name="ปฏิทินที่แนบ")
    monitoring_report = models.ForeignKey(MonitoringReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="memos", verbose_name="รายงานผลที่แนบ")
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="memos", verbose_name="แผนที่แนบ")
    progress_report = models.ForeignKey(ProgressReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="memos", verbose_name="รายงานความก้าวหน้าที่แนบ")
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    TITLE = "บันทึกข้อความ"

    history = HistoricalRecords()

    class Meta:
        verbose_name = "บันทึกข้อความ"
        verbose_name_plural = "บันทึกข้อความ"
        ordering = ["organization", "-date"]

    def __str__(self) -> str:
        return f"บันทึกข้อความ {self.organization.short_name}: {self.subject[:60]}"

    @property
    def fiscal_year(self) -> int:
        return thai.fiscal_year(self.date)

    def covered_documents(self) -> list:
        """The documents the memo covers, in the order its source attaches them (seed 003:
        the calendar, then the monitoring report on it; a plan before its progress report)."""
        return [d for d in (self.calendar, self.monitoring_report, self.action_plan, self.progress_report) if d]

    def body_paragraphs(self) -> list[str]:
        return text_lines(self.body)

    def proposal_lines(self) -> list[str]:
        return text_lines(self.proposals)

    def group_head_note_lines(self) -> list[str]:
        return text_lines(self.group_head_note)

    def endorsement_lines(self) -> list[str]:
        return text_lines(self.endorsement)

    def emblem_url(self) -> str:
        """URL of the organization's emblem, or "" when it has uploaded none."""
        settings = MemoSettings.objects.filter(organization_id=self.organization_id).first()
        return settings.emblem.url if settings and settings.emblem else ""

    def clean(self) -> None:
        """Covered documents must belong to the memo's organization."""
        errors = {}
        for field in ("calendar", "monitoring_report", "action_plan", "progress_report"):
            doc = related_or_none(self, field)
            if doc is None or not self.organization_id:
                continue
            org = doc.organization if hasattr(doc, "organization") else doc.plan.organization
            if org.pk != self.organization_id:
                errors[field] = "เอกสารนี้เป็นของหน่วยงานอื่น"
        if errors:
            raise ValidationError(errors)


class SignatureBlock(FrozenGuardMixin, models.Model):
    """An extra signature block of a document (e.g. "สำเนาถูกต้อง"), printed in order at its end."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures")
    calendar = models.ForeignKey(MonitoringCalendar, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures")
    monitoring_report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures")
    position_in_document = models.PositiveSmallIntegerField("ลำดับ", default=1)
    caption = models.CharField("ข้อความเหนือลายมือชื่อ", max_length=255, blank=True, help_text="เช่น สำเนาถูกต้อง")
    name = models.CharField("ชื่อเต็ม", max_length=255)
    position = models.CharField("ตำแหน่ง", max_length=255, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ลายมือชื่อเพิ่มเติม"
        verbose_name_plural = "ลายมือชื่อเพิ่มเติม"
        ordering = ["position_in_document", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(memo__isnull=False, calendar__isnull=True, monitoring_report__isnull=True)
                    | models.Q(memo__isnull=True, calendar__isnull=False, monitoring_report__isnull=True)
                    | models.Q(memo__isnull=True, calendar__isnull=True, monitoring_report__isnull=False)
                ),
                name="signature_block_one_document",
                violation_error_message="ลายมือชื่อต้องอยู่ในเอกสารเดียว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.caption} ({self.name})".strip()
