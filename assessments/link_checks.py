"""Evidence that still works when the assessor looks: the approved evidence URLs of the OIT
checklists are requested in the background and every answer is recorded (``EvidenceCheck``);
a link that stopped working or changed is marked on the staff pages and its organization's
supervisors are e-mailed once per new problem.

Which checklists: ``open_checklists`` — those whose assessment round is not over. A framework
with a "ประกาศผลการประเมิน" phase (``PhaseKind.RESULTS``) is open up to that phase's last day;
a framework without one (its calendar not entered yet) is open for the current and the
previous fiscal year (BE). The button on a checklist page checks that checklist whatever its year.

How: ``check_evidence_links`` (a task of Django's tasks framework; the worker
``manage.py db_worker`` runs it for the page's button, ``manage.py check_evidence_links`` runs
it once a day). URLs are grouped by host; each host's URLs are requested one after another, at
most ``settings.EVIDENCE_LINK_RATE`` a second, while up to ``EVIDENCE_LINK_HOSTS_AT_ONCE``
hosts are worked on at once (threads that only do HTTP; the database is written by the caller's
thread). ``settings.EVIDENCE_LINK_ALLOWED_HOSTS`` restricts the hosts requested
(``assessments.link_probe.Policy``); ``EVIDENCE_LINK_TIMEOUT`` (seconds) and
``EVIDENCE_LINK_MAX_BYTES`` bound each request.

Outcomes and "changed": ``EvidenceCheck``. Rule "one e-mail per problem": a check that finds
the same problem as the previous check of the same evidence (``EvidenceCheck.problem_key``),
of which the supervisors were told, is not mailed again; a new problem, a problem after an ok
check, or one whose mail failed (retried on the next run) is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from assessments.link_probe import NOT_ALLOWED_ERROR, Policy, Probe, probe
from assessments.models import AssessmentPhase, Evidence, EvidenceCheck, OITChecklist, PhaseKind
from ita_portal import thai

log = logging.getLogger(__name__)

Outcome = EvidenceCheck.Outcome
QUEUED_SECONDS = 10 * 60  # one on-demand check per checklist queued for this long


def policy() -> Policy:
    """The probe policy from the settings."""
    return Policy(
        hosts=tuple(h.lower() for h in settings.EVIDENCE_LINK_ALLOWED_HOSTS),
        timeout=float(settings.EVIDENCE_LINK_TIMEOUT),
        max_bytes=int(settings.EVIDENCE_LINK_MAX_BYTES),
    )


def open_checklists(day):
    """The checklists whose assessment round is not over on ``day`` (a CE date); see the module's text."""
    results = AssessmentPhase.objects.filter(framework=OuterRef("framework"), kind=PhaseKind.RESULTS)
    fiscal_year = thai.fiscal_year(day)
    return OITChecklist.objects.filter(
        Q(Exists(results.filter(ends_on__gte=day))) | (~Q(Exists(results)) & Q(framework__fiscal_year__gte=fiscal_year - 1))
    )


def request_check(checklist: OITChecklist) -> bool:
    """Queue ``check_evidence_links`` for ``checklist`` unless one was queued for it in the last
    ``QUEUED_SECONDS``; return whether it was queued now (a double click queues one check)."""
    from django.core.cache import cache

    if not cache.add(f"link-check:queued:{checklist.pk}", True, QUEUED_SECONDS):
        return False
    check_evidence_links.enqueue(checklist_ids=[checklist.pk])
    return True


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _probe_host(urls: list[str], pol: Policy, interval: float) -> list[tuple[str, Probe, object]]:
    """Probe ``urls`` (of one host) one after another, starting one at most every ``interval``
    seconds; ``[(url, Probe, when)]``."""
    found, last_start = [], None
    for url in urls:
        if last_start is not None:
            wait = interval - (time.monotonic() - last_start)
            if wait > 0:
                time.sleep(wait)
        last_start = time.monotonic()
        found.append((url, probe(url, pol), timezone.now()))
    return found


