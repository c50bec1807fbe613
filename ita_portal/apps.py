from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    """Organizations, memberships and the portal's shared code (Thai formatting, PDF)."""

    name = "ita_portal"
    verbose_name = "หน่วยงานและผู้ใช้"
