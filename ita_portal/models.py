"""Organizations (หน่วยงาน), the hierarchy they form, and people's memberships in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from ita_portal import thai


# Levels of the hierarchy, the top one included: OBEC → educational service area office →
# school, and the Office of the Permanent Secretary → provincial education office (→ the
# schools a provincial office oversees). Every lookup up or down the tree is spelt out to
# this depth, so it is one query with joins, never a loop of queries.
MAX_DEPTH = 3


class OrganizationQuerySet(models.QuerySet):
    def under(self, organizations) -> "OrganizationQuerySet":
        """The organizations below any of ``organizations`` (ids, instances or a queryset):
        their units and their units' units (``MAX_DEPTH`` levels in all), themselves excluded."""
        condition = Q()
        for depth in range(1, MAX_DEPTH):
            condition |= Q(**{"__".join(["parent"] * depth) + "__in": organizations})
        return self.filter(condition)


class Organization(models.Model):
    """A public-sector office that plans, monitors and publishes its ITA work.

    Its director's name and position are data here, so every signature block that names the
    director is derived from this record and never retyped into a document.

    Organizations form a tree of at most ``MAX_DEPTH`` levels through ``parent``: a school
    under its educational service area office, the office under OBEC (สำนักงานคณะกรรมการการศึกษา
    ขั้นพื้นฐาน); a provincial education office (ศธจ.) under the Office of the Permanent
    Secretary (สำนักงานปลัดกระทรวงศึกษาธิการ). What a parent's members may do with their
    units' documents is ``ita_portal.access``' oversight rule (read what is submitted or
    approved, never change it).
    """

    class Level(models.TextChoices):
        OBEC = "obec", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"
        AREA_OFFICE = "area_office", "สำนักงานเขตพื้นที่การศึกษา"
        OPS = "ops", "สำนักงานปลัดกระทรวงศึกษาธิการ"
        PROVINCIAL_OFFICE = "provincial_office", "สำนักงานศึกษาธิการจังหวัด"
        SCHOOL = "school", "สถานศึกษา"

    objects = OrganizationQuerySet.as_manager()

    code = models.CharField(
        "รหัสหน่วยงาน",
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                "ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น spp-chiangmai-6",
            )
        ],
        help_text="รหัสถาวรที่ใช้ใน URL และชื่อบัญชีผู้ใช้ เช่น spp-chiangmai-6",
    )
    name = models.CharField("ชื่อเต็ม", max_length=255)
    short_name = models.CharField("ชื่อย่อ", max_length=100)
    parent_body = models.CharField("หน่วยงานต้นสังกัด", max_length=255, blank=True)
    ministry = models.CharField("กระทรวง", max_length=255, blank=True)
    address = models.TextField("ที่อยู่", blank=True)
    director_name = models.CharField("ชื่อผู้อำนวยการ", max_length=255, blank=True)
    director_position = models.CharField(
        "ตำแหน่งผู้อำนวยการ",
        max_length=255,
        blank=True,
        help_text="เว้นว่างไว้เพื่อใช้ “ผู้อำนวยการ” ตามด้วยชื่อเต็มของหน่วยงาน",
    )
    default_digit_system = models.CharField(
        "ระบบตัวเลขของเอกสาร", max_length=10, choices=thai.DIGIT_SYSTEM_CHOICES, default=thai.THAI
    )
    level = models.CharField("ประเภทหน่วยงาน", max_length=20, choices=Level.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name="หน่วยงานที่กำกับดูแล",
        help_text=(
            "เช่น สำนักงานเขตพื้นที่การศึกษาของโรงเรียน หรือ สพฐ. ของสำนักงานเขตพื้นที่การศึกษา "
            "สมาชิกของหน่วยงานที่กำกับดูแลเปิดอ่านเอกสารที่เสนอแล้วและอนุมัติแล้วของหน่วยงานในสังกัดได้ "
            "แต่แก้ไข เสนอ หรืออนุมัติไม่ได้"
        ),
    )
    email = models.EmailField("อีเมลติดต่อ", blank=True)
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def director_title(self) -> str:
        """The director's position as printed under the signature (derived from the name)."""
        return self.director_position or f"ผู้อำนวยการ{self.name}"

    def ancestor_ids(self) -> tuple[int, ...]:
        """Ids of the organizations above this one, nearest first (at most ``MAX_DEPTH`` − 1).
        No query for a top-level organization; otherwise one (joins up the tree), cached on
        the instance."""
        cached = self.__dict__.get("_ancestor_ids")
        if cached is not None:
            return cached
        ids: tuple[int, ...] = ()
        if self.parent_id is not None:
            lookups = ["__".join(["parent"] * depth) + "_id" for depth in range(1, MAX_DEPTH - 1)]
            above = Organization.objects.filter(pk=self.parent_id).values_list(*lookups).first() if lookups else ()
            ids = (self.parent_id, *(pk for pk in above or () if pk is not None))
        self.__dict__["_ancestor_ids"] = ids
        return ids

    def ancestors(self) -> list["Organization"]:
        """The organizations above this one, nearest first (at most ``MAX_DEPTH`` − 1)."""
        ids = self.ancestor_ids()
        by_id = Organization.objects.in_bulk(ids) if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]

    def descendants(self) -> OrganizationQuerySet:
        """The organizations below this one (its units and their units), as a queryset."""
        return Organization.objects.under([self.pk])

    def _height(self) -> int:
        """How many levels hang below this organization (0: none), up to ``MAX_DEPTH``."""
        if self.pk is None:
            return 0
        height = 0
        for depth in range(1, MAX_DEPTH + 1):
            if not Organization.objects.filter(**{"__".join(["parent"] * depth): self.pk}).exists():
                break
            height = depth
        return height

    def clean(self):
        """The parent is another organization, not one of this one's units, and the tree
        stays within ``MAX_DEPTH`` levels (this one's units included)."""
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "หน่วยงานกำกับดูแลตนเองไม่ได้"})
        if self.pk is not None and self.descendants().filter(pk=self.parent_id).exists():
            raise ValidationError({"parent": "หน่วยงานที่เลือกเป็นหน่วยงานในสังกัดของหน่วยงานนี้ จึงเป็นหน่วยงานที่กำกับดูแลไม่ได้"})
        parent = Organization.objects.get(pk=self.parent_id)
        if len(parent.ancestor_ids()) + 2 + self._height() > MAX_DEPTH:
            raise ValidationError(
                {"parent": f"หน่วยงานจัดเป็นลำดับชั้นได้ไม่เกิน {MAX_DEPTH} ระดับ (เช่น สพฐ. → สำนักงานเขตพื้นที่การศึกษา → โรงเรียน)"}
            )


class Membership(models.Model):
    """A user's role in one organization: supervisor, director, viewer or assessor.

    An assessor (ผู้ประเมิน) is a member of an office who scores the OIT items of the office's
    units (its schools) in the school round; in the office itself an assessor only reads
    (``ita_portal.access``: ``ROLE_ACTIONS`` and ``check_unit``)."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", "ผู้รับผิดชอบ/ศึกษานิเทศก์"
        DIRECTOR = "director", "ผู้อำนวยการ"
        VIEWER = "viewer", "ผู้อ่าน"
        ASSESSOR = "assessor", "ผู้ประเมิน"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="ผู้ใช้"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="หน่วยงาน"
    )
    role = models.CharField("บทบาท", max_length=20, choices=Role.choices)
    position = models.CharField("ตำแหน่ง", max_length=255, blank=True, help_text="เช่น ศึกษานิเทศก์")

    class Meta:
        verbose_name = "สมาชิกของหน่วยงาน"
        verbose_name_plural = "สมาชิกของหน่วยงาน"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_organization")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"
