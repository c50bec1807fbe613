"""load_demo and export_reports."""

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
