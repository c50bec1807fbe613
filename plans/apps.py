from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Projects, activities, budget line items and risks."""

    name = "plans"
    verbose_name = "โครงการและแผนงาน"
