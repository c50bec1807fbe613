"""ITA frameworks as yearly data, an organization's ITA result and its OIT checklist.

A *framework* is identified by (assessing body, fiscal year BE) and holds everything that
changes from year to year: tools and their weights, indicators, sub-indicators, OIT
disclosure items with their required content elements, the rating bands and the pass mark
(``../shared/domain/ita-framework.md``). Nothing about a particular year is a code constant.

Scores are percentages 0–100 with two decimals. Every derived figure — tool scores, weighted
scores, the total, the rating, OIT sub-indicator and indicator scores — is computed in
``assessments.scoring`` from the stored indicator / sub-indicator / item scores and never
stored a second time.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.documents import fiscal_year_validators, text_lines
from ita_portal.fields import ProgressStatus
from ita_portal.models import Organization
from ita_portal.workflow import FrozenAwareQuerySet, FrozenGuardMixin, WorkflowDocument

SCORE_MESSAGE = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 และมีทศนิยมไม่เกิน 2 ตำแหน่ง (เช่น 95.00)"
score_validators = [
    MinValueValidator(Decimal("0"), message=SCORE_MESSAGE),
    MaxValueValidator(Decimal("100"), message=SCORE_MESSAGE),
]


def score_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """A percentage 0.00–100.00 with two decimals; anything else is refused with a Thai message."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=score_validators,
        error_messages={
            "invalid": SCORE_MESSAGE,
            "max_digits": SCORE_MESSAGE,
            "max_decimal_places": SCORE_MESSAGE,
            "max_whole_digits": SCORE_MESSAGE,
        },
        **kwargs,
    )


class AssessingBody(models.TextChoices):
    NACC = "nacc", "สำนักงาน ป.ป.ช."
    OBEC = "obec", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (ITA Online)"
    # OBEC's round of the schools, run by each educational service area office for its own
    # schools: a body of its own so that a year holds both OBEC frameworks (offices, schools).
    OBEC_SCHOOL = "obec_sch", "สพฐ. (ITA Online) รอบสถานศึกษา ประเมินโดยสำนักงานเขตพื้นที่การศึกษา"
    MOE = "moe", "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงศึกษาธิการ"


class Verification(models.TextChoices):
    """How far a framework or an OIT item has been checked against its sources.

    * ``VERIFIED``: read in the assessing body's own document (its manual, or a seed document
      of the portal) or in two independent sources with an arithmetic check ([V] in
      ``../shared/domain/ita-framework.md``);
    * ``SECONDARY``: seen on agency web pages, in news or in third-party code, the assessing
      body's own manual not read (confidence "medium" / "low-medium" or better in
      ``../shared/domain/ita-frameworks-2566-2569.md``);
    * ``PROVISIONAL``: assumed, copied from another year, or seen in one weak source only.

    Shown to administrators and staff, never on the public OIT pages.
    """

    VERIFIED = "verified", "ยืนยันแล้ว"
    SECONDARY = "secondary", "จากแหล่งข้อมูลรอง"
    PROVISIONAL = "provisional", "ชั่วคราว"


class EvidencePeriod(models.TextChoices):
    """The period an OIT item's evidence must come from, relative to the assessed fiscal
    year (BE); ``UNKNOWN`` when no source states it."""

    UNKNOWN = "", "ยังไม่ทราบ"
    CURRENT_FISCAL_YEAR = "current_fy", "ปีงบประมาณที่ประเมิน"
    PREVIOUS_FISCAL_YEAR = "previous_fy", "ปีงบประมาณก่อนปีที่ประเมิน"
    FIRST_HALF = "first_half", "รอบ 6 เดือนแรกของปีงบประมาณที่ประเมิน"
    AS_OF_ASSESSMENT = "as_of_assessment", "ข้อมูลเป็นปัจจุบัน ณ วันที่ประเมิน"


def verification_field() -> models.CharField:
    return models.CharField(
        "สถานะการยืนยันข้อมูล", max_length=12, choices=Verification.choices, default=Verification.PROVISIONAL
    )


# --------------------------------------------------------------------------------------
# Framework (yearly data)
# --------------------------------------------------------------------------------------


class FrameworkQuerySet(FrozenAwareQuerySet):
    """Frameworks; ``newest()`` keeps only the newest revision of each (assessing body,
    fiscal year) — what "the framework of year X" means wherever a framework is looked up by
    its year."""

    def newest(self) -> FrameworkQuerySet:
        """Only frameworks without a later revision of the same body and year."""
        later = Framework.objects.filter(
            assessing_body=models.OuterRef("assessing_body"),
            fiscal_year=models.OuterRef("fiscal_year"),
            revision__gt=models.OuterRef("revision"),
        )
        return self.exclude(models.Exists(later))


class Framework(FrozenGuardMixin, models.Model):
    """The assessment rules of one assessing body for one fiscal year (BE).

    A framework and its tools, indicators, sub-indicators and rating bands are locked while
    an ITA result computed with it is submitted or approved (rows of that document kind):
    an approved result keeps the figures it was approved with; a correction of the framework
    is a copy (``copy_to``).

    ``pass_mark`` is a total (percent) at or above which an organization passes;
    ``answer_deadline`` is the last day (CE date) to answer the OIT items, or ``None``.
    ``verification`` (``Verification``) and ``verification_source`` (URLs or document names,
    one a line) say how far the framework's rules — tools, weights, indicators, rating bands —
    are confirmed: the weakest of them.

    ``revision`` (1, 2, …) numbers the versions of one body's framework of one year: a
    correction of a framework in use by something approved is a new revision
    (``new_revision``); new checklists and results use the newest
    (``Framework.objects.newest()``), the old one stays with what was approved under it.
    """

    assessing_body = models.CharField("หน่วยงานผู้ประเมิน", max_length=10, choices=AssessingBody.choices)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", validators=fiscal_year_validators)
    name = models.CharField("ชื่อกรอบการประเมิน", max_length=255)
    pass_mark = score_field("เกณฑ์ผ่าน (คะแนน)", default=Decimal("85.00"))
    answer_deadline = models.DateField("วันสุดท้ายของการตอบแบบ OIT", null=True, blank=True)
    source_note = models.TextField("ที่มาของข้อมูล", blank=True, help_text="แหล่งที่มา และส่วนที่ยังไม่ได้ยืนยัน")
    verification = verification_field()
    verification_source = models.TextField(
        "แหล่งที่มาที่ใช้ยืนยัน", blank=True, help_text="URL หรือชื่อเอกสาร บรรทัดละหนึ่งแหล่ง"
    )
    revision = models.PositiveSmallIntegerField(
        "ฉบับแก้ไขที่", default=1, editable=False, help_text="1 คือฉบับแรกของปี; ฉบับแก้ไขของปีเดียวกันมีเลขถัดไป"
    )

    objects = FrameworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "กรอบการประเมิน ITA"
        verbose_name_plural = "กรอบการประเมิน ITA"
        ordering = ["-fiscal_year", "assessing_body", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessing_body", "fiscal_year", "revision"], name="one_framework_per_body_year_and_revision"
            )
        ]

    def __str__(self) -> str:
        suffix = f" ฉบับแก้ไขที่ {self.revision}" if self.revision > 1 else ""
        return f"{self.name} ({self.get_assessing_body_display()} ปีงบประมาณ {self.fiscal_year}{suffix})"

    def in_use_by_approved(self) -> str:
        """Why this framework may no longer change under what was approved with it, as a Thai
        sentence, or "" when it may: an OIT checklist under it has evidence approved for
        publication (what the public reads names its items), or an ITA result computed with
        it is submitted or approved (its rows are then frozen, ``FrozenGuardMixin``).
        Two queries at most. The one place of rule "an approved checklist or result keeps
        its framework"; ``assessments.framework_editing`` refuses every edit by it."""
        from ita_portal.workflow import LOCKED_STATUSES

        if Evidence.objects.filter(entry__checklist__framework=self, approved_at__isnull=False).exists():
            return "กรอบการประเมินนี้ใช้อยู่กับแบบตรวจ OIT ที่อนุมัติให้เผยแพร่แล้ว จึงแก้ไขไม่ได้ ให้สร้างฉบับแก้ไข"
        if self.results.filter(status__in=LOCKED_STATUSES).exists():
            return "กรอบการประเมินนี้ใช้อยู่กับผลการประเมิน ITA ที่ส่งหรืออนุมัติแล้ว จึงแก้ไขไม่ได้ ให้สร้างฉบับแก้ไข"
        return ""

    def newer_revision(self) -> Framework | None:
        """The newest revision of this framework's body and year when it is newer than this
        one, else ``None``."""
        return (
            Framework.objects.filter(
                assessing_body=self.assessing_body, fiscal_year=self.fiscal_year, revision__gt=self.revision
            )
            .order_by("-revision")
            .first()
        )

    def get_absolute_url(self) -> str:
        return reverse("admin:assessments_framework_change", args=[self.pk])

    def phase_now(self, day: datetime.date) -> PhaseNow:
        """Where ``day`` (a CE date) falls in this framework's calendar: the phase running on
        it (``starts_on`` ≤ ``day`` ≤ ``ends_on``; of overlapping phases the one that ends
        first, then the one that started last) and, when none runs, the next one to start.
        Reads ``self.phases.all()``, so a ``prefetch_related("phases")`` makes it free.
        The one place that decides "the current phase" (landing page, OIT checklist page)."""
        phases = list(self.phases.all())
        running = [p for p in phases if p.starts_on <= day <= p.ends_on]
        current = min(running, key=lambda p: (p.ends_on, -p.starts_on.toordinal()), default=None)
        later = [p for p in phases if p.starts_on > day]
        upcoming = None if current else min(later, key=lambda p: (p.starts_on, p.ends_on), default=None)
        return PhaseNow(framework=self, day=day, current=current, upcoming=upcoming)

    @transaction.atomic
    def copy_to(self, fiscal_year: int, name: str | None = None) -> Framework:
        """Copy this framework with all its tools, indicators, sub-indicators, items and
        rating bands to ``fiscal_year`` (BE) of the same assessing body; return the copy.
        A copy to the next fiscal year has each item continue its original
        (``DisclosureItem.continues``).

        Raises ``ValidationError`` when that year already has a framework (any revision).
        """
        if Framework.objects.filter(assessing_body=self.assessing_body, fiscal_year=fiscal_year).exists():
            raise ValidationError(f"มีกรอบการประเมินของปีงบประมาณ {fiscal_year} อยู่แล้ว")
        return self._copy(fiscal_year=fiscal_year, name=name or self.name.replace(str(self.fiscal_year), str(fiscal_year)))

    @transaction.atomic
    def new_revision(self) -> Framework:
        """A correction of this framework: a copy of the same body and fiscal year with the
        next ``revision`` number (after the newest), the items keeping their verification and
        sources and continuing what this one's continue; return it. The old framework stays
        attached to what was approved under it. Raises ``ValidationError`` when this is not
        the newest revision (correct the newest one)."""
        newer = self.newer_revision()
        if newer is not None:
            raise ValidationError(f"มีฉบับแก้ไขที่ {newer.revision} ของกรอบการประเมินนี้แล้ว ให้แก้ไขฉบับนั้น")
        return self._copy(fiscal_year=self.fiscal_year, name=self.name, revision=self.revision + 1)

    def _copy(self, *, fiscal_year: int, name: str, revision: int = 1) -> Framework:
        """The copy of ``copy_to`` (another year, provisional) or of ``new_revision`` (same year)."""
        same_year = fiscal_year == self.fiscal_year
        copy = Framework.objects.create(
            assessing_body=self.assessing_body,
            fiscal_year=fiscal_year,
            revision=revision,
            name=name,
            pass_mark=self.pass_mark,
            answer_deadline=self.answer_deadline if same_year else None,
            source_note=self.source_note if same_year else f"คัดลอกจากปีงบประมาณ {self.fiscal_year}",
            verification=self.verification if same_year else Verification.PROVISIONAL,
            verification_source=self.verification_source if same_year else f"คัดลอกจากกรอบการประเมินปีงบประมาณ {self.fiscal_year}",
        )
        tools = {}
        for tool in self.tools.all():
            old = tool.pk
            tool.pk, tool.framework = None, copy
            tool.save()
            tools[old] = tool
        subs = {}
        for indicator in self.indicators.prefetch_related("sub_indicators"):
            old_subs = list(indicator.sub_indicators.all())
            indicator.pk, indicator.framework, indicator.tool = None, copy, tools[indicator.tool_id]
            indicator.save()
            for sub in old_subs:
                old = sub.pk
                sub.pk, sub.indicator = None, indicator
                sub.save()
                subs[old] = sub
        follows = fiscal_year == self.fiscal_year + 1
        for item in self.items.prefetch_related("continues"):
            original, continued = item.pk, [old.pk for old in item.continues.all()]
            item.pk, item.framework = None, copy
            item.sub_indicator = subs.get(item.sub_indicator_id)
            if not same_year:
                # A copy is an assumption about the new year, whatever the old item's state.
                item.verification = Verification.PROVISIONAL
                item.source = f"คัดลอกจากปีงบประมาณ {self.fiscal_year}" + (f": {item.source}" if item.source else "")
            item.save()
            if follows:  # next year's copy continues this year's item, for carrying evidence forward
                item.continues.set([original])
            elif same_year and continued:  # a revision continues what its original continued
                item.continues.set(continued)
        for band in self.rating_bands.all():
            band.pk, band.framework = None, copy
            band.save()
        for phase in self.phases.all() if same_year else ():
            phase.pk, phase.framework = None, copy
            phase.save()
        return copy


