from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Quarterly monitoring reports (PDCA checklist, results, problems, solutions)."""

    name = "monitoring"
    verbose_name = "การกำกับติดตาม"

    def ready(self):
        """Register the calendar/memo admin pages, the seed loaders (projects with their
        quarterly reports; groups before calendars, calendars before the memos that cover
        them) and the monitoring part of the generated scale data."""
        from monitoring.kinds import register_kinds

        register_kinds()
        from ita_portal.seeds import register_section
        from monitoring import calendar_admin  # noqa: F401  (registers admin pages)
        from ita_portal.scale_data import register_scale_part
        from monitoring import scale_data
        from monitoring.calendar_seeds import load_calendars, load_memos, load_responsible_groups
        from monitoring.report_seeds import load_projects

        register_section("projects", load_projects)
        register_section("responsible_groups", load_responsible_groups)
        register_section("monitoring_calendars", load_calendars)
        register_section("memos", load_memos)
        register_scale_part("monitoring", scale_data.write)
