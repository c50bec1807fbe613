from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """What is reported on plans: quarterly monitoring reports (PDCA), 6-month / annual
    progress reports of action plans, monitoring calendars, monitoring reports and memos."""

    name = "monitoring"
    verbose_name = "การกำกับติดตาม"

    def ready(self):
        """Register the progress-report and calendar/memo admin pages, the seed loaders
        (projects with their quarterly reports; progress reports after the plans' action
        plans they report on; groups before calendars, calendars and reports before the
        memos that cover them) and the monitoring part of the generated scale data."""
        from monitoring.kinds import register_kinds

        register_kinds()
        from monitoring import work

        work.register()  # the landing page's due quarterly reports, the dashboard in the menu
        from ita_portal.seeds import register_section
        from monitoring import calendar_admin, progress_admin  # noqa: F401  (register admin pages)
        from ita_portal.scale_data import register_scale_part
        from monitoring import scale_data
        from monitoring.calendar_seeds import load_calendars, load_memos, load_responsible_groups
        from monitoring.progress_seeds import load_progress_reports
        from monitoring.report_seeds import load_projects

        register_section("projects", load_projects)
        register_section("progress_reports", load_progress_reports)
        register_section("responsible_groups", load_responsible_groups)
        register_section("monitoring_calendars", load_calendars)
        register_section("memos", load_memos)
        register_scale_part("monitoring", scale_data.write)
