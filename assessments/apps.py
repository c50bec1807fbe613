from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """ITA frameworks as yearly data, ITA results with analysis and measures, OIT checklists."""

    name = "assessments"
    verbose_name = "การประเมิน ITA"

    def ready(self):
        from assessments.kinds import register_kinds

        register_kinds()
        from assessments import work

        work.register()  # OIT items on the landing page, the ITA/OIT pages in the menu
        from assessments import scale_data, seeds
        from ita_portal.scale_data import register_scale_part
        from ita_portal.seeds import register_section

        register_section("frameworks", seeds.load_frameworks)
        register_section("ita_results", seeds.load_results)
        register_section("oit_checklists", seeds.load_checklists)
        register_scale_part("assessments", scale_data.write, prepare=scale_data.prepare)
