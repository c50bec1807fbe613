from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Projects, activities, budget line items and risks."""

    name = "plans"
    verbose_name = "โครงการและแผนงาน"

    def ready(self):
        """Register the action-plan admin pages and the seed loader for "action_plans"."""
        from ita_portal.seeds import register_section
        from plans import action_plan_admin  # noqa: F401  (registers admin pages)
        from plans.action_plan_seeds import load_action_plans

        register_section("action_plans", load_action_plans)
