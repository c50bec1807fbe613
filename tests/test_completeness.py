"""Completeness before submit: each kind's ``check_submit`` (``ita_portal.kinds``) lists, in
Thai, what its document still lacks; ``transitions.submit`` refuses an incomplete document
with that list and changes nothing; the staff page shows the list ("รายการที่ยังไม่ครบ") above
the submit button and, for a submitted document, to the director. Number fields of staff
forms say in Thai, beside the field, when what was typed is not a number.

The quarterly report's rules (``QuarterlyReport.missing``) are exercised through the client
on a new quarter-3 report of the seed-000 project (อบรม April–June 2563: activities ๑–๙ of the
project have ended by June, activity ๑๐ runs August–September)."""

from __future__ import annotations

import datetime
import html

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from ita_portal import kinds, thai
from ita_portal.forms import NUMBER_RANGE_MESSAGES, WHOLE_NUMBER_INVALID, thai_number_messages
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity
from tests.forms import form_data

STEP_NAMES = {
    "P": "ขั้นตอนที่ ๑ ขั้นวางแผนการดำเนินงาน (P)",
    "D": "ขั้นตอนที่ ๒ ขั้นปฏิบัติตามแผนการดำเนินงาน (D)",
    "C": "ขั้นตอนที่ ๓ ขั้นตรวจสอบ/ประเมินผล/นำผลมาวิเคราะห์ (C)",
    "A": "ขั้นตอนที่ ๔ ขั้นปรับปรุงแก้ไขการดำเนินงาน (A)",
}


@pytest.fixture
def q3_report(seed_report):
    """A new draft report of quarter 3 (April – June 2563) of the seed project: nothing in it yet."""
    # The seed project's totals disagree (tests/test_source_policy.py): its reason is given here.
    return QuarterlyReport.objects.create(project=seed_report.project, quarter=3, reporter_name="นางสาวธนพร มาใหม่",
                                          totals_reason="งบประมาณรายกิจกรรมรวมได้ไม่ถึงงบประมาณโครงการ")


def _submit(client, document):
    return client.post(reverse("staff:document_transition", args=[kinds.kind_of(document).slug, document.pk, "submit"]))


def _missing_list(page: str) -> list[str]:
    """The items of the workflow panel's "รายการที่ยังไม่ครบ" list, as text."""
    assert "รายการที่ยังไม่ครบ" in page
    block = page.split('id="missing-list"', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(item.split("</li>", 1)[0]) for item in block.split("<li>")[1:]]


def test_it_refuses_an_incomplete_quarterly_report_and_lists_each_gap_in_thai(cast, q3_report):
    client = cast.client_for("supervisor")
    # One step written with a month outside the quarter, one without its methods.
    PDCAStep.objects.create(report=q3_report, step="P", month=datetime.date(2020, 1, 1), methods="ประชุมวางแผน", status="done")
    PDCAStep.objects.create(report=q3_report, step="D", month=datetime.date(2020, 5, 1), methods="  ", status="in_progress")
    version = q3_report.version
    mail.outbox.clear()

    response = _submit(client, q3_report)

    assert response.status_code == 302
    report = QuarterlyReport.objects.get(pk=q3_report.pk)
    assert report.status == "draft" and report.submitted_at is None and report.version == version  # nothing changed
    assert mail.outbox == []
    page = client.get(report.get_staff_url()).text
    assert "เสนอเอกสารไม่ได้ เพราะยังไม่ครบ" in page  # the refusal, as a message
    gaps = _missing_list(page)
    pdca = "ปฏิทินการกำกับ ติดตามการดำเนินงาน "
    assert gaps[:4] == [
        f"{pdca}{STEP_NAMES['P']}: เดือนมกราคม ๒๕๖๓ อยู่นอกไตรมาสที่ ๓ (เมษายน – มิถุนายน ๒๕๖๓)",
        f"{pdca}{STEP_NAMES['D']}: ยังไม่ได้กรอกวิธีการดำเนินงาน",
        *(f"{pdca}{STEP_NAMES[letter]}: ยังไม่ได้กรอกขั้นตอนนี้ (ระยะเวลา วิธีการดำเนินงาน และสภาพการดำเนินงาน)" for letter in "CA"),
    ]
    ended = [a for a in report.project.activities.all() if a.end_month <= datetime.date(2020, 6, 1)]
    assert [a.number for a in ended] == list(range(1, 10))  # activity 10 runs August–September: not due
    assert gaps[4:] == [
        thai.to_thai_digits(f"๖. รายงานผลการดำเนินงาน กิจกรรมที่ {a.number} ") + f"{a.title}: ดำเนินการถึง"
        + thai.format_month_year(a.end_month, thai.THAI) + " แล้ว แต่ยังไม่ได้กรอกผลการดำเนินงาน"
        for a in ended
    ]
    assert 'aria-describedby="missing-list"' in page and "เสนอผู้อำนวยการ" in page  # the list is above the button
    assert page.index("รายการที่ยังไม่ครบ") < page.index("เสนอผู้อำนวยการ")