class Tool(FrozenGuardMixin, models.Model):
    """An assessment tool (IIT, EIT, OIT) of a framework with its weight (percent of the total)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="tools", verbose_name="กรอบการประเมิน")
    code = models.CharField("รหัสเครื่องมือ", max_length=10, help_text="เช่น IIT, EIT, OIT")
    name = models.CharField("ชื่อเครื่องมือ", max_length=255, blank=True)
    weight = score_field("น้ำหนัก (ร้อยละ)")
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    objects = FrozenAwareQuerySet.as_manager()

    class Meta:
        verbose_name = "เครื่องมือการประเมิน"
        verbose_name_plural = "เครื่องมือการประเมิน"
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_tool_code_per_framework")]

    def __str__(self) -> str:
        return self.code


class Indicator(FrozenGuardMixin, models.Model):
    """An indicator (ตัวชี้วัด) 1–10 of a framework, measured by one tool."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="indicators", verbose_name="กรอบการประเมิน"
    )
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="indicators", verbose_name="เครื่องมือ")
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    name = models.CharField("ชื่อตัวชี้วัด", max_length=255)

    objects = FrozenAwareQuerySet.as_manager()

    class Meta:
        verbose_name = "ตัวชี้วัด"
        verbose_name_plural = "ตัวชี้วัด"
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_indicator_number_per_framework")
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number} {self.name}"

    def clean(self):
        if self.tool_id and self.framework_id and self.tool.framework_id != self.framework_id:
            raise ValidationError({"tool": "เครื่องมือต้องอยู่ในกรอบการประเมินเดียวกับตัวชี้วัด"})


class SubIndicator(FrozenGuardMixin, models.Model):
    """A sub-indicator (ตัวชี้วัดย่อย) such as 9.1; ``number`` is its label ("9.1")."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="sub_indicators", verbose_name="ตัวชี้วัด"
    )
    number = models.CharField("ตัวชี้วัดย่อยที่", max_length=10, help_text="เช่น 9.1")
    name = models.CharField("ชื่อตัวชี้วัดย่อย", max_length=255)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    objects = FrozenAwareQuerySet.as_manager()

    class Meta:
        verbose_name = "ตัวชี้วัดย่อย"
        verbose_name_plural = "ตัวชี้วัดย่อย"
        ordering = ["indicator__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="unique_sub_indicator_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class DisclosureItem(models.Model):
    """An OIT disclosure item (e.g. O1 โครงสร้าง or 01 of the MOE list) of a framework.

    ``content_elements`` holds the required content elements (องค์ประกอบด้านข้อมูล) one a
    line, verbatim; a line starting with two spaces is a sub-element of the line above.
    ``code`` is permanent within the framework and forms the item's public URL.
    ``evidence_period`` (``EvidencePeriod``) is the period its evidence must come from, blank
    when unknown; ``verification`` and ``source`` (URLs or document names, one a line) say how
    far the item's title, grouping and period are confirmed — for staff, never the public.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items", verbose_name="กรอบการประเมิน")
    sub_indicator = models.ForeignKey(
        SubIndicator, on_delete=models.PROTECT, related_name="items", verbose_name="ตัวชี้วัดย่อย"
    )
    code = models.CharField(
        "ข้อ",
        max_length=10,
        help_text="เช่น O1 หรือ 01 ใช้เป็นส่วนหนึ่งของ URL ถาวร",
        validators=[
            RegexValidator(r"^[A-Za-z0-9]+$", "ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษและตัวเลข เช่น O1")
        ],
    )
    order = models.PositiveSmallIntegerField("ลำดับ")
    title = models.CharField("ข้อมูล", max_length=500)
    content_elements = models.TextField("องค์ประกอบด้านข้อมูล", blank=True, help_text="บรรทัดละหนึ่งองค์ประกอบ ขึ้นต้นด้วยเว้นวรรค 2 ช่องสำหรับองค์ประกอบย่อย")
    evidence_period = models.CharField(
        "ช่วงเวลาของหลักฐาน", max_length=20, choices=EvidencePeriod.choices, blank=True, default=EvidencePeriod.UNKNOWN
    )
    verification = verification_field()
    source = models.TextField("แหล่งที่มา", blank=True, help_text="URL หรือชื่อเอกสาร บรรทัดละหนึ่งแหล่ง")
    continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="continued_by",
        verbose_name="ต่อเนื่องจากข้อของปีก่อน",
        help_text="ข้อของกรอบการประเมินปีงบประมาณก่อนหน้าที่ข้อนี้ทำต่อ (ชื่อเดียวกันหรือรวม/เปลี่ยนชื่อจากข้อเดิม)",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ข้อมูลการเปิดเผย (OIT)"
        verbose_name_plural = "ข้อมูลการเปิดเผย (OIT)"
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_item_code_per_framework")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def element_lines(self) -> list[tuple[int, str]]:
        """The content elements as ``[(level, text)]``, level 0 or 1 (sub-element)."""
        rows = []
        for line in (self.content_elements or "").splitlines():
            if line.strip():
                rows.append((1 if line.startswith("  ") else 0, line.strip()))
        return rows

    def element_tree(self) -> list[tuple[str, list[str]]]:
        """The content elements as ``[(text, [sub-element text, ...])]``."""
        tree: list[tuple[str, list[str]]] = []
        for level, text in self.element_lines():
            if level and tree:
                tree[-1][1].append(text)
            else:
                tree.append((text, []))
        return tree

    def carries_evidence_from(self, previous: DisclosureItem) -> bool:
        """Whether evidence of ``previous`` — an item of last year's framework that this item
        continues (``continues``) — still meets this item's evidence period in the new year.
        The one place of rule "carry forward only what is still in period":

        * ``AS_OF_ASSESSMENT`` (current on the assessment date) and ``UNKNOWN`` (no period
          stated, so none enforced): carried — the supervisor confirms it is still current;
        * ``CURRENT_FISCAL_YEAR`` and ``FIRST_HALF``: never carried — last year's evidence is
          by definition from another fiscal year;
        * ``PREVIOUS_FISCAL_YEAR``: the new year's previous fiscal year is last year's own
          year, so last year's evidence is carried — unless ``previous`` itself asked for *its*
          previous year (then the evidence is two years old).

        Carried evidence is a copy marked with its year (``Evidence.carried_from_year``) and is
        never approved: the director approves it again like any new evidence.
        """
        period = self.evidence_period
        if period in (EvidencePeriod.CURRENT_FISCAL_YEAR, EvidencePeriod.FIRST_HALF):
            return False
        if period == EvidencePeriod.PREVIOUS_FISCAL_YEAR:
            return previous.evidence_period != EvidencePeriod.PREVIOUS_FISCAL_YEAR
        return True

    def clean(self):
        if self.sub_indicator_id and self.framework_id and self.sub_indicator.indicator.framework_id != self.framework_id:
            raise ValidationError({"sub_indicator": "ตัวชี้วัดย่อยต้องอยู่ในกรอบการประเมินเดียวกับข้อมูลนี้"})


