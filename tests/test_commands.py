"""load_demo and export_reports."""

import datetime
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ita_portal.models import Membership
from monitoring.models import QuarterlyReport


def test_load_demo_loads_seeds_and_creates_accounts(db, settings, django_user_model):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    report = QuarterlyReport.objects.get()
    assert report.get_absolute_url() in out.getvalue()
    for username in ("admin", "spp-chiangmai-6-supervisor", "spp-chiangmai-6-director"):
        assert django_user_model.objects.get(username=username).check_password("demo1234"), username
    director = Membership.objects.get(user__username="spp-chiangmai-6-director")
    assert director.role == Membership.Role.DIRECTOR
    assert director.organization.code == "spp-chiangmai-6"


def test_load_demo_twice_keeps_urls(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = QuarterlyReport.objects.get().pk
    call_command("load_demo", stdout=StringIO())
    assert QuarterlyReport.objects.get().pk == first


def test_load_demo_refuses_without_debug(db, settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not django_user_model.objects.filter(username="admin").exists()


def test_export_reports_writes_html_and_pdf(seed_report, tmp_path):
    out = StringIO()
    call_command("export_reports", "--out", str(tmp_path), "--org", "spp-chiangmai-6", "--fiscal-year", "2563", stdout=out)
    stem = seed_report.file_stem()
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert "รายงานผลกำกับติดตามการดำเนินการป้องกันการทุจริตรายไตรมาส" in html
    pdf = tmp_path / f"{stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "[1/1]" in out.getvalue()
    assert "A4" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout


def test_export_reports_refuses_an_empty_selection(seed_report, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_reports", "--out", str(tmp_path), "--fiscal-year", "2499", stdout=StringIO())


# The own date of each seed document, read off the source by hand: the memo prints
# "วันที่ ๑๕ มิถุนายน ๒๕๖๑" and presents the calendar and the monitoring report; the
# others print none and are dated with the end of the period they report on (the plan with
# the start of its period, 1 ต.ค. 2563).
SEED_DATES = {
    "quarterly-report": datetime.date(2020, 3, 31),  # seed 000: quarter 2 of FY 2563 ends 31 มี.ค. 2563
    "action-plan": datetime.date(2020, 10, 1),  # seed 001: plan of FY 2564 from 1 ต.ค. 2563
    "progress-report": datetime.date(2021, 3, 31),  # seed 001: 6 months to 31 มี.ค. 2564
    "ita-result": datetime.date(2023, 9, 30),  # seed 002: FY 2566 ends 30 ก.ย. 2566
    "calendar": datetime.date(2018, 6, 15),  # seed 003
    "monitoring-report": datetime.date(2018, 6, 15),  # seed 003
    "memo": datetime.date(2018, 6, 15),  # seed 003
}


def test_load_demo_dates_seed_documents_with_their_own_dates(db, settings, client, django_user_model):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    from django.utils import timezone

    from ita_portal import kinds

    seen = set()
    for slug, day in SEED_DATES.items():
        kind = kinds.get(slug)
        documents = list(kind.model.objects.all())
        assert documents, slug
        for document in documents:
            assert document.is_approved, slug
            assert timezone.localdate(document.reviewed_at) == day, slug
            assert timezone.localdate(document.submitted_at) == day, slug
            history = document.history.all()
            assert history and {timezone.localdate(h.history_date) for h in history} == {day}, slug
            seen.add(slug)
    assert seen == set(SEED_DATES)
    # A date the source does not print is said so to staff, with the date recorded instead.
    client.force_login(django_user_model.objects.get(username="admin"))
    report = QuarterlyReport.objects.get()
    page = client.get(report.get_staff_url()).content.decode()
    assert "ต้นฉบับไม่ระบุวันที่" in page
    assert "๓๑ มีนาคม ๒๕๖๓" in page
    memo = kinds.get("memo").model.objects.get()
    assert "ต้นฉบับไม่ระบุวันที่" not in client.get(memo.get_staff_url()).content.decode()

