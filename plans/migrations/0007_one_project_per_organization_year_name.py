"""A project's natural key: organization + fiscal year + name (``Project.Meta.constraints``).

Projects created twice before the constraint (a double click on "new project") keep their
rows: every copy after the first (lowest id) gets " (ซ้ำ 2)", " (ซ้ำ 3)" … after its name,
so staff can see and remove it; then the constraint is added.
"""

from django.db import migrations, models
from django.db.models import Count


def rename_duplicates(apps, schema_editor):
    Project = apps.get_model("plans", "Project")
    keys = ["organization_id", "fiscal_year", "name"]
    groups = Project.objects.values(*keys).annotate(n=Count("id")).filter(n__gt=1)
    for group in groups:
        key = {k: group[k] for k in keys}
        for copy in Project.objects.filter(**key).order_by("id")[1:]:
            n = 2
            while True:
                suffix = f" (ซ้ำ {n})"
                name = copy.name[: 500 - len(suffix)] + suffix
                if not Project.objects.filter(organization_id=copy.organization_id, fiscal_year=copy.fiscal_year, name=name).exists():
                    break
                n += 1
            Project.objects.filter(pk=copy.pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_planactivity_project")]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.UniqueConstraint(
                fields=("organization", "fiscal_year", "name"),
                name="one_project_per_organization_year_name",
                violation_error_message="หน่วยงานนี้มีโครงการชื่อนี้ในปีงบประมาณนี้แล้ว",
            ),
        ),
    ]