class RatingBand(FrozenGuardMixin, models.Model):
    """One band of a framework's rating scheme, e.g. "A" from 85.00, or "ผ่านดี" from 85.00
    with every tool at 85.00 or more.

    Bands are tried from the highest ``min_total`` down (then from the strictest tool
    condition); the first whose conditions hold gives the rating.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="rating_bands", verbose_name="กรอบการประเมิน"
    )
    label = models.CharField("ระดับผลการประเมิน", max_length=100)
    min_total = score_field("คะแนนรวมตั้งแต่")
    min_each_tool = score_field(
        "คะแนนของทุกเครื่องมือตั้งแต่", null=True, blank=True, help_text="เว้นว่างเมื่อไม่มีเงื่อนไขรายเครื่องมือ"
    )

    objects = FrozenAwareQuerySet.as_manager()

    class Meta:
        verbose_name = "ระดับผลการประเมิน"
        verbose_name_plural = "ระดับผลการประเมิน"
        ordering = ["framework", "-min_total", models.F("min_each_tool").desc(nulls_last=True)]

    def __str__(self) -> str:
        return self.label


# --------------------------------------------------------------------------------------
# The assessing body's calendar (ITAS phases) and the reminders sent about it
# --------------------------------------------------------------------------------------


class PhaseKind(models.TextChoices):
    """The phases of an assessment round in ITAS (``../shared/domain/ita-frameworks-2566-2569.md``,
    Q3a "NACC ITAS (agency side)": registration, IIT/EIT collection, OIT answers, scoring,
    preliminary scores, clarification of disputed items, confirmation, results). The labels
    follow "ช่วง…" on the pages ("ขณะนี้: ช่วงตอบแบบ OIT")."""

    REGISTRATION = "registration", "ลงทะเบียนและปรับปรุงข้อมูลหน่วยงาน"
    IIT_EIT = "iit_eit", "เก็บข้อมูลแบบวัด IIT และ EIT"
    OIT_ANSWER = "oit_answer", "ตอบแบบ OIT"
    SCORING = "scoring", "ตรวจให้คะแนน OIT"
    PRELIMINARY = "preliminary", "แจ้งผลคะแนน OIT เบื้องต้น"
    CLARIFICATION = "clarification", "ชี้แจงผลคะแนน OIT"
    CONFIRMATION = "confirmation", "ยืนยันผลคะแนน"
    RESULTS = "results", "ประกาศผลการประเมิน"


CE_DATE_HELP = "กรอกเป็นปีคริสต์ศักราช เช่น 01/03/2027 คือ 1 มีนาคม 2570 (หน้าอื่นของระบบแสดงเป็นพุทธศักราช)"
REMIND_DAYS_MESSAGE = "จำนวนวันต้องเป็นจำนวนเต็มตั้งแต่ 0 ถึง 90 หรือเว้นว่างเมื่อไม่ต้องแจ้งเตือน"


class AssessmentPhase(models.Model):
    """One phase of a framework's assessment round: ``kind`` (``PhaseKind``, one per
    framework) from ``starts_on`` to ``ends_on`` inclusive (Common Era ``date`` objects;
    pages print them in the Buddhist Era through ``ita_portal.thai``).

    ``remind_days_before``: the responsible people are e-mailed this many days before
    ``ends_on`` (``reminder_due``; 0 = on the last day; ``None`` = no reminder, e.g. for
    phases in which the office has nothing to do). ``verification`` and ``source`` (URLs or
    document names, one a line) say how far the dates are confirmed, as for the framework.

    The dates are not part of what an approved ITA result was computed with, so a phase can
    be moved (ITAS has moved its calendar, S-ITAS2162) even when the framework is frozen.
    Raises ``ValidationError`` on ``ends_on`` from ``clean()`` when it is before ``starts_on``.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="phases", verbose_name="กรอบการประเมิน")
    kind = models.CharField("ช่วงการประเมิน", max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField("วันเริ่มต้น", help_text=CE_DATE_HELP)
    ends_on = models.DateField("วันสิ้นสุด", help_text=CE_DATE_HELP)
    remind_days_before = models.PositiveSmallIntegerField(
        "แจ้งเตือนทางอีเมลก่อนวันสิ้นสุด (วัน)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(90, message=REMIND_DAYS_MESSAGE)],
        error_messages={"invalid": REMIND_DAYS_MESSAGE},
        help_text="เว้นว่างเมื่อไม่ต้องแจ้งเตือน; 0 คือแจ้งในวันสุดท้าย",
    )
    note = models.TextField("หมายเหตุ", blank=True)
    verification = verification_field()
    source = models.TextField("แหล่งที่มา", blank=True, help_text="URL หรือชื่อเอกสาร บรรทัดละหนึ่งแหล่ง")

    class Meta:
        verbose_name = "ช่วงการประเมินในระบบ ITAS"
        verbose_name_plural = "ปฏิทินการประเมิน (ช่วงการประเมินในระบบ ITAS)"
        ordering = ["framework", "starts_on", "ends_on"]
        constraints = [models.UniqueConstraint(fields=["framework", "kind"], name="one_phase_of_a_kind_per_framework")]

    def __str__(self) -> str:
        return f"ช่วง{self.get_kind_display()} ({self.framework.get_assessing_body_display()} ปีงบประมาณ {self.framework.fiscal_year})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": f"วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น ({thai.format_date(self.starts_on, thai.ARABIC, abbr=True)})"}
            )

    def days_left(self, day: datetime.date) -> int:
        """Whole days from ``day`` to ``ends_on`` (0 on the last day, negative once it has passed)."""
        return (self.ends_on - day).days

    def reminder_due(self, day: datetime.date) -> bool:
        """Whether the reminder of this phase is due on ``day``: from ``remind_days_before``
        days before ``ends_on`` up to ``ends_on`` itself (a run missed on the exact day is
        made up the next day while the phase lasts); never when ``remind_days_before`` is
        ``None``."""
        if self.remind_days_before is None:
            return False
        return 0 <= self.days_left(day) <= self.remind_days_before

    def responsible_users(self):
        """The people reminded about this phase: active users with an e-mail address who are
        the supervisor (ผู้รับผิดชอบ) or the director of an organization that has an OIT
        checklist or an ITA result under this framework — those who answer and approve what
        the assessing body reads. Viewers are not reminded. A queryset of users, each once."""
        from django.contrib.auth import get_user_model

        from ita_portal.models import Membership

        organizations = Organization.objects.filter(
            models.Q(oit_checklists__framework=self.framework_id) | models.Q(ita_results__framework=self.framework_id)
        )
        return (
            get_user_model().objects.filter(
                is_active=True,
                memberships__role__in=[Membership.Role.SUPERVISOR, Membership.Role.DIRECTOR],
                memberships__organization__in=organizations,
            )
            .exclude(email="")
            .distinct()
            .order_by("pk")
        )


