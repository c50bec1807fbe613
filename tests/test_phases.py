"""The ITAS calendar of a framework (``AssessmentPhase``): the current phase and the days left
on the landing page (งานของฉัน) and the OIT checklist page, the administrator's dates (an end
before the start refused beside the field) and ``send_phase_reminders`` (once per phase and
person, whatever the number of runs).

"Today" is the portal's local date (``timezone.localdate``), set per test with ``monkeypatch``.
The framework (OBEC, fiscal year 2570) and its phases are made here, not read from a fixture:
registration 1 Jan – 28 Feb 2027, OIT answers 1 Mar – 31 May 2027 (reminder 12 days before
its end), clarification 10 – 15 Jun 2027 (5 days before), results 15 Aug 2027 (no reminder).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from assessments.models import AssessmentPhase, Framework, OITChecklist, PhaseReminder
from ita_portal.models import Membership, Organization
from tests.conftest import Cast

D = datetime.date


@pytest.fixture
def framework(db):
    framework = Framework.objects.create(assessing_body="obec", fiscal_year=2570, name="ITA Online ปีงบประมาณ 2570")
    for kind, start, end, remind in (
        ("registration", D(2027, 1, 1), D(2027, 2, 28), 7),
        ("oit_answer", D(2027, 3, 1), D(2027, 5, 31), 12),
        ("clarification", D(2027, 6, 10), D(2027, 6, 15), 5),
        ("results", D(2027, 8, 15), D(2027, 8, 15), None),
    ):
        AssessmentPhase.objects.create(framework=framework, kind=kind, starts_on=start, ends_on=end, remind_days_before=remind)
    return framework


@pytest.fixture
def office(framework):
    organization = Organization.objects.create(code="spp-phase-1", name="สำนักงานเขตพื้นที่การศึกษาทดสอบปฏิทิน", short_name="สพป.ทดสอบปฏิทิน")
    checklist = OITChecklist.objects.create(organization=organization, framework=framework)
    return Cast(organization), checklist


def _today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def _landing(cast, role="supervisor"):
    response = cast.client_for(role).get(reverse("staff:my_work"))
    assert response.status_code == 200
    return response.text


# --- the current phase on the pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 3), "ช่วงถัดไป: ช่วงลงทะเบียนและปรับปรุงข้อมูลหน่วยงาน — เริ่ม 1 ม.ค. 2570 (อีก 29 วัน)"),
        (D(2027, 1, 1), "ขณะนี้: ช่วงลงทะเบียนและปรับปรุงข้อมูลหน่วยงาน — เหลือ 58 วัน (ถึง 28 ก.พ. 2570)"),
        (D(2027, 3, 1), "ขณะนี้: ช่วงตอบแบบ OIT — เหลือ 91 วัน (ถึง 31 พ.ค. 2570)"),
        (D(2027, 5, 19), "ขณะนี้: ช่วงตอบแบบ OIT — เหลือ 12 วัน (ถึง 31 พ.ค. 2570)"),
        (D(2027, 5, 31), "ขณะนี้: ช่วงตอบแบบ OIT — วันนี้เป็นวันสุดท้าย (31 พ.ค. 2570)"),
        # between two phases: the next one and when it starts
        (D(2027, 6, 1), "ช่วงถัดไป: ช่วงชี้แจงผลคะแนน OIT — เริ่ม 10 มิ.ย. 2570 (อีก 9 วัน)"),
        (D(2027, 8, 15), "ขณะนี้: ช่วงประกาศผลการประเมิน — วันนี้เป็นวันสุดท้าย (15 ส.ค. 2570)"),
    ],
)
def test_it_shows_the_current_or_next_phase_and_the_days_left_on_the_landing_page(office, monkeypatch, day, expected):
    cast, _checklist = office
    _today(monkeypatch, day)
    html = _landing(cast)
    assert expected in html
    assert "ITA ปีงบประมาณ 2570" in html
    assert "กำหนดการยังไม่ได้ยืนยัน" in html  # the phases were made provisional (the default)
    assert reverse("assessments:index") in html  # the next step


def test_it_shows_no_phase_once_every_phase_has_ended_or_in_another_fiscal_year(office, monkeypatch):
    cast, _checklist = office
    for day in (D(2027, 8, 16), D(2027, 10, 1), D(2026, 9, 30)):  # after the results; FY 2571; FY 2569
        _today(monkeypatch, day)
        html = _landing(cast)
        assert "ขณะนี้:" not in html and "ช่วงถัดไป:" not in html, day


def test_people_without_a_membership_see_no_phase(office, monkeypatch):
    cast, _checklist = office
    _today(monkeypatch, D(2027, 5, 19))
    assert "ขณะนี้:" not in _landing(cast, "outsider")
    assert "ขณะนี้:" in _landing(cast, "director")


def test_of_overlapping_phases_the_one_ending_first_is_current(framework, office, monkeypatch):
    cast, _checklist = office
    AssessmentPhase.objects.create(
        framework=framework, kind="iit_eit", starts_on=D(2027, 2, 1), ends_on=D(2027, 3, 20), remind_days_before=None
    )
    _today(monkeypatch, D(2027, 3, 5))
    assert "ขณะนี้: ช่วงเก็บข้อมูลแบบวัด IIT และ EIT — เหลือ 15 วัน (ถึง 20 มี.ค. 2570)" in _landing(cast)


def test_the_checklist_page_shows_the_phase_in_the_checklists_digits_and_the_calendar(office, monkeypatch):
    cast, checklist = office
    OITChecklist.objects.filter(pk=checklist.pk).update(digit_system="thai")
    _today(monkeypatch, D(2027, 5, 19))
    html = cast.client_for("supervisor").get(reverse("assessments:checklist", args=[checklist.pk])).text
    assert "ขณะนี้: ช่วงตอบแบบ OIT — เหลือ ๑๒ วัน (ถึง ๓๑ พ.ค. ๒๕๗๐)" in html
    assert 'ช่วงชี้แจงผลคะแนน OIT: <span class="nowrap">๑๐ มิ.ย. ๒๕๗๐</span> – <span class="nowrap">๑๕ มิ.ย. ๒๕๗๐</span>' in html
    assert 'ช่วงประกาศผลการประเมิน: <span class="nowrap">๑๕ ส.ค. ๒๕๗๐</span> <span' in html  # one day: no range


# --- the administrator's dates -------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_beside_the_end_date(admin_client, framework):
    url = reverse("admin:assessments_assessmentphase_add")
    data = {
        "framework": framework.pk, "kind": "scoring", "starts_on": "2027-06-10", "ends_on": "2027-06-01",
        "remind_days_before": "", "verification": "provisional", "note": "", "source": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["ends_on"]
    row = re.search(r'<div class="form-row[^"]*field-ends_on.*?(?=<div class="form-row)', response.text, re.S)
    assert row and "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น (10 มิ.ย. 2570)" in row.group(0)
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น" not in response.text.replace(row.group(0), "")
    assert not AssessmentPhase.objects.filter(kind="scoring").exists()
    data["ends_on"] = "2027-06-10"  # a one-day phase is allowed
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert AssessmentPhase.objects.get(kind="scoring").ends_on == D(2027, 6, 10)


def test_the_framework_page_edits_its_calendar_with_thai_labels(admin_client, framework):
    html = admin_client.get(reverse("admin:assessments_framework_change", args=[framework.pk])).text
    for label in ("ช่วงการประเมิน", "วันเริ่มต้น", "วันสิ้นสุด", "แจ้งเตือนทางอีเมลก่อนวันสิ้นสุด (วัน)", "ตอบแบบ OIT"):
        assert label in html


# --- reminders ------------------------------------------------------------------------------------


def _run(day: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_phase_reminders", "--date", day, stdout=out)
    return out.getvalue()


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_command_sends_once_per_phase_and_person_across_runs_and_days(office, framework):
    cast, _checklist = office
    # the director also directs a second office assessed under the framework: still one mail
    second = Organization.objects.create(code="spp-phase-2", name="สำนักงานทดสอบปฏิทิน ๒", short_name="สพป.ทดสอบ ๒")
    OITChecklist.objects.create(organization=second, framework=framework)
    Membership.objects.create(user=cast.director, organization=second, role="director")

    assert "sent 0" in _run("2027-05-18")  # 13 days before the end of the OIT answers: not yet
    assert mail.outbox == []
    assert "sent 2" in _run("2027-05-19")  # 12 days before
    assert _recipients() == ["dir@example.com", "sup@example.com"]  # not the viewer, not the other office
    subject = mail.outbox[0].subject
    assert "ช่วงตอบแบบ OIT" in subject and "31 พฤษภาคม 2570" in subject and "เหลือ 12 วัน" in subject
    for day in ("2027-05-19", "2027-05-25", "2027-05-31", "2027-06-01", "2027-06-09"):
        assert "sent 0" in _run(day), day
    assert len(mail.outbox) == 2
    assert "sent 2" in _run("2027-06-12")  # the clarification's reminder: its own once
    assert "ช่วงชี้แจงผลคะแนน OIT" in mail.outbox[2].subject
    assert "sent 0" in _run("2027-06-13")
    assert "sent 0" in _run("2027-08-15")  # the results: no reminder
    assert PhaseReminder.objects.count() == 4


def test_a_missed_day_is_made_up_while_the_phase_lasts_but_not_after(office):
    assert "sent 2" in _run("2027-05-30")
    assert "sent 0" in _run("2027-05-31")
    PhaseReminder.objects.all().delete()
    mail.outbox.clear()
    assert "sent 0" in _run("2027-06-01")  # ended yesterday


def test_a_new_supervisor_is_reminded_on_a_later_run_the_others_are_not(office):
    cast, _checklist = office
    _run("2027-05-20")
    assert len(mail.outbox) == 2
    newcomer = type(cast.supervisor).objects.create_user("sup-new", "sup-new@example.com", "pw-not-used-1")
    Membership.objects.create(user=newcomer, organization=cast.organization, role="supervisor")
    assert "sent 1" in _run("2027-05-21")
    assert mail.outbox[-1].to == ["sup-new@example.com"]


def test_a_failed_mail_is_not_recorded_and_is_sent_on_the_next_run(office, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("assessments.reminders.send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        _run("2027-05-20")
    assert PhaseReminder.objects.count() == 0
    monkeypatch.undo()
    assert "sent 2" in _run("2027-05-21")


def test_a_malformed_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _run("20/05/2570")


# --- the seeded calendars ---------------------------------------------------------------------


def test_the_nacc_2568_to_2570_fixtures_load_their_calendars_with_their_confidence(db):
    from ita_portal.seeds import load_seed
    from tests.assessments_fixtures import FIXTURES

    for year in (2568, 2569, 2570):
        load_seed(FIXTURES / f"seed_0000_framework_nacc_{year}.json")
    phases = {
        (p.framework.fiscal_year, p.kind): p
        for p in AssessmentPhase.objects.select_related("framework").filter(framework__assessing_body="nacc")
    }
    results_2568 = phases[(2568, "results")]
    assert (results_2568.starts_on, results_2568.ends_on, results_2568.verification) == (D(2025, 8, 15), D(2025, 8, 15), "secondary")
    answers_2570 = phases[(2570, "oit_answer")]
    assert (answers_2570.starts_on, answers_2570.ends_on) == (D(2027, 3, 1), D(2027, 4, 30))
    assert phases[(2569, "registration")].ends_on == D(2026, 2, 28)
    assert {p.verification for (year, _kind), p in phases.items() if year == 2570} == {"provisional"}
    assert phases[(2568, "oit_answer")].verification == "provisional"  # the 2565 pattern, not a source of 2568
    assert "S-CAL65" in answers_2570.source


# --- the administrator's calendar page -----------------------------------------------------------


def _calendar_url(framework):
    return reverse("assessments:framework_calendar", args=[framework.pk])


def test_only_an_administrator_opens_the_calendar_page(office, framework):
    cast, _checklist = office
    for role in ("supervisor", "director", "viewer", "outsider"):
        assert cast.client_for(role).get(_calendar_url(framework)).status_code == 403, role
    page = cast.client_for("superuser").get(_calendar_url(framework))
    assert page.status_code == 200
    assert 'ช่วงตอบแบบ OIT: <span class="nowrap">1 มี.ค. 2570</span> – <span class="nowrap">31 พ.ค. 2570</span>' in page.text
    assert reverse("assessments:index") in page.text  # breadcrumbs and the way back


def test_the_calendar_page_moves_a_phase_and_refuses_an_end_before_its_start_beside_the_field(office, framework):
    from tests.forms import form_data

    cast, _checklist = office
    client = cast.client_for("superuser")
    url = _calendar_url(framework)
    data = form_data(client.get(url))
    assert data["phases-1-kind"] == "oit_answer"
    data["phases-1-ends_on"] = "2027-02-15"
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["formset"].forms[1].errors == {"ends_on": ["วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น (1 มี.ค. 2570)"]}
    field = re.search(r'id="div_id_phases-1-ends_on".*?(?=id="div_id_phases-1-remind_days_before")', page.text, re.S)
    assert field and "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น (1 มี.ค. 2570)" in field.group(0)
    assert AssessmentPhase.objects.get(framework=framework, kind="oit_answer").ends_on == D(2027, 5, 31)

    data["phases-1-ends_on"] = "2027-06-07"  # ITAS extended the OIT answers
    data.update({"phases-4-kind": "scoring", "phases-4-starts_on": "2027-06-16", "phases-4-ends_on": "2027-06-30"})
    page = client.post(url, data)
    assert page.status_code == 302
    assert AssessmentPhase.objects.get(framework=framework, kind="oit_answer").ends_on == D(2027, 6, 7)
    assert AssessmentPhase.objects.get(framework=framework, kind="scoring").remind_days_before is None


def test_the_calendar_page_refuses_a_second_phase_of_a_kind_beside_it(office, framework):
    from tests.forms import form_data

    cast, _checklist = office
    client = cast.client_for("superuser")
    data = form_data(client.get(_calendar_url(framework)))
    data.update({"phases-4-kind": "oit_answer", "phases-4-starts_on": "2027-07-01", "phases-4-ends_on": "2027-07-02"})
    page = client.post(_calendar_url(framework), data)
    assert page.status_code == 200
    assert list(page.context["formset"].forms[4].errors) == ["kind"]
    assert AssessmentPhase.objects.filter(framework=framework, kind="oit_answer").count() == 1
