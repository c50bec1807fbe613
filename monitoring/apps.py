from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Quarterly monitoring reports (PDCA checklist, results, problems, solutions)."""

    name = "monitoring"
    verbose_name = "การกำกับติดตาม"