def probe_all(urls: list[str], pol: Policy | None = None) -> dict[str, tuple[Probe, object]]:
    """``{url: (Probe, checked at)}`` of distinct ``urls``, politely per host (module's text)."""
    pol = pol or policy()
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    interval = 1 / float(settings.EVIDENCE_LINK_RATE)
    workers = max(1, min(int(settings.EVIDENCE_LINK_HOSTS_AT_ONCE), len(by_host)))
    results: dict[str, tuple[Probe, object]] = {}
    lock = threading.Lock()

    def work(host_urls):
        found = _probe_host(host_urls, pol, interval)
        with lock:
            for url, result, when in found:
                results[url] = (result, when)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, by_host.values()))
    return results


def _size_text(size: int) -> str:
    return f"{size:,} ไบต์"


def judge(evidence: Evidence, result: Probe, baseline: EvidenceCheck | None) -> tuple[str, str]:
    """``(outcome, reason)`` of ``result`` for ``evidence``, compared with ``baseline`` (its
    previous ok check of the same URL, or ``None``)."""
    if not result.requested:
        return Outcome.SKIPPED, ""
    if result.error == NOT_ALLOWED_ERROR and result.final_url:  # redirected where we may not follow
        return Outcome.CHANGED, f"ย้ายไปที่ {urlsplit(result.final_url).hostname}"
    if result.error or result.status is None or result.status >= 300:  # 3xx here: a redirect without Location
        return Outcome.BROKEN, ""
    if _host(result.final_url) != _host(evidence.url):
        return Outcome.CHANGED, f"ย้ายไปที่ {urlsplit(result.final_url).hostname}"
    if baseline is not None:
        if baseline.content_type != result.content_type:
            return Outcome.CHANGED, f"ชนิดไฟล์ {baseline.content_type or '-'} → {result.content_type or '-'}"
        old, new = baseline.size, result.size
        if old and new is not None and abs(new - old) * 100 > old * EvidenceCheck.CHANGED_SIZE_PERCENT:
            return Outcome.CHANGED, f"ขนาด {_size_text(old)} → {_size_text(new)}"
    return Outcome.OK, ""


def record(evidence: Evidence, result: Probe, when) -> EvidenceCheck:
    """Store the check of ``evidence`` (``last_check`` loaded) that found ``result`` at
    ``when`` and point ``evidence.last_check`` at it. ``notified`` is carried over when it
    repeats a problem already mailed."""
    baseline = (
        EvidenceCheck.objects.filter(evidence=evidence, url=evidence.url, outcome=Outcome.OK)
        .order_by("-checked_at", "-pk")
        .first()
    )
    outcome, reason = judge(evidence, result, baseline)
    check = EvidenceCheck(
        evidence=evidence,
        url=evidence.url,
        checked_at=when,
        status_code=result.status,
        content_type=result.content_type[:100],
        size=result.size,
        final_url=result.final_url[:1000],
        error=result.error[:255],
        outcome=outcome,
        reason=reason[:255],
    )
    previous = evidence.last_check
    check.notified = bool(
        check.is_problem and previous is not None and previous.notified and previous.url == check.url
        and previous.problem_key == check.problem_key
    )
    with transaction.atomic():
        check.save()
        evidence.last_check = check
        evidence.save(update_fields=["last_check"])
    return check


def recipients(organization) -> list[str]:
    """The e-mail addresses told about ``organization``'s broken links: its active supervisors
    (ผู้รับผิดชอบ, who fix evidence) with an address; its directors when it has none."""
    from django.contrib.auth import get_user_model

    from ita_portal.models import Membership

    users = get_user_model().objects.filter(is_active=True, memberships__organization=organization).exclude(email="")
    for role in (Membership.Role.SUPERVISOR, Membership.Role.DIRECTOR):
        emails = list(users.filter(memberships__role=role).order_by("pk").values_list("email", flat=True).distinct())
        if emails:
            return emails
    return []


