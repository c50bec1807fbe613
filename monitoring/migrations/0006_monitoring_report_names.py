"""รายงานผลการกำกับติดตาม is called a monitoring report in code, like the monitoring calendar
it reports on: the models, their history models and the foreign keys to them are renamed in
place (same rows; tables and content types renamed)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0005_progress_reports_from_plans"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="signatureblock", name="signature_block_one_document"),
        migrations.RenameModel("TrackingReport", "MonitoringReport"),
        migrations.RenameModel("TrackingItem", "MonitoringReportItem"),
        migrations.RenameModel("HistoricalTrackingReport", "HistoricalMonitoringReport"),
        migrations.RenameModel("HistoricalTrackingItem", "HistoricalMonitoringReportItem"),
        migrations.RenameField("memo", "tracking_report", "monitoring_report"),
        migrations.RenameField("historicalmemo", "tracking_report", "monitoring_report"),
        migrations.RenameField("signatureblock", "tracking_report", "monitoring_report"),
        migrations.RenameField("historicalsignatureblock", "tracking_report", "monitoring_report"),
        migrations.AddConstraint(
            model_name="signatureblock",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("calendar__isnull", True), ("memo__isnull", False), ("monitoring_report__isnull", True)),
                    models.Q(("calendar__isnull", False), ("memo__isnull", True), ("monitoring_report__isnull", True)),
                    models.Q(("calendar__isnull", True), ("memo__isnull", True), ("monitoring_report__isnull", False)),
                    _connector="OR",
                ),
                name="signature_block_one_document",
                violation_error_message="ลายมือชื่อต้องอยู่ในเอกสารเดียว",
            ),
        ),
        migrations.AlterField(
            model_name="monitoringreport",
            name="calendar",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="monitoring_reports", to="monitoring.monitoringcalendar", verbose_name="ปฏิทิน"),
        ),
        migrations.AlterField(
            model_name="monitoringreportitem",
            name="calendar_item",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="monitoring_report_items", to="monitoring.calendaritem", verbose_name="รายการในปฏิทิน"),
        ),
        migrations.AlterField(
            model_name="monitoringreportitem",
            name="groups",
            field=models.ManyToManyField(related_name="monitoring_report_items", to="monitoring.responsiblegroup", verbose_name="ผู้รับผิดชอบ"),
        ),
    ]
