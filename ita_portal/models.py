"""Organizations (หน่วยงาน) and people's memberships in them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from ita_portal import thai


class Organization(models.Model):
    """A public-sector office that plans, monitors and publishes its ITA work.

    Its director's name and position are data here, so every signature block that names the
    director is derived from this record and never retyped into a document.
    """

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


class Membership(models.Model):
    """A user's role in one organization: supervisor, director or viewer."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", "ผู้รับผิดชอบ/ศึกษานิเทศก์"
        DIRECTOR = "director", "ผู้อำนวยการ"
        VIEWER = "viewer", "ผู้อ่าน"

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