def problem_mail(checklist: OITChecklist, checks: list[EvidenceCheck]) -> tuple[str, str]:
    """Subject and body (Thai, Arabic digits, BE dates) of the mail about ``checks`` (problems
    of ``checklist``'s evidence, with ``evidence__entry__item`` loaded)."""
    subject = f"[ITA Portal] ลิงก์หลักฐาน OIT มีปัญหา {len(checks)} รายการ ({checklist.organization.short_name} ปีงบประมาณ {checklist.fiscal_year})"
    lines = [
        f"แบบตรวจ OIT {checklist.organization.short_name} ปีงบประมาณ {checklist.fiscal_year}",
        "ลิงก์หลักฐานที่อนุมัติให้เผยแพร่แล้วต่อไปนี้ ผู้ประเมินอาจเปิดไม่ได้หรือไม่ตรงกับที่อนุมัติ กรุณาตรวจสอบและแก้ไขหลักฐาน:",
        "",
    ]
    for check in checks:
        entry = check.evidence.entry
        lines += [
            f"ข้อ {entry.item.code} {entry.item.title}",
            f"  {check.evidence.title}: {check.url}",
            f"  {check.problem_text(thai.ARABIC)}",
            f"  {settings.SITE_URL}{reverse('assessments:entry', args=[checklist.pk, entry.pk])}",
            "",
        ]
    lines.append(f"แบบตรวจ: {settings.SITE_URL}{checklist.get_absolute_url()}")
    return subject, "\n".join(lines)


def notify(checklist: OITChecklist, checks: list[EvidenceCheck]) -> int:
    """E-mail ``checklist``'s supervisors about ``checks`` (new problems) and mark them
    ``notified``; return the number of mails sent (0 or 1). A failing mail is logged and
    leaves them unmarked, so the next run tries again."""
    emails = recipients(checklist.organization)
    if not checks or not emails:
        return 0
    subject, body = problem_mail(checklist, checks)
    try:
        send_mail(subject, body, None, emails, fail_silently=False)
    except Exception:  # SMTP down: keep checking the other checklists
        log.exception("link check mail for checklist %s failed", checklist.pk)
        return 0
    EvidenceCheck.objects.filter(pk__in=[c.pk for c in checks]).update(notified=True)
    return 1


def check_checklists(checklists) -> dict:
    """Check every approved evidence URL of ``checklists`` (a queryset), record the checks,
    mail new problems and stamp each checklist's ``links_checked_at``. Returns counts:
    ``{"checked": URLs checked, "ok": …, "broken": …, "changed": …, "skipped": …, "mails": …}``."""
    checklists = list(checklists.select_related("organization", "framework").order_by("pk"))
    evidence = list(
        Evidence.objects.filter(entry__checklist__in=checklists, approved_at__isnull=False)
        .exclude(url="")
        .select_related("last_check", "entry__item")
        .order_by("pk")
    )
    found = probe_all([e.url for e in evidence])
    counts = {"checked": 0, "ok": 0, "broken": 0, "changed": 0, "skipped": 0, "mails": 0}
    new_problems: dict[int, list[EvidenceCheck]] = defaultdict(list)
    for item in evidence:
        result, when = found[item.url]
        check = record(item, result, when)
        counts["checked"] += 1
        counts[check.outcome] += 1
        if check.is_problem and not check.notified:
            new_problems[item.entry.checklist_id].append(check)
    now = timezone.now()
    for checklist in checklists:
        counts["mails"] += notify(checklist, new_problems.get(checklist.pk, []))
        checklist.links_checked_at = now
        checklist.save(update_fields=["links_checked_at"])
    return counts


@task()
def check_evidence_links(*, checklist_ids: list[int] | None = None) -> dict:
    """The worker's check: the checklists ``checklist_ids``, or every open checklist
    (``open_checklists`` today) when ``None``; returns the counts of ``check_checklists``."""
    if checklist_ids is None:
        checklists = open_checklists(timezone.localdate())
    else:
        checklists = OITChecklist.objects.filter(pk__in=checklist_ids)
    return check_checklists(checklists)
