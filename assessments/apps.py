from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """ITA frameworks, scores and OIT evidence (built in a later issue)."""

    name = "assessments"
    verbose_name = "การประเมิน ITA"