def test_once_filled_in_on_the_edit_page_the_report_is_submitted_and_the_director_sees_it_complete(cast, q3_report):
    client = cast.client_for("supervisor")
    edit = reverse("staff:report_edit", args=[q3_report.pk])
    data = form_data(client.get(edit))
    months = {"P": "2020-04-01", "D": "2020-05-01", "C": "2020-06-01", "A": "2020-06-01"}
    for letter, month in months.items():
        data.update({f"pdca-{letter}-month": month, f"pdca-{letter}-methods": f"วิธีการขั้น {letter}",
                     f"pdca-{letter}-status": "done", f"pdca-{letter}-outcome": "achieved"})
    for activity in q3_report.project.activities.all():
        if activity.number <= 9:
            data[f"result_{activity.pk}"] = f"ดำเนินการกิจกรรมที่ {activity.number} แล้ว"
    assert client.post(edit, data).status_code == 302
    assert QuarterlyReport.objects.get(pk=q3_report.pk).missing() == []
    assert "ความครบถ้วนของเอกสาร: ครบถ้วน" in client.get(q3_report.get_staff_url()).text

    _submit(client, q3_report)

    assert QuarterlyReport.objects.get(pk=q3_report.pk).status == "submitted"
    page = cast.client_for("director").get(q3_report.get_staff_url()).text
    assert "ความครบถ้วนของเอกสาร: ครบถ้วน" in page and "รายการที่ยังไม่ครบ" not in page


def test_the_director_sees_what_a_submitted_report_lacks(cast, q3_report):
    """A report submitted before this check existed (its rows are frozen once submitted, so
    nothing else makes a submitted report incomplete): the director sees its gaps beside the
    approve and return forms."""
    QuarterlyReport.objects.filter(pk=q3_report.pk).update(status="submitted")

    page = cast.client_for("director").get(q3_report.get_staff_url()).text

    gaps = _missing_list(page)
    assert len(gaps) == 4 + 9  # four PDCA steps, nine ended activities without a result
    assert gaps[0] == f"ปฏิทินการกำกับ ติดตามการดำเนินงาน {STEP_NAMES['P']}: ยังไม่ได้กรอกขั้นตอนนี้ (ระยะเวลา วิธีการดำเนินงาน และสภาพการดำเนินงาน)"
    assert "เอกสารนี้ยังขาดรายการต่อไปนี้" in page and "อนุมัติและลงนาม" in page
    assert "เสนอผู้อำนวยการ</button>" not in page


