"""A monitoring report's natural key: calendar + title + revision (``MonitoringReport.Meta``).

Reports started twice before the constraint (a double click on "new monitoring report")
keep their rows: every copy after the first (lowest id) gets " (ซ้ำ 2)", " (ซ้ำ 3)" … after
its title, so staff can see and remove it; then the constraint is added.
"""

from django.db import migrations, models
from django.db.models import Count


def rename_duplicates(apps, schema_editor):
    MonitoringReport = apps.get_model("monitoring", "MonitoringReport")
    keys = ["calendar_id", "title", "revision"]
    groups = MonitoringReport.objects.values(*keys).annotate(n=Count("id")).filter(n__gt=1)
    for group in groups:
        key = {k: group[k] for k in keys}
        for copy in MonitoringReport.objects.filter(**key).order_by("id")[1:]:
            n = 2
            while True:
                suffix = f" (ซ้ำ {n})"
                title = copy.title[: 500 - len(suffix)] + suffix
                if not MonitoringReport.objects.filter(calendar_id=copy.calendar_id, revision=copy.revision, title=title).exists():
                    break
                n += 1
            MonitoringReport.objects.filter(pk=copy.pk).update(title=title)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0007_progress_status")]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="monitoringreport",
            constraint=models.UniqueConstraint(
                fields=("calendar", "title", "revision"),
                name="one_monitoring_report_per_calendar_title_revision",
                violation_error_message="ปฏิทินนี้มีรายงานผลชื่อนี้แล้ว กรุณาตั้งชื่อรายงานให้ต่างกัน",
            ),
        ),
    ]
