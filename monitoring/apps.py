from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Quarterly monitoring reports (PDCA checklist, results, problems, solutions)."""

    name = "monitoring"
    verbose_name = "การกำกับติดตาม"

    def ready(self):
        """Register the calendar/memo admin pages and seed loaders (groups before calendars,
        calendars before the memos that cover them)."""
        from ita_portal.seeds import register_section
        from monitoring import calendar_admin  # noqa: F401  (registers admin pages)
        from monitoring.calendar_seeds import load_calendars, load_memos, load_responsible_groups

        register_section("responsible_groups", load_responsible_groups)
        register_section("monitoring_calendars", load_calendars)
        register_section("memos", load_memos)