def test_a_report_with_no_result_for_any_begun_activity_is_incomplete(seed_report):
    """Quarter 2 of the seed: activities ๒–๙ run to June, ๑ ended in February. Without any
    result typed, the ended activity is named; once it has one, nothing is missing."""
    report = QuarterlyReport.objects.with_document().get(pk=seed_report.pk)
    assert report.missing() == []
    ActivityResult.objects.filter(report=report).delete()
    report = QuarterlyReport.objects.with_document().get(pk=seed_report.pk)
    assert [gap.split(":")[0] for gap in report.missing()] == [
        "๖. รายงานผลการดำเนินงาน กิจกรรมที่ ๑ การประชุมชี้แจงให้ปฏิบัติตามแนวทางการประเมิน ITA ปีงบประมาณ ๒๕๖๓"
    ]
    Activity.objects.filter(project=report.project, number=1).update(end_month=datetime.date(2020, 5, 1))
    report = QuarterlyReport.objects.with_document().get(pk=seed_report.pk)
    assert report.missing() == ["๖. รายงานผลการดำเนินงาน: ยังไม่ได้กรอกผลการดำเนินงานของกิจกรรมที่เริ่มแล้วเลย (กิจกรรมที่ ๑, ๒, ๓, ๔, ๕, ๖, ๗, ๘, ๙)"]
    QuarterlyReport.objects.filter(pk=report.pk).update(digit_system="arabic")  # the report's own digits
    assert QuarterlyReport.objects.with_document().get(pk=seed_report.pk).missing()[0].startswith("6. รายงานผลการดำเนินงาน")


# --- number fields ------------------------------------------------------------------------------


def test_letters_in_a_number_field_get_a_thai_message_beside_it_and_stay_typed(cast, seed_report):
    client = cast.client_for("supervisor")
    url = reverse("staff:project_edit", args=[seed_report.project_id])
    data = form_data(client.get(url))
    data["activities-0-number"] = "สิบ"
    data["risks-0-order"] = "abc"

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.text
    assert "Enter a whole number" not in page
    for name, typed in (("activities-0-number", "สิบ"), ("risks-0-order", "abc")):
        field = page.split(f'name="{name}"', 1)
        assert f'value="{typed}"' in field[1].split(">", 1)[0]  # the typed text is shown again
        assert WHOLE_NUMBER_INVALID in field[0][-1500:] + field[1][:1500]  # beside its field
    assert Activity.objects.get(project=seed_report.project, number=1)  # nothing saved


def test_every_number_field_gets_thai_messages_unless_it_has_its_own():
    plain = forms.IntegerField(min_value=1, max_value=5)
    decimal = forms.DecimalField(max_digits=4, decimal_places=1)
    own = forms.IntegerField(error_messages={"invalid": "ไตรมาสต้องเป็น 1, 2, 3 หรือ 4"})
    for field in (plain, decimal, own):
        thai_number_messages(field)
    with pytest.raises(forms.ValidationError) as error:
        plain.clean("abc")
    assert error.value.messages == [WHOLE_NUMBER_INVALID]
    with pytest.raises(forms.ValidationError) as error:
        plain.clean("9")
    assert error.value.messages == [NUMBER_RANGE_MESSAGES["max_value"] % {"limit_value": 5}]
    with pytest.raises(forms.ValidationError) as error:
        decimal.clean("12345")
    assert error.value.messages == ["ตัวเลขยาวเกิน 4 หลัก"]
    with pytest.raises(forms.ValidationError) as error:
        own.clean("x")
    assert error.value.messages == ["ไตรมาสต้องเป็น 1, 2, 3 หรือ 4"]


# --- every kind ---------------------------------------------------------------------------------

# What each kind's first seed document lacks, as the seeds are (tests/security_world.py): nothing.
# Each seed is an approved official document, printed whole.
SEED_GAPS: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.security_world import stubbed_world

    with stubbed_world(django_db_blocker, tmp_path_factory.mktemp("completeness-media")) as w:
        yield w


@pytest.mark.parametrize("slug", [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds()])
def test_every_kind_checks_its_seed_document_and_shows_the_result_on_its_staff_page(world, db, client, slug):
    from tests.security_world import rolled_back

    with rolled_back():
        kind = kinds.get(slug)
        assert kind.check_submit is not None, f"{slug} declares no check_submit"
        document = kind.fetch(kind.model.objects.order_by("pk").first().pk)
        gaps = kind.check_submit(document)
        assert gaps == SEED_GAPS.get(slug, [])
        client.force_login(world.cast.supervisor)
        page = client.get(document.get_staff_url()).text
        if gaps:
            assert _missing_list(page) == gaps
        else:
            assert "ความครบถ้วนของเอกสาร: ครบถ้วน" in page
