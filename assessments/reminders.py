"""E-mail reminders before the end of each ITAS phase (``manage.py send_phase_reminders``,
run once a day by cron or a systemd timer).

Rule "remind once": on a day when a phase's reminder is due (``AssessmentPhase.reminder_due``:
from ``remind_days_before`` days before its end up to its last day), each responsible person
(``AssessmentPhase.responsible_users``: the supervisors and directors of the organizations
with an OIT checklist or an ITA result under the phase's framework) gets one e-mail, recorded
as a ``PhaseReminder``; the unique (phase, user) record makes every later run, on the same day
or a later one, send nothing more to that person about that phase. A mail that fails is not
recorded (its record is rolled back with it), so the next run tries again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import AssessmentPhase, PhaseReminder, Verification
from ita_portal import thai


def due_phases(day: datetime.date) -> list[AssessmentPhase]:
    """The phases whose reminder is due on ``day`` (a CE date), with their frameworks. The
    candidates are narrowed in SQL to phases not yet ended; ``reminder_due`` decides."""
    candidates = (
        AssessmentPhase.objects.filter(ends_on__gte=day, remind_days_before__isnull=False)
        .select_related("framework")
        .order_by("ends_on", "pk")
    )
    return [phase for phase in candidates if phase.reminder_due(day)]


def reminder_mail(phase: AssessmentPhase, day: datetime.date) -> tuple[str, str]:
    """The subject and body (Thai, Arabic digits, Buddhist Era dates) of ``phase``'s reminder on ``day``."""
    framework = phase.framework
    start = thai.format_date(phase.starts_on, thai.ARABIC)
    end = thai.format_date(phase.ends_on, thai.ARABIC)
    left = phase.days_left(day)
    when = "วันนี้เป็นวันสุดท้าย" if left == 0 else f"เหลือ {left} วัน"
    subject = f"[ITA Portal] ช่วง{phase.get_kind_display()} สิ้นสุด {end} ({when})"
    lines = [
        f"{framework.name}",
        f"{framework.get_assessing_body_display()} ปีงบประมาณ {framework.fiscal_year}",
        "",
        f"ช่วง{phase.get_kind_display()}: {start} ถึง {end} ({when})",
    ]
    if phase.note:
        lines += ["", f"หมายเหตุ: {phase.note}"]
    if phase.verification != Verification.VERIFIED:
        lines += ["", f"สถานะของวันที่: {phase.get_verification_display()} — ตรวจสอบกำหนดการในระบบ ITAS อีกครั้ง"]
    lines += ["", f"งานของฉัน: {settings.SITE_URL}{reverse('staff:my_work')}"]
    return subject, "\n".join(lines)


def send_phase_reminders(day: datetime.date) -> int:
    """Send every reminder due on ``day`` that was not sent before; return how many e-mails
    were sent. Each mail and its ``PhaseReminder`` are one transaction: a mail that raises
    (SMTP down) leaves no record and the error propagates after the earlier mails were kept."""
    sent = 0
    for phase in due_phases(day):
        reminded = set(PhaseReminder.objects.filter(phase=phase).values_list("user_id", flat=True))
        subject, body = reminder_mail(phase, day)
        for user in phase.responsible_users().exclude(pk__in=reminded):
            try:
                with transaction.atomic():
                    PhaseReminder.objects.create(phase=phase, user=user, email=user.email, sent_on=day)
                    send_mail(subject, body, None, [user.email], fail_silently=False)
            except IntegrityError:
                continue  # another run recorded it in the meantime: already sent
            sent += 1
    return sent