@dataclass(frozen=True)
class PhaseNow:
    """Where ``day`` falls in ``framework``'s calendar (``Framework.phase_now``): ``current``
    (the phase running on ``day``) or, when none runs, ``upcoming`` (the next phase to start);
    both ``None`` once every phase has ended."""

    framework: Framework
    day: datetime.date
    current: AssessmentPhase | None
    upcoming: AssessmentPhase | None

    @property
    def days_left(self) -> int | None:
        """Days from ``day`` to the end of the current phase (0 on its last day), or ``None``."""
        return self.current.days_left(self.day) if self.current else None

    @property
    def days_to_start(self) -> int | None:
        """Days from ``day`` to the start of the upcoming phase, or ``None``."""
        return (self.upcoming.starts_on - self.day).days if self.upcoming else None

    def text(self, system: str) -> str:
        """The sentence shown on the pages, in digit system ``system`` (``thai.ARABIC`` /
        ``thai.THAI``): "ขณะนี้: ช่วงตอบแบบ OIT — เหลือ ๑๒ วัน (ถึง ๓๑ พ.ค. ๒๕๗๐)", "ขณะนี้:
        ช่วง… — วันนี้เป็นวันสุดท้าย (…)", "ช่วงถัดไป: ช่วง… — เริ่ม … (อีก N วัน)", or ""
        when every phase has ended."""
        if self.current:
            end = thai.format_date(self.current.ends_on, thai.ARABIC, abbr=True)
            if self.days_left == 0:
                left = f"วันนี้เป็นวันสุดท้าย ({end})"
            else:
                left = f"เหลือ {self.days_left} วัน (ถึง {end})"
            return thai.apply_digits(f"ขณะนี้: ช่วง{self.current.get_kind_display()} — {left}", system)
        if self.upcoming:
            start = thai.format_date(self.upcoming.starts_on, thai.ARABIC, abbr=True)
            return thai.apply_digits(
                f"ช่วงถัดไป: ช่วง{self.upcoming.get_kind_display()} — เริ่ม {start} (อีก {self.days_to_start} วัน)", system
            )
        return ""


class PhaseReminder(models.Model):
    """A reminder e-mail sent to ``user`` about ``phase`` on ``sent_on`` (CE date of the
    run): the unique constraint makes ``send_phase_reminders`` send it at most once per phase
    and person, whatever the number of runs."""

    phase = models.ForeignKey(AssessmentPhase, on_delete=models.CASCADE, related_name="reminders", verbose_name="ช่วงการประเมิน")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phase_reminders", verbose_name="ผู้รับ"
    )
    email = models.EmailField("ส่งถึงอีเมล")
    sent_on = models.DateField("วันที่ส่ง", default=timezone.localdate)

    class Meta:
        verbose_name = "การแจ้งเตือนช่วงการประเมินทางอีเมล"
        verbose_name_plural = "การแจ้งเตือนช่วงการประเมินทางอีเมล"
        ordering = ["-sent_on", "phase", "user"]
        constraints = [models.UniqueConstraint(fields=["phase", "user"], name="one_reminder_per_phase_and_user")]

    def __str__(self) -> str:
        return f"{self.phase} → {self.email}"


# --------------------------------------------------------------------------------------
# An organization's ITA result, analysis and measures
# --------------------------------------------------------------------------------------


