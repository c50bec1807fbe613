"""The progress reports of action plans move to monitoring
(``monitoring.0005_progress_reports_from_plans``): plans forgets them in Django's state only;
their tables and rows stay, now owned by monitoring."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0005_progress_reports_from_plans'),
        ('plans', '0004_revision_in_unique_constraints'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='HistoricalProgressLine'),
                migrations.DeleteModel(name='HistoricalProgressReport'),
                migrations.DeleteModel(name='ProgressLine'),
                migrations.DeleteModel(name='ProgressReport'),
            ],
        ),
    ]
