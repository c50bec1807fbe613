"""The progress reports of action plans move from plans to monitoring (what is reported on
plans). Only Django's state changes: the tables keep their names (``plans_progressreport``,
``plans_progressline`` and their history tables) and every row stays. The content types of
the moved models move too, so their permissions and admin log entries stay with them."""

import django.db.models.deletion
import ita_portal.fields
import ita_portal.workflow
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ("progressreport", "progressline", "historicalprogressreport", "historicalprogressline")


def _relabel(apps, schema_editor, old, new):
    """Give the moved models' content types the app label ``new`` (a database made before the
    move has them under ``old``; a new database has none yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "plans", "monitoring")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "monitoring", "plans")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('monitoring', '0004_workflow_and_history'),
        ('plans', '0004_revision_in_unique_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ProgressReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='ฉบับที่บันทึก')),
                        ('status', models.CharField(choices=[('draft', 'ฉบับร่าง'), ('submitted', 'เสนอผู้อำนวยการแล้ว'), ('returned', 'ส่งกลับให้แก้ไข'), ('approved', 'อนุมัติแล้ว')], default='draft', max_length=20, verbose_name='สถานะ')),
                        ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='เสนอเมื่อ')),
                        ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='พิจารณาเมื่อ')),
                        ('review_comment', models.TextField(blank=True, editable=False, verbose_name='ความเห็นของผู้อำนวยการ')),
                        ('approver_name', models.CharField(blank=True, editable=False, max_length=255, verbose_name='ชื่อผู้อนุมัติ')),
                        ('approver_position', models.CharField(blank=True, editable=False, max_length=255, verbose_name='ตำแหน่งผู้อนุมัติ')),
                        ('signature', models.ImageField(blank=True, editable=False, upload_to='signatures/%Y/', verbose_name='ลายมือชื่อผู้อนุมัติ')),
                        ('approved_pdf', models.FileField(blank=True, editable=False, upload_to='approved/%Y/', verbose_name='PDF ฉบับอนุมัติ')),
                        ('approved_pdf_sha256', models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 ของ PDF ฉบับอนุมัติ')),
                        ('revision', models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='ฉบับปรับปรุงครั้งที่')),
                        ('period', models.CharField(choices=[('half', 'รอบ 6 เดือน'), ('full', 'รอบ 12 เดือน')], default='half', max_length=10, verbose_name='รอบการรายงาน')),
                        ('digit_system', models.CharField(choices=[('thai', 'เลขไทย (๐–๙)'), ('arabic', 'เลขอารบิก (0–9)')], default='thai', max_length=10, verbose_name='ระบบตัวเลขของเอกสาร')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='สร้างเมื่อ')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='แก้ไขล่าสุด')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='progress_reports', to='plans.actionplan', verbose_name='แผน')),
                        ('reviewed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้พิจารณา')),
                        ('revision_of', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revisions', to='monitoring.progressreport', verbose_name='ปรับปรุงจากฉบับ')),
                        ('submitted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้เสนอ')),
                    ],
                    options={
                        'verbose_name': 'รายงานการกำกับติดตามแผนปฏิบัติการ',
                        'verbose_name_plural': 'รายงานการกำกับติดตามแผนปฏิบัติการ',
                        'db_table': 'plans_progressreport',
                        'ordering': ['plan', 'period'],
                    },
                    bases=(ita_portal.workflow.FrozenGuardMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='ProgressLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reported_title', models.TextField(blank=True, help_text='เว้นว่างเพื่อใช้ชื่อกิจกรรมในแผน', verbose_name='ชื่อกิจกรรมตามรายงาน')),
                        ('spent', ita_portal.fields.NonNegativeDecimalField(blank=True, decimal_places=2, error_messages={'invalid': 'กรุณาป้อนตัวเลข (เช่น 10000 หรือ 1234.50)'}, max_digits=14, null=True, verbose_name='ใช้จ่ายจริง (บาท)')),
                        ('result', models.TextField(blank=True, verbose_name='ผลการดำเนินงาน')),
                        ('obstacles', models.TextField(blank=True, verbose_name='อุปสรรค/ข้อเสนอแนะ')),
                        ('remarks', models.TextField(blank=True, verbose_name='หมายเหตุ')),
                        ('status', models.CharField(blank=True, choices=[('done', 'ดำเนินการแล้ว'), ('in_progress', 'อยู่ระหว่างดำเนินการ'), ('not_done', 'ไม่ได้ดำเนินการ')], max_length=20, verbose_name='สถานะ')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_lines', to='plans.planactivity', verbose_name='กิจกรรม')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='monitoring.progressreport', verbose_name='รายงาน')),
                    ],
                    options={
                        'verbose_name': 'ผลการดำเนินงานรายกิจกรรม',
                        'verbose_name_plural': 'ผลการดำเนินงานรายกิจกรรม',
                        'db_table': 'plans_progressline',
                        'ordering': ['report', 'activity_id'],
                    },
                    bases=(ita_portal.workflow.FrozenGuardMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProgressReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='ฉบับที่บันทึก')),
                        ('status', models.CharField(choices=[('draft', 'ฉบับร่าง'), ('submitted', 'เสนอผู้อำนวยการแล้ว'), ('returned', 'ส่งกลับให้แก้ไข'), ('approved', 'อนุมัติแล้ว')], default='draft', max_length=20, verbose_name='สถานะ')),
                        ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='เสนอเมื่อ')),
                        ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='พิจารณาเมื่อ')),
                        ('review_comment', models.TextField(blank=True, editable=False, verbose_name='ความเห็นของผู้อำนวยการ')),
                        ('approver_name', models.CharField(blank=True, editable=False, max_length=255, verbose_name='ชื่อผู้อนุมัติ')),
                        ('approver_position', models.CharField(blank=True, editable=False, max_length=255, verbose_name='ตำแหน่งผู้อนุมัติ')),
                        ('signature', models.TextField(blank=True, editable=False, max_length=100, verbose_name='ลายมือชื่อผู้อนุมัติ')),
                        ('approved_pdf', models.TextField(blank=True, editable=False, max_length=100, verbose_name='PDF ฉบับอนุมัติ')),
                        ('approved_pdf_sha256', models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 ของ PDF ฉบับอนุมัติ')),
                        ('revision', models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='ฉบับปรับปรุงครั้งที่')),
                        ('period', models.CharField(choices=[('half', 'รอบ 6 เดือน'), ('full', 'รอบ 12 เดือน')], default='half', max_length=10, verbose_name='รอบการรายงาน')),
                        ('digit_system', models.CharField(choices=[('thai', 'เลขไทย (๐–๙)'), ('arabic', 'เลขอารบิก (0–9)')], default='thai', max_length=10, verbose_name='ระบบตัวเลขของเอกสาร')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='สร้างเมื่อ')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='แก้ไขล่าสุด')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.actionplan', verbose_name='แผน')),
                        ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้พิจารณา')),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ผู้เสนอ')),
                        ('revision_of', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.progressreport', verbose_name='ปรับปรุงจากฉบับ')),
                    ],
                    options={
                        'verbose_name': 'historical รายงานการกำกับติดตามแผนปฏิบัติการ',
                        'verbose_name_plural': 'historical รายงานการกำกับติดตามแผนปฏิบัติการ',
                        'db_table': 'plans_historicalprogressreport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProgressLine',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('reported_title', models.TextField(blank=True, help_text='เว้นว่างเพื่อใช้ชื่อกิจกรรมในแผน', verbose_name='ชื่อกิจกรรมตามรายงาน')),
                        ('spent', ita_portal.fields.NonNegativeDecimalField(blank=True, decimal_places=2, error_messages={'invalid': 'กรุณาป้อนตัวเลข (เช่น 10000 หรือ 1234.50)'}, max_digits=14, null=True, verbose_name='ใช้จ่ายจริง (บาท)')),
                        ('result', models.TextField(blank=True, verbose_name='ผลการดำเนินงาน')),
                        ('obstacles', models.TextField(blank=True, verbose_name='อุปสรรค/ข้อเสนอแนะ')),
                        ('remarks', models.TextField(blank=True, verbose_name='หมายเหตุ')),
                        ('status', models.CharField(blank=True, choices=[('done', 'ดำเนินการแล้ว'), ('in_progress', 'อยู่ระหว่างดำเนินการ'), ('not_done', 'ไม่ได้ดำเนินการ')], max_length=20, verbose_name='สถานะ')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('activity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.planactivity', verbose_name='กิจกรรม')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('report', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.progressreport', verbose_name='รายงาน')),
                    ],
                    options={
                        'verbose_name': 'historical ผลการดำเนินงานรายกิจกรรม',
                        'verbose_name_plural': 'historical ผลการดำเนินงานรายกิจกรรม',
                        'db_table': 'plans_historicalprogressline',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AlterField(
                    model_name='historicalmemo',
                    name='progress_report',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.progressreport', verbose_name='รายงานความก้าวหน้าที่แนบ'),
                ),
                migrations.AlterField(
                    model_name='memo',
                    name='progress_report',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='memos', to='monitoring.progressreport', verbose_name='รายงานความก้าวหน้าที่แนบ'),
                ),
                migrations.AddConstraint(
                    model_name='progressreport',
                    constraint=models.UniqueConstraint(fields=('plan', 'period', 'revision'), name='one_progress_report_per_period', violation_error_message='แผนนี้มีรายงานของรอบนี้แล้ว'),
                ),
                migrations.AddConstraint(
                    model_name='progressline',
                    constraint=models.UniqueConstraint(fields=('report', 'activity'), name='one_progress_line_per_activity', violation_error_message='รายงานนี้มีผลของกิจกรรมนี้แล้ว'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