class ITAResult(WorkflowDocument):
    """An organization's integrity and transparency assessment result for one framework,
    with its analysis, measures, limitations and recommendations.

    Scores live in ``IndicatorScore`` / ``SubIndicatorScore``; ``scorecard()`` computes
    everything else. ``target_score`` is the organization's own target (percent).

    The document (OIT item O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) follows the
    approval workflow (``ita_portal.transitions``): a supervisor edits and submits, the director
    approves or returns; approved, it and every row it shows are frozen, its PDF is stored
    with its SHA-256, and only then is it readable without logging in.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="ita_results", verbose_name="หน่วยงาน"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="results", verbose_name="กรอบการประเมิน")
    digit_system = models.CharField("ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.ARABIC)
    introduction = models.TextField("ความนำ", blank=True)
    target_score = score_field("ค่าเป้าหมายของหน่วยงาน (คะแนน)", null=True, blank=True)
    recommendations_intro = models.TextField("ข้อเสนอแนะ: ความนำ", blank=True)
    policy_recommendations_intro = models.TextField("ข้อเสนอแนะระดับนโยบาย: ความนำ", blank=True)
    policy_recommendations = models.TextField("ข้อเสนอแนะระดับนโยบาย", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    practice_recommendations_intro = models.TextField("ข้อเสนอแนะระดับปฏิบัติ: ความนำ", blank=True)
    practice_recommendations = models.TextField("ข้อเสนอแนะระดับปฏิบัติ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    reporter_name = models.CharField("ชื่อผู้รายงาน", max_length=255, blank=True)
    reporter_position = models.CharField("ตำแหน่งผู้รายงาน", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ผลการประเมิน ITA"
        verbose_name_plural = "ผลการประเมิน ITA"
        ordering = ["-framework__fiscal_year", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "framework", "revision"], name="one_result_per_organization_framework")
        ]

    def __str__(self) -> str:
        return f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน {self.organization.short_name} ปีงบประมาณ {self.framework.fiscal_year}"

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    def scorecard(self):
        """The computed figures (``assessments.scoring.Scorecard``). Uses prefetched
        ``indicator_scores`` / ``sub_indicator_scores`` and the framework's structure when
        they were prefetched (see ``ITAResult.objects.for_document()``)."""
        from assessments.scoring import Scorecard

        return Scorecard.for_result(self)

    def policy_lines(self) -> list[str]:
        return text_lines(self.policy_recommendations)

    def practice_lines(self) -> list[str]:
        return text_lines(self.practice_recommendations)


class IndicatorScore(FrozenGuardMixin, models.Model):
    """An indicator's score (percent 0–100, two decimals) as the assessing body published it."""

    result = models.ForeignKey(ITAResult, on_delete=models.CASCADE, related_name="indicator_scores", verbose_name="ผลการประเมิน")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="ตัวชี้วัด")
    score = score_field("คะแนน")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "คะแนนตัวชี้วัด"
        verbose_name_plural = "คะแนนตัวชี้วัด"
        ordering = ["indicator__number"]
        constraints = [models.UniqueConstraint(fields=["result", "indicator"], name="one_score_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class SubIndicatorScore(FrozenGuardMixin, models.Model):
    """A sub-indicator's score (percent 0–100, two decimals)."""

    result = models.ForeignKey(
        ITAResult, on_delete=models.CASCADE, related_name="sub_indicator_scores", verbose_name="ผลการประเมิน"
    )
    sub_indicator = models.ForeignKey(SubIndicator, on_delete=models.PROTECT, related_name="+", verbose_name="ตัวชี้วัดย่อย")
    score = score_field("คะแนน")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "คะแนนตัวชี้วัดย่อย"
        verbose_name_plural = "คะแนนตัวชี้วัดย่อย"
        ordering = ["sub_indicator__indicator__number", "sub_indicator__order"]
        constraints = [models.UniqueConstraint(fields=["result", "sub_indicator"], name="one_score_per_sub_indicator")]

    def __str__(self) -> str:
        return f"{self.sub_indicator}: {self.score}"


class ImprovementFocus(FrozenGuardMixin, models.Model):
    """An indicator or sub-indicator the organization chose to act on: the urgent weakness
    (``kind="urgent"``) or an area to develop (``"develop"``), with its analysis.

    The portal proposes them (``Scorecard.proposed_focuses()``); staff confirm and write.
    """

    class Kind(models.TextChoices):
        URGENT = "urgent", "ข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
        DEVELOP = "develop", "ประเด็นที่จะพัฒนาให้ดีขึ้น"

    result = models.ForeignKey(ITAResult, on_delete=models.CASCADE, related_name="focuses", verbose_name="ผลการประเมิน")
    kind = models.CharField("ประเภท", max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("ลำดับ", default=1)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="ตัวชี้วัด")
    sub_indicator = models.ForeignKey(
        SubIndicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="ตัวชี้วัดย่อย"
    )
    analysis = models.TextField("ผลการวิเคราะห์", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    weakness = models.TextField("ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน", blank=True)
    development = models.TextField("ประเด็นที่จะต้องพัฒนาให้ดีขึ้น", blank=True, help_text="บรรทัดละหนึ่งข้อ")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ประเด็นการพัฒนา"
        verbose_name_plural = "ประเด็นการพัฒนา"
        ordering = ["result", "kind", "order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.sub_indicator or self.indicator}"

    def analysis_lines(self) -> list[str]:
        return text_lines(self.analysis)

    @property
    def has_responsible(self) -> bool:
        """Whether any activity names responsible people (uses prefetched ``activities``)."""
        return any(a.responsible for a in self.activities.all())

    def development_lines(self) -> list[str]:
        return text_lines(self.development)

    def clean(self):
        if self.sub_indicator_id and self.indicator_id and self.sub_indicator.indicator_id != self.indicator_id:
            raise ValidationError({"sub_indicator": "ตัวชี้วัดย่อยต้องอยู่ในตัวชี้วัดที่เลือก"})


class Measure(FrozenGuardMixin, models.Model):
    """A measure (มาตรการสู่การปฏิบัติ) for a focus; ``details`` one line each."""

    focus = models.ForeignKey(ImprovementFocus, on_delete=models.CASCADE, related_name="measures", verbose_name="ประเด็น")
    order = models.PositiveSmallIntegerField("ลำดับ")
    title = models.CharField("มาตรการ", max_length=500)
    details = models.TextField("รายละเอียด", blank=True, help_text="บรรทัดละหนึ่งข้อ")

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        ordering = ["focus", "order"]

    def __str__(self) -> str:
        return self.title

    def detail_lines(self) -> list[str]:
        return text_lines(self.details)


class MeasureActivity(FrozenGuardMixin, models.Model):
    """An activity (กิจกรรมที่ปฏิบัติ) for a focus with its steps, timeline and responsible people.

    ``steps`` and ``timeline`` hold one line each, printed under the activity's number.
    """

    focus = models.ForeignKey(ImprovementFocus, on_delete=models.CASCADE, related_name="activities", verbose_name="ประเด็น")
    order = models.PositiveSmallIntegerField("ลำดับ")
    title = models.CharField("กิจกรรม", max_length=500)
    steps = models.TextField("ขั้นตอนการปฏิบัติ", blank=True, help_text="บรรทัดละหนึ่งขั้นตอน")
    timeline = models.TextField("ระยะเวลา", blank=True, help_text="บรรทัดละหนึ่งช่วง เช่น จัดทำรายงาน: ไตรมาสที่ 1-2 ของปี")
    responsible = models.CharField("ผู้รับผิดชอบ", max_length=500, blank=True)

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "กิจกรรมตามมาตรการ"
        verbose_name_plural = "กิจกรรมตามมาตรการ"
        ordering = ["focus", "order"]

    def __str__(self) -> str:
        return self.title

    def step_lines(self) -> list[str]:
        return text_lines(self.steps)

    def timeline_lines(self) -> list[str]:
        return text_lines(self.timeline)


class Limitation(FrozenGuardMixin, models.Model):
    """A limitation of the organization in one area (budget, people, ICT) and the support requested."""

    class Area(models.TextChoices):
        BUDGET = "budget", "ด้านงบประมาณ"
        PEOPLE = "people", "ด้านทรัพยากรบุคคล"
        ICT = "ict", "ด้านไอซีที"

    result = models.ForeignKey(ITAResult, on_delete=models.CASCADE, related_name="limitations", verbose_name="ผลการประเมิน")
    area = models.CharField("ด้าน", max_length=10, choices=Area.choices)
    limitations = models.TextField("ข้อจำกัด", help_text="บรรทัดละหนึ่งข้อ")
    support_requested = models.TextField("สิ่งที่ขอรับการสนับสนุน", blank=True, help_text="บรรทัดละหนึ่งข้อ")

    AREA_ORDER = {"budget": 1, "people": 2, "ict": 3}  # print order of the areas

    objects = FrozenAwareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ข้อจำกัดของหน่วยงาน"
        verbose_name_plural = "ข้อจำกัดของหน่วยงาน"
        constraints = [models.UniqueConstraint(fields=["result", "area"], name="one_limitation_per_area")]

    def __str__(self) -> str:
        return self.get_area_display()

    def limitation_lines(self) -> list[str]:
        return text_lines(self.limitations)

    def support_lines(self) -> list[str]:
        return text_lines(self.support_requested)


# --------------------------------------------------------------------------------------
# OIT checklist with evidence
# --------------------------------------------------------------------------------------


class ClarificationStatus(models.TextChoices):
    """Where an organization's clarification of its preliminary OIT scores stands: the
    supervisor drafts it, submits it to the director, who approves it (then it may be sent to
    the assessing body) or returns it to draft."""

    DRAFT = "draft", "ร่าง"
    SUBMITTED = "submitted", "รอผู้อำนวยการอนุมัติ"
    APPROVED = "approved", "ผู้อำนวยการอนุมัติแล้ว ส่งคำชี้แจงได้"


class OITChecklist(models.Model):
    """An organization's OIT checklist for a framework, with its analysis report (รายงานการวิเคราะห์ผลการประเมิน).

    ``published_version`` increases whenever what the public pages show changes (an
    approval), so their cache is keyed by it and never serves stale evidence.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="oit_checklists", verbose_name="หน่วยงาน"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="checklists", verbose_name="กรอบการประเมิน")
    digit_system = models.CharField("ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.ARABIC)
    rationale = models.TextField("หลักการและเหตุผล", blank=True)
    result_note = models.CharField("หมายเหตุผลการประเมิน", max_length=500, blank=True, help_text="เช่น เนื่องจากไม่ได้เข้าร่วมการประเมิน")
    weaknesses = models.TextField("ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน", blank=True, help_text="ย่อหน้าละหนึ่งบรรทัด")
    development = models.TextField("ประเด็นที่จะต้องพัฒนา", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    approach = models.TextField("แนวทางการนำผลการวิเคราะห์ข้อมูลไปสู่การปฏิบัติ", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    measures = models.TextField("มาตรการขับเคลื่อน", blank=True, help_text="บรรทัดละหนึ่งข้อ")
    published_version = models.PositiveIntegerField("รุ่นของหน้าเผยแพร่", default=0, editable=False)
    links_checked_at = models.DateTimeField(
        "ตรวจลิงก์หลักฐานล่าสุดเมื่อ", null=True, blank=True, editable=False,
        help_text="เวลาที่การตรวจลิงก์หลักฐานที่อนุมัติแล้วครั้งล่าสุดของแบบตรวจนี้ทำเสร็จ (assessments.link_checks)",
    )
    clarification_status = models.CharField(
        "สถานะคำชี้แจงผลคะแนน OIT", max_length=12, choices=ClarificationStatus.choices,
        default=ClarificationStatus.DRAFT, editable=False,
    )
    clarification_approved_at = models.DateTimeField("ผู้อำนวยการอนุมัติคำชี้แจงเมื่อ", null=True, blank=True, editable=False)
    clarification_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name="ผู้อนุมัติคำชี้แจง",
    )

    class Meta:
        verbose_name = "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"
        verbose_name_plural = "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"
        ordering = ["-framework__fiscal_year", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "framework"], name="one_checklist_per_organization_framework")
        ]

    def __str__(self) -> str:
        return f"แบบตรวจ OIT {self.organization.short_name} ปีงบประมาณ {self.framework.fiscal_year}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:checklist", args=[self.pk])

    def get_report_url(self) -> str:
        return reverse("assessments:checklist_report", args=[self.pk])

    def get_pdf_url(self) -> str:
        return reverse("assessments:checklist_report_pdf", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("oit:organization_year", args=[self.organization.code, self.framework.fiscal_year])

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    def weakness_lines(self) -> list[str]:
        return text_lines(self.weaknesses)

    def development_lines(self) -> list[str]:
        return text_lines(self.development)

    def approach_lines(self) -> list[str]:
        return text_lines(self.approach)

    def measure_lines(self) -> list[str]:
        return text_lines(self.measures)

    def ensure_entries(self) -> None:
        """Create the missing entries (one per disclosure item of the framework)."""
        have = set(self.entries.values_list("item_id", flat=True))
        ChecklistEntry.objects.bulk_create(
            ChecklistEntry(checklist=self, item=item) for item in self.framework.items.all() if item.pk not in have
        )

    def oit_scores(self):
        """Computed OIT figures (``assessments.scoring.OITScores``) from the item scores (1 query)."""
        from assessments.scoring import OITScores

        return OITScores.for_checklist(self)

    def oit_scores_from(self, entries):
        """The same from already fetched entries (with ``item__sub_indicator__indicator``)."""
        from assessments.scoring import OITScores

        return OITScores.group(entries)

    def verdict_oit_scores(self, round: str = "final", entries=None):
        """The OIT figures (``assessments.scoring.OITScores``) the assessor's verdicts of
        ``round`` (``VerdictRound``, default the final one) give this checklist, or ``None``
        while no verdict of that round is recorded. ``entries``: already fetched entries
        (with ``item__sub_indicator__indicator``), else 1 query; the verdicts cost 1 more."""
        from assessments.scoring import OITScores

        verdicts = dict(ItemVerdict.objects.filter(entry__checklist=self, round=round).values_list("entry_id", "passed"))
        if not verdicts:
            return None
        if entries is None:
            entries = self.entries.select_related("item__sub_indicator__indicator").order_by("item__order")
        return OITScores.from_verdicts(entries, verdicts)

    def clarification_phase(self):
        """The framework's clarification phase (``AssessmentPhase`` of kind
        ``PhaseKind.CLARIFICATION``: the window to send clarifications), or ``None``."""
        return self.framework.phases.filter(kind=PhaseKind.CLARIFICATION).first()

    def clarification_closed(self, day: datetime.date | None = None, phase=None) -> str:
        """Why a clarification cannot be written or submitted on ``day`` (Common Era date;
        today when ``None``): the framework's clarification phase has not started or has
        ended, as a Thai sentence with the window's dates in the Buddhist Era; ``""`` while
        the window is open or when the framework has no clarification phase (the dates are
        then not known, and the portal does not guess them). ``phase``: the phase when the
        caller already holds it (saves the query). The rule is the assessing body's: ITAS
        (and an educational service area office running its schools' round) accepts a
        clarification only within the clarification window."""
        phase = phase if phase is not None else self.clarification_phase()
        if phase is None:
            return ""
        day = day or timezone.localdate()
        ds = self.digit_system
        if day < phase.starts_on:
            return f"ยังไม่ถึงช่วงชี้แจง ส่งคำชี้แจงได้ตั้งแต่ {thai.format_date(phase.starts_on, ds, abbr=True)} ถึง {thai.format_date(phase.ends_on, ds, abbr=True)}"
        if day > phase.ends_on:
            return f"หมดเขตส่งคำชี้แจงแล้วเมื่อ {thai.format_date(phase.ends_on, ds, abbr=True)} จึงเขียนหรือเสนอคำชี้แจงไม่ได้"
        return ""

    CLARIFICATION_EMPTY = "ยังไม่มีคำชี้แจงของข้อที่ไม่ผ่านในผลเบื้องต้น กรุณาเขียนคำชี้แจงอย่างน้อยหนึ่งข้อก่อนเสนอผู้อำนวยการ"

    @transaction.atomic
    def submit_clarification(self, *, by) -> None:
        """The supervisor sends the draft clarification to the director (``ClarificationStatus``
        draft → submitted). Raises ``ValidationError`` unless it is a draft, the clarification
        window is open (``clarification_closed``) and at least one disputed item (failed in
        the preliminary round) has a clarification text."""
        if self.clarification_status != ClarificationStatus.DRAFT:
            raise ValidationError("คำชี้แจงนี้ไม่ได้อยู่ในสถานะร่าง")
        if closed := self.clarification_closed():
            raise ValidationError(closed)
        if not ItemVerdict.objects.disputed().filter(entry__checklist=self).exclude(clarification="").exists():
            raise ValidationError(self.CLARIFICATION_EMPTY)
        self.clarification_status = ClarificationStatus.SUBMITTED
        self.save(update_fields=["clarification_status"])

    @transaction.atomic
    def review_clarification(self, *, by, approve: bool) -> None:
        """The director approves the submitted clarification (it may then be sent to the
        assessing body; who and when are recorded) or returns it to draft. Raises
        ``ValidationError`` unless it is submitted."""
        if self.clarification_status != ClarificationStatus.SUBMITTED:
            raise ValidationError("คำชี้แจงนี้ยังไม่ได้เสนอผู้อำนวยการ")
        if approve:
            self.clarification_status = ClarificationStatus.APPROVED
            self.clarification_approved_at, self.clarification_approved_by = timezone.now(), by
        else:
            self.clarification_status = ClarificationStatus.DRAFT
            self.clarification_approved_at, self.clarification_approved_by = None, None
        self.save(update_fields=["clarification_status", "clarification_approved_at", "clarification_approved_by"])

    # How long a process trusts the cached ``published_version`` of a public page (seconds):
    # the same minute that browsers and nginx may keep a page (``Cache-Control: max-age=60``).
    # A shared cache (Redis) sees a publication at once: the pointer is deleted then.
    PUBLIC_VERSION_SECONDS = 60
    # The cache key of the public index page (every organization's checklists).
    PUBLIC_INDEX_KEY = "oit:index"

    def save(self, *args, **kwargs):
        """Save; a new checklist also drops the cached public index, which lists them all."""
        from django.core.cache import cache

        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            cache.delete(self.PUBLIC_INDEX_KEY)

    @staticmethod
    def public_version_key(code: str, fiscal_year: int) -> str:
        """The cache key of the pointer ``published_version`` of organization ``code``'s
        checklist for ``fiscal_year`` (BE), as the public URLs name it (codes, no ids)."""
        return f"oit:version:{code}:{fiscal_year}"

    @classmethod
    def cached_public_version(cls, code: str, fiscal_year: int) -> int | None:
        """The ``published_version`` of the public pages of (``code``, ``fiscal_year``) as kept
        in the cache, with no query; ``None`` when the cache has none (then read the checklist
        and ``remember_public_version()``)."""
        from django.core.cache import cache

        return cache.get(cls.public_version_key(code, fiscal_year))

    def remember_public_version(self) -> None:
        """Keep this checklist's ``published_version`` in the cache for ``PUBLIC_VERSION_SECONDS``
        (needs ``organization`` and ``framework`` loaded, as the public views do)."""
        from django.core.cache import cache

        key = self.public_version_key(self.organization.code, self.framework.fiscal_year)
        cache.set(key, self.published_version, self.PUBLIC_VERSION_SECONDS)

    def bump_published_version(self) -> None:
        """Invalidate the cached public pages of this checklist: the version in the database
        goes up and the cached pointer to it is dropped, now and again when the transaction
        commits (so a page read in between cannot keep the old version)."""
        from django.core.cache import cache

        OITChecklist.objects.filter(pk=self.pk).update(published_version=models.F("published_version") + 1)
        if OITChecklist.organization.is_cached(self) and OITChecklist.framework.is_cached(self):
            code, fiscal_year = self.organization.code, self.framework.fiscal_year
        else:
            code, fiscal_year = OITChecklist.objects.filter(pk=self.pk).values_list("organization__code", "framework__fiscal_year").get()
        key = self.public_version_key(code, fiscal_year)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))


class ChecklistEntry(models.Model):
    """One disclosure item in an organization's checklist: who owes it, how far it is,
    the self-assessed score (100 or 0) and the director's approval.

    ``approved_at`` / ``approved_by`` record the director's last approval; the evidence
    approved then (``Evidence.approved_at``) is what the public pages show.
    """

    # The checklist's words for the progress scale: an item whose work is done is ready to publish.
    STATUS_CHOICES = ProgressStatus.worded(done="พร้อมเผยแพร่")

    class Score(models.IntegerChoices):
        PASS = 100, "100"
        FAIL = 0, "0"

    checklist = models.ForeignKey(OITChecklist, on_delete=models.CASCADE, related_name="entries", verbose_name="แบบตรวจ")
    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="entries", verbose_name="ข้อมูล")
    responsible_group = models.CharField("กลุ่มงานที่รับผิดชอบ", max_length=255, blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=STATUS_CHOICES, default=ProgressStatus.NOT_STARTED)
    score = models.PositiveSmallIntegerField("คะแนน", choices=Score.choices, null=True, blank=True)
    approved_at = models.DateTimeField("อนุมัติเมื่อ", null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name="ผู้อนุมัติ",
    )
    returned_at = models.DateTimeField("ส่งกลับแก้ไขเมื่อ", null=True, blank=True, editable=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name="ผู้ส่งกลับแก้ไข",
    )
    return_comment = models.TextField("ความเห็นของผู้อำนวยการ (ส่งกลับแก้ไข)", blank=True, editable=False)

    class Meta:
        verbose_name = "รายการในแบบตรวจ OIT"
        verbose_name_plural = "รายการในแบบตรวจ OIT"
        ordering = ["checklist", "item__order"]
        constraints = [models.UniqueConstraint(fields=["checklist", "item"], name="one_entry_per_item")]

    def __str__(self) -> str:
        return str(self.item)

    def get_public_url(self) -> str:
        """The permanent public URL of this item (organization code, fiscal year, item code)."""
        return reverse(
            "oit:item", args=[self.checklist.organization.code, self.checklist.framework.fiscal_year, self.item.code]
        )

    EVIDENCE_CHANGED_MESSAGE = (
        "หลักฐานมีการเปลี่ยนแปลงหลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่อนุมัติให้เผยแพร่ "
        "กรุณาตรวจสอบหลักฐานล่าสุดอีกครั้งก่อนพิจารณาอนุมัติ"
    )

    @staticmethod
    def evidence_fingerprint(evidence) -> str:
        """64 hex digits (SHA-256) naming the evidence rows ``evidence`` (an iterable of
        ``Evidence``, e.g. the list the item's page shows) as the director sees them: each
        row's id, title, URL, stored file name, type and size, in id order. Adding, removing
        or changing a row (a replaced file is stored under a new name) changes it; the
        director's own approval (``approved_at``) does not. Used by ``approve`` for rule
        "the director approves what they saw"."""
        rows = sorted(([e.pk, e.title, e.url, e.file.name or "", e.content_type, e.size] for e in evidence), key=lambda r: r[0])
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()

    def is_awaiting_approval(self, evidence) -> bool:
        """Whether the director has this item to approve: its status is "พร้อมเผยแพร่" and
        ``evidence`` (its ``Evidence`` rows, e.g. prefetched) is not empty and not all approved.
        The same rule as the director's work list (``assessments.work.oit_items_waiting``)."""
        return self.status == ProgressStatus.DONE and any(e.approved_at is None for e in evidence)

    @property
    def open_return_comment(self) -> str:
        """The director's comment of the last return (ส่งกลับแก้ไข) while it still stands —
        returned and not approved since — else ""."""
        if self.returned_at and (self.approved_at is None or self.approved_at < self.returned_at):
            return self.return_comment
        return ""

    RETURN_COMMENT_REQUIRED = "กรุณาระบุความเห็นว่าต้องแก้ไขอะไร ก่อนส่งกลับแก้ไขรายการนี้"

    @transaction.atomic
    def send_back(self, *, by, comment: str) -> None:
        """Return this item to its supervisor for correction (ส่งกลับแก้ไข) with the director's
        ``comment`` (required, shown on the item's page until the next approval): the status
        goes back to "อยู่ระหว่างดำเนินการ", and who returned it and when are recorded
        (``returned_by``, ``returned_at``) as an approval records ``approved_by``/``approved_at``.
        Raises ``ValidationError`` (``RETURN_COMMENT_REQUIRED``) for a blank comment and when
        the item is not waiting for approval (status "พร้อมเผยแพร่")."""
        comment = (comment or "").strip()
        if not comment:
            raise ValidationError(self.RETURN_COMMENT_REQUIRED, code="comment_required")
        if self.status != ProgressStatus.DONE:
            raise ValidationError("ส่งกลับแก้ไขได้เฉพาะรายการที่มีสถานะ “พร้อมเผยแพร่”")
        self.status = ProgressStatus.IN_PROGRESS
        self.returned_at, self.returned_by, self.return_comment = timezone.now(), by, comment
        self.save(update_fields=["status", "returned_at", "returned_by", "return_comment"])

    @transaction.atomic
    def approve(self, *, by, fingerprint: str | None = None) -> int:
        """Approve this item's evidence for publication; return how many evidence rows were
        newly approved. Raises ``ValidationError`` unless the status is ready and there is
        evidence, and (rule "the director approves what they saw") with
        ``EVIDENCE_CHANGED_MESSAGE`` when ``fingerprint`` — the ``evidence_fingerprint`` of
        the page the director approved from — differs from the evidence now (``None``: not
        checked, e.g. a command or a test that approves). Only the rows checked are approved."""
        evidence = list(self.evidence.all())
        if fingerprint is not None and fingerprint != self.evidence_fingerprint(evidence):
            raise ValidationError(self.EVIDENCE_CHANGED_MESSAGE, code="evidence_changed")
        if self.status != ProgressStatus.DONE:
            raise ValidationError("อนุมัติได้เฉพาะรายการที่มีสถานะ “พร้อมเผยแพร่”")
        if not evidence:
            raise ValidationError("ยังไม่มีหลักฐาน (URL หรือไฟล์) ให้อนุมัติ")
        now = timezone.now()
        newly = self.evidence.filter(pk__in=[e.pk for e in evidence], approved_at__isnull=True).update(approved_at=now)
        self.approved_at, self.approved_by = now, by
        self.save(update_fields=["approved_at", "approved_by"])
        self.checklist.bump_published_version()
        return newly


def evidence_upload_to(instance, filename: str) -> str:
    """``oit/<random hex>/<name>``: the random folder keeps unapproved files unguessable, and
    the name's extension comes from the type sniffed from the bytes (``instance.content_type``,
    set before saving), never from the uploader's name (``ita_portal.uploads.stored_name``)."""
    from ita_portal.uploads import stored_name

    return f"oit/{uuid.uuid4().hex}/{stored_name(filename, instance.content_type)}"


class Evidence(models.Model):
    """Evidence for one checklist entry: a URL on the organization's website and/or an
    uploaded file (PDF, image, Word, Excel; type sniffed from the bytes, size limited).

    ``approved_at`` is set by the director's approval and cleared by any change; only
    evidence with ``approved_at`` appears on the public pages, dated by it.
    """

    entry = models.ForeignKey(ChecklistEntry, on_delete=models.CASCADE, related_name="evidence", verbose_name="รายการ")
    title = models.CharField("ชื่อหลักฐาน", max_length=500)
    url = models.URLField("URL", max_length=1000, blank=True)
    file = models.FileField("ไฟล์", upload_to=evidence_upload_to, blank=True)
    content_type = models.CharField("ชนิดไฟล์", max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField("ขนาดไฟล์ (ไบต์)", null=True, blank=True, editable=False)
    approved_at = models.DateTimeField("อนุมัติให้เผยแพร่เมื่อ", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("เพิ่มเมื่อ", auto_now_add=True)
    carried_from_year = models.PositiveSmallIntegerField(
        "ยกมาจากปีงบประมาณ (พ.ศ.)", null=True, blank=True, editable=False,
        help_text="ปีของแบบตรวจที่หลักฐานนี้ถูกคัดลอกมาเมื่อเริ่มปีการประเมินใหม่ (ว่างคือหลักฐานของปีนี้)",
    )
    # The latest check of ``url`` (``EvidenceCheck``): a pointer, so the pages read it with
    # the evidence they already fetch (``select_related("last_check")``), at no extra query.
    last_check = models.ForeignKey(
        "EvidenceCheck", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name="การตรวจลิงก์ครั้งล่าสุด",
    )

    class Meta:
        verbose_name = "หลักฐาน"
        verbose_name_plural = "หลักฐาน"
        ordering = ["entry", "created_at", "pk"]
        # Serves the public pages' "approved evidence of these entries" query.
        indexes = [models.Index(fields=["entry", "approved_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def carried_note(self) -> str:
        """"ยกมาจากปี 2569 — กรุณาตรวจสอบ" for evidence copied from last year's checklist
        and not yet approved this year, else ""."""
        if self.carried_from_year and self.approved_at is None:
            return f"ยกมาจากปี {self.carried_from_year} — กรุณาตรวจสอบ"
        return ""

    @property
    def published_on(self):
        """The local date (CE ``date``) the evidence was approved for publication, or ``None``."""
        return timezone.localdate(self.approved_at) if self.approved_at else None

    def clean(self):
        if not self.url and not self.file:
            raise ValidationError({"url": "กรุณาระบุ URL หรือแนบไฟล์อย่างน้อยหนึ่งอย่าง"})

    @property
    def link_problem(self):
        """The latest check of ``url`` when it found a problem (``EvidenceCheck`` with outcome
        broken or changed), else ``None``. Needs ``last_check`` loaded to cost no query."""
        check = self.last_check
        return check if check is not None and check.is_problem else None


class EvidenceCheck(models.Model):
    """One check of an approved evidence URL by ``assessments.link_checks``: when, what the
    server answered and what the check concluded.

    ``status_code`` is the HTTP status of the last response (after redirects), ``None`` when
    none came (timeout, refused connection, a host outside the allow-list); ``size`` is in
    bytes — the ``Content-Length`` header, else the bytes read up to
    ``settings.EVIDENCE_LINK_MAX_BYTES`` (``None`` when unknown or over that cap);
    ``final_url`` is where redirects ended; ``error`` says in Thai why no usable answer came.

    ``outcome``: ``ok``; ``broken`` (status 400 or above, a redirect without a target, no
    answer, too many redirects);
    ``changed`` (answered, but compared with the previous ok check the content type differs
    or the size differs by more than ``CHANGED_SIZE_PERCENT`` percent, or it was redirected
    to another host); ``skipped`` (not requested: the host is not allowed; not a problem of
    the link). ``notified`` records that the responsible people were e-mailed about it.
    """

    class Outcome(models.TextChoices):
        OK = "ok", "ใช้งานได้"
        BROKEN = "broken", "ลิงก์ใช้งานไม่ได้"
        CHANGED = "changed", "ลิงก์เปลี่ยนไป"
        SKIPPED = "skipped", "ไม่ได้ตรวจ"

    # "Notably" different size: by more than this many percent of the previous ok size.
    CHANGED_SIZE_PERCENT = 50

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="checks", verbose_name="หลักฐาน")
    url = models.URLField("URL ที่ตรวจ", max_length=1000)
    checked_at = models.DateTimeField("ตรวจเมื่อ")
    status_code = models.PositiveSmallIntegerField("รหัสสถานะ HTTP", null=True, blank=True)
    content_type = models.CharField("ชนิดเนื้อหา", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    final_url = models.URLField("URL ปลายทาง", max_length=1000, blank=True)
    error = models.CharField("ข้อผิดพลาด", max_length=255, blank=True)
    outcome = models.CharField("ผลการตรวจ", max_length=10, choices=Outcome.choices)
    reason = models.CharField("สิ่งที่เปลี่ยนไป", max_length=255, blank=True)
    notified = models.BooleanField("แจ้งทางอีเมลแล้ว", default=False)

    class Meta:
        verbose_name = "การตรวจลิงก์หลักฐาน"
        verbose_name_plural = "การตรวจลิงก์หลักฐาน"
        ordering = ["evidence", "-checked_at", "-pk"]
        # Serves "the previous check / the previous ok check of this evidence" (link_checks).
        indexes = [models.Index(fields=["evidence", "outcome", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_outcome_display()})"

    @property
    def is_problem(self) -> bool:
        return self.outcome in (self.Outcome.BROKEN, self.Outcome.CHANGED)

    @property
    def problem_key(self) -> tuple:
        """What makes two problems "the same problem" for the once-only e-mail: the outcome
        with the status code, or the error, or what changed."""
        return (self.outcome, self.status_code, self.error, self.reason)

    def problem_text(self, system: str = thai.ARABIC) -> str:
        """"ลิงก์ใช้งานไม่ได้ (404) ตรวจเมื่อ 3 ธ.ค. 2569 14:05 น." / "ลิงก์เปลี่ยนไป (ชนิดไฟล์
        application/pdf → text/html) ตรวจเมื่อ …" in digit system ``system``; "" when not a problem."""
        if not self.is_problem:
            return ""
        if self.outcome == self.Outcome.BROKEN:
            detail = self.error if self.status_code is None else str(self.status_code)
        else:
            detail = self.reason
        when = thai.format_datetime(self.checked_at, system)
        return f"{self.get_outcome_display()} ({thai.apply_digits(detail, system)}) ตรวจเมื่อ {when}"


# --------------------------------------------------------------------------------------
# Item verdicts of an assessment round and the clarification of disputed items
# --------------------------------------------------------------------------------------


class VerdictRound(models.TextChoices):
    """The round of an item verdict: the preliminary one (ITAS "แจ้งผลคะแนน OIT เบื้องต้น")
    that the organization may clarify, and the final one after the clarification."""

    PRELIMINARY = "preliminary", "ผลเบื้องต้น"
    FINAL = "final", "ผลสุดท้าย"


class ClarificationOutcome(models.TextChoices):
    """What the assessor decided on a clarification (blank: none sent for the item)."""

    NONE = "", "ไม่มีคำชี้แจง"
    PENDING = "pending", "รอผลการพิจารณา"
    ACCEPTED = "accepted", "ผู้ประเมินรับคำชี้แจง (ผ่าน)"
    REJECTED = "rejected", "ผู้ประเมินไม่รับคำชี้แจง (ไม่ผ่าน)"


class ItemVerdictQuerySet(models.QuerySet):
    def preliminary(self):
        return self.filter(round=VerdictRound.PRELIMINARY)

    def final(self):
        return self.filter(round=VerdictRound.FINAL)

    def disputed(self):
        """Preliminary verdicts that failed the item: the ones the organization may clarify."""
        return self.filter(round=VerdictRound.PRELIMINARY, passed=False)


class ItemVerdict(models.Model):
    """An assessor's verdict on one OIT checklist item (``entry``) in one ``round``
    (``VerdictRound``): ``passed`` (the item scores 100 when it passes, 0 when not, as the
    OIT scoring counts it), ``score`` (percent 0–100, only when the assessor gave one other
    than pass/fail), the assessor's ``reason`` and ``advice``.

    Who assessed: ``assessed_by`` is the assessing user (an educational service area office
    assessing its schools), ``None`` when the verdict was transcribed from ITAS by staff
    (``recorded_by``). A failed preliminary verdict may carry the organization's
    ``clarification`` (คำชี้แจง) with its evidence (``ClarificationEvidence``) and the
    assessor's ``outcome`` (``ClarificationOutcome``) with ``outcome_note``. The final verdict
    follows the outcome (``final_passed``); the year's OIT score is computed from the final
    verdicts (``assessments.scoring.OITScores.from_verdicts``).
    """

    entry = models.ForeignKey(ChecklistEntry, on_delete=models.CASCADE, related_name="verdicts", verbose_name="รายการ")
    round = models.CharField("รอบ", max_length=12, choices=VerdictRound.choices)
    passed = models.BooleanField("ผลการตรวจ", choices=[(True, "ผ่าน"), (False, "ไม่ผ่าน")])
    score = score_field("คะแนน", null=True, blank=True, help_text="เฉพาะเมื่อผู้ประเมินให้คะแนนอื่นนอกจากผ่าน/ไม่ผ่าน")
    reason = models.TextField("ความเห็นของผู้ประเมิน", blank=True)
    advice = models.TextField("ข้อเสนอแนะของผู้ประเมิน", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="ผู้ประเมิน", help_text="ว่างเมื่อบันทึกตามที่ระบบ ITAS แสดง",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name="ผู้บันทึก",
    )
    recorded_at = models.DateTimeField("บันทึกเมื่อ", auto_now=True)
    clarification = models.TextField("คำชี้แจง", blank=True)
    outcome = models.CharField(
        "ผลการพิจารณาคำชี้แจง", max_length=10, choices=ClarificationOutcome.choices, blank=True, default=ClarificationOutcome.NONE
    )
    outcome_note = models.TextField("หมายเหตุผลการพิจารณา", blank=True)

    objects = ItemVerdictQuerySet.as_manager()

    class Meta:
        verbose_name = "ผลการตรวจรายข้อ (OIT)"
        verbose_name_plural = "ผลการตรวจรายข้อ (OIT)"
        ordering = ["entry__item__order", "round"]
        constraints = [models.UniqueConstraint(fields=["entry", "round"], name="one_verdict_per_entry_and_round")]

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_round_display()} {self.get_passed_display()}"

    @property
    def assessor_label(self) -> str:
        """Who assessed, as the pages print it: the user's name, or "ระบบ ITAS"."""
        if self.assessed_by_id is None:
            return "ระบบ ITAS"
        return self.assessed_by.get_full_name() or self.assessed_by.get_username()

    @property
    def is_disputed(self) -> bool:
        """A failed preliminary verdict: the item the organization may clarify."""
        return self.round == VerdictRound.PRELIMINARY and not self.passed

    def final_passed(self) -> bool | None:
        """The final verdict this preliminary verdict leads to: passed when it passed or when
        the assessor accepted the clarification, failed when the clarification was rejected or
        none was sent, ``None`` while the outcome is pending."""
        if self.passed or self.outcome == ClarificationOutcome.ACCEPTED:
            return True
        if self.outcome == ClarificationOutcome.PENDING:
            return None
        return False

    NOT_DISPUTED = "ข้อนี้ผ่านในผลเบื้องต้น จึงไม่ต้องชี้แจง"

    def clarify(self, *, text: str, evidence: ClarificationEvidence | None = None) -> None:
        """Write the clarification ``text`` of this disputed item and add ``evidence`` (an
        unsaved ``ClarificationEvidence``), while the checklist's clarification is a draft and
        its window is open. Raises ``ValidationError`` when the item passed the preliminary
        round, the clarification was already submitted or approved, or the window is closed
        (``OITChecklist.clarification_closed``)."""
        if not self.is_disputed:
            raise ValidationError(self.NOT_DISPUTED)
        if self.entry.checklist.clarification_status != ClarificationStatus.DRAFT:
            raise ValidationError("คำชี้แจงเสนอผู้อำนวยการแล้ว แก้ไขไม่ได้ (ผู้อำนวยการส่งกลับเป็นร่างได้)")
        if closed := self.entry.checklist.clarification_closed():
            raise ValidationError(closed)
        with transaction.atomic():
            self.clarification = (text or "").strip()
            self.save(update_fields=["clarification", "recorded_at"])
            if evidence is not None:
                evidence.verdict = self
                evidence.save()

    @transaction.atomic
    def decide(self, *, outcome: str, note: str, by) -> ItemVerdict | None:
        """Record the assessor's ``outcome`` (``ClarificationOutcome``) of this disputed
        item's clarification, with ``note``, and bring the item's final verdict in line: passed
        when accepted, failed (with the assessor's note as its reason) when rejected, none while
        pending. Returns the final verdict, or ``None``. Raises ``ValidationError`` when the
        item passed the preliminary round or the director has not approved the clarification."""
        if not self.is_disputed:
            raise ValidationError(self.NOT_DISPUTED)
        if self.entry.checklist.clarification_status != ClarificationStatus.APPROVED:
            raise ValidationError("บันทึกผลการพิจารณาได้เมื่อผู้อำนวยการอนุมัติคำชี้แจงและส่งแล้ว")
        self.outcome, self.outcome_note = outcome, (note or "").strip()
        self.save(update_fields=["outcome", "outcome_note", "recorded_at"])
        passed = self.final_passed()
        if passed is None:
            ItemVerdict.objects.filter(entry_id=self.entry_id, round=VerdictRound.FINAL).delete()
            return None
        final, _ = ItemVerdict.objects.update_or_create(
            entry_id=self.entry_id,
            round=VerdictRound.FINAL,
            defaults={
                "passed": passed, "score": None, "reason": self.outcome_note or self.reason,
                "advice": self.advice, "assessed_by": self.assessed_by, "recorded_by": by,
            },
        )
        return final


def clarification_upload_to(instance, filename: str) -> str:
    """``clarification/<random hex>/<name>``, named like evidence (``evidence_upload_to``)."""
    from ita_portal.uploads import stored_name

    return f"clarification/{uuid.uuid4().hex}/{stored_name(filename, instance.content_type)}"


class ClarificationEvidence(models.Model):
    """Evidence attached to a clarification (a disputed preliminary ``verdict``): a URL
    and/or a file, checked like the checklist's evidence (``assessments.forms.EvidenceForm``).
    Never shown on the public pages."""

    verdict = models.ForeignKey(ItemVerdict, on_delete=models.CASCADE, related_name="evidence", verbose_name="ผลการตรวจ")
    title = models.CharField("ชื่อหลักฐาน", max_length=500)
    url = models.URLField("URL", max_length=1000, blank=True)
    file = models.FileField("ไฟล์", upload_to=clarification_upload_to, blank=True)
    content_type = models.CharField("ชนิดไฟล์", max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField("ขนาดไฟล์ (ไบต์)", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("เพิ่มเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "หลักฐานประกอบคำชี้แจง"
        verbose_name_plural = "หลักฐานประกอบคำชี้แจง"
        ordering = ["verdict", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if not self.url and not self.file:
            raise ValidationError({"url": "กรุณาระบุ URL หรือแนบไฟล์อย่างน้อยหนึ่งอย่าง"})
