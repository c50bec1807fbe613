from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Projects, activities, budget line items and risks."""

    name = "plans"
    verbose_name = "โครงการและแผนงาน"

    def ready(self):
        """Register the action-plan admin pages, the seed loader for "action_plans", the
        plans' part of the generated scale data and the plans' pages of the staff menu."""
        from plans.kinds import register_kinds

        register_kinds()
        from ita_portal.work import MenuLink, register_link

        register_link(MenuLink("แผนปฏิบัติการ", "จัดทำแผนปฏิบัติการใหม่", "action_plans:plan_create", editors=True))
        register_link(MenuLink("แผนปฏิบัติการ", "นำเข้าแผนปฏิบัติการจาก Excel", "action_plans:plan_import", editors=True))
        from ita_portal.seeds import register_section
        from plans import action_plan_admin  # noqa: F401  (registers admin pages)
        from ita_portal.scale_data import register_scale_part
        from plans import scale_data
        from plans.action_plan_seeds import load_action_plans

        register_section("action_plans", load_action_plans)
        register_scale_part("plans", scale_data.write)
