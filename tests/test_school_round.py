"""The school OIT round (การประเมิน OIT ของสถานศึกษาในสังกัด): an educational service area
office's assessors score the OIT items of its schools, the schools clarify what failed, the
assessors decide, and who may see or do what on the way.

The world is made here: an OBEC framework of fiscal year 2570 with items O1–O4 (sub-indicator
9.1: O1, O2; 9.2: O3, O4); an office "สพป.ทดสอบโรงเรียน" with three schools (two with a
checklist, one without), and another office with one school of its own. Users: the school's
cast (``Cast``: supervisor = the responsible teacher, director = the school director,
viewer), the office's assessor and a reader (viewer) of the office, another office's assessor.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import (
    ChecklistEntry, DisclosureItem, Evidence, Framework, Indicator, ItemVerdict, OITChecklist, SubIndicator, Tool,
)
from ita_portal.models import Membership, Organization
from tests.conftest import LOGIN, Cast, outcome
from tests.forms import form_data, post_forms


def _org(code, name, parent=None, level="school"):
    return Organization.objects.create(code=code, name=name, short_name=name, parent=parent, level=level)


def _member(username, organization, role):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-not-used-1", first_name=username)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def world(db):
    framework = Framework.objects.create(assessing_body="obec", fiscal_year=2570, name="ITA Online สถานศึกษา ปีงบประมาณ 2570")
    oit = Tool.objects.create(framework=framework, code="OIT", weight=40, order=1)
    i9 = Indicator.objects.create(framework=framework, tool=oit, number=9, name="การเปิดเผยข้อมูล")
    s91 = SubIndicator.objects.create(indicator=i9, number="9.1", name="ข้อมูลพื้นฐาน", order=1)
    s92 = SubIndicator.objects.create(indicator=i9, number="9.2", name="การบริหารงาน", order=2)
    for n, sub in enumerate((s91, s91, s92, s92), start=1):
        DisclosureItem.objects.create(framework=framework, sub_indicator=sub, code=f"O{n}", order=n, title=f"ข้อมูลสถานศึกษาข้อ {n}")
    office = _org("spp-school-round", "สพป.ทดสอบโรงเรียน", level="area_office")
    school = _org("school-a", "โรงเรียนทดสอบเอ", office)
    school_b = _org("school-b", "โรงเรียนทดสอบบี", office)
    _org("school-c", "โรงเรียนทดสอบซี", office)  # no checklist yet
    other_office = _org("spp-school-other", "สพป.อื่นทดสอบ", level="area_office")
    other_school = _org("school-z", "โรงเรียนอื่นทดสอบ", other_office)
    checklists = {}
    for org in (school, school_b, other_school):
        checklists[org.code] = OITChecklist.objects.create(organization=org, framework=framework)
        checklists[org.code].ensure_entries()
    cast = Cast(school)
    return {
        "framework": framework, "office": office, "school": school, "checklist": checklists["school-a"],
        "checklist_b": checklists["school-b"], "other_checklist": checklists["school-z"], "cast": cast,
        "assessor": _member("assessor", office, "assessor"),
        "office_reader": _member("office-reader", office, "viewer"),
        "other_assessor": _member("other-assessor", other_office, "assessor"),
    }


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _entry(checklist, code):
    return ChecklistEntry.objects.get(checklist=checklist, item__code=code)


def _publish(world, code, url):
    """The school's responsible teacher adds evidence and marks the item ready; the school
    director approves it — the existing flow, through the pages."""
    checklist, cast = world["checklist"], world["cast"]
    entry = _entry(checklist, code)
    page_url = reverse("assessments:entry", args=[checklist.pk, entry.pk])
    sup = cast.client_for("supervisor")
    data = form_data(sup.get(page_url))
    data.update({"entry-status": "done", "entry-score": "100", "evidence-title": f"หลักฐาน {code}", "evidence-url": url})
    assert sup.post(page_url, data).status_code == 302
    director = cast.client_for("director")
    action, values = next((a, v) for a, v in post_forms(director.get(page_url)) if a and "approve" in a)
    assert director.post(action, values).status_code == 302
    assert Evidence.objects.filter(entry=entry, approved_at__isnull=False).exists()


def _assess(client, checklist, verdicts: dict):
    """The assessor fills the school's page: ``{code: ("pass"|"fail", reason, advice)}``."""
    url = reverse("assessments:school_checklist", args=[checklist.pk])
    data = form_data(client.get(url))
    for code, (passed, reason, advice) in verdicts.items():
        pk = _entry(checklist, code).pk
        data.update({f"passed_{pk}": passed, f"reason_{pk}": reason, f"advice_{pk}": advice})
    return client.post(url, data)


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("anonymous", LOGIN, LOGIN),
        ("school_supervisor", 200, 403),  # the school reads its own results, never scores itself
        ("school_director", 200, 403),
        ("office_reader", 200, 403),  # the office's other members read only
        ("assessor", 200, 302),
        ("other_assessor", 404, 404),  # another office sees nothing
        ("outsider", 404, 404),
    ],
)
def test_who_reads_and_who_scores_a_schools_checklist(world, client, who, get, post):
    users = {
        "anonymous": None, "school_supervisor": world["cast"].supervisor, "school_director": world["cast"].director,
        "office_reader": world["office_reader"], "assessor": world["assessor"],
        "other_assessor": world["other_assessor"], "outsider": world["cast"].outsider,
    }
    client = _client(client, users[who])
    checklist = world["checklist"]
    url = reverse("assessments:school_checklist", args=[checklist.pk])
    assert outcome(client.get(url)) == get
    o1 = _entry(checklist, "O1")
    data = {"shown": "4", f"passed_{o1.pk}": "fail", f"reason_{o1.pk}": "ไม่พบข้อมูล"}
    assert outcome(client.post(url, data)) == post
    assert ItemVerdict.objects.filter(entry=o1).exists() == (post == 302)


def test_the_office_cannot_edit_the_schools_evidence_and_another_office_sees_nothing(world, client):
    checklist = world["checklist"]
    entry = _entry(checklist, "O1")
    entry_url = reverse("assessments:entry", args=[checklist.pk, entry.pk])
    for user in (world["assessor"], world["office_reader"], world["other_assessor"]):
        client.force_login(user)
        assert client.get(entry_url).status_code == 404
        assert client.post(entry_url, {"evidence-title": "x", "evidence-url": "https://example.go.th/x"}).status_code == 404
        assert client.get(reverse("assessments:checklist", args=[checklist.pk])).status_code == 404
    assert not Evidence.objects.filter(entry=entry).exists()
    client.force_login(world["other_assessor"])
    assert client.get(reverse("assessments:schools", args=[world["office"].pk])).status_code == 404
    client.force_login(world["cast"].supervisor)  # a school sees only itself
    assert client.get(reverse("assessments:schools", args=[world["office"].pk])).status_code == 404
    assert client.get(reverse("assessments:school_checklist", args=[world["checklist_b"].pk])).status_code == 404


def test_an_assessor_of_a_school_is_only_a_reader_of_the_office_itself(world, client):
    client.force_login(world["assessor"])
    assert client.get(reverse("assessments:index")).status_code == 200
    assert client.get(reverse("staff:my_work")).status_code == 200


def test_the_public_sees_only_approved_items(world, client):
    _publish(world, "O1", "https://school-a.example.go.th/o1")
    checklist = world["checklist"]
    Evidence.objects.create(entry=_entry(checklist, "O2"), title="ยังไม่อนุมัติ", url="https://school-a.example.go.th/o2")
    client.logout()
    page = client.get(reverse("oit:organization_year", args=["school-a", 2570])).content.decode()
    assert "https://school-a.example.go.th/o1" in page
    assert "https://school-a.example.go.th/o2" not in page
    assert client.get(reverse("assessments:school_checklist", args=[checklist.pk])).status_code == 302  # sign in first


# --- the round ----------------------------------------------------------------------------


def test_the_round_from_checklist_to_the_confirmed_final_verdict(world, client):
    checklist = world["checklist"]
    _publish(world, "O1", "https://school-a.example.go.th/o1")
    _publish(world, "O2", "https://school-a.example.go.th/o2")
    assessor = _client(client, world["assessor"])

    # the assessor sees the published evidence on the school's page and records the verdicts
    page = assessor.get(reverse("assessments:school_checklist", args=[checklist.pk])).content.decode()
    assert "https://school-a.example.go.th/o1" in page
    response = _assess(assessor, checklist, {
        "O1": ("pass", "", ""),
        "O2": ("fail", "ไม่พบคำสั่งแต่งตั้ง", "เผยแพร่คำสั่งแต่งตั้งคณะทำงาน"),
        "O3": ("fail", "ไม่มีข้อมูล", "จัดทำแผนปฏิบัติการประจำปี"),
        "O4": ("pass", "", ""),
    })
    assert response.status_code == 302
    stored = ItemVerdict.objects.filter(entry__checklist=checklist, round="preliminary")
    assert stored.count() == 4 and set(stored.values_list("assessed_by", flat=True)) == {world["assessor"].pk}

    # the school sees the reason and the advice on its own checklist
    sup = world["cast"].client_for("supervisor")
    own = sup.get(reverse("assessments:checklist", args=[checklist.pk])).content.decode()
    assert "ไม่ผ่าน: ไม่พบคำสั่งแต่งตั้ง ข้อเสนอแนะ: เผยแพร่คำสั่งแต่งตั้งคณะทำงาน" in own

    # before the school's director approves a clarification, the assessor cannot decide
    o2 = _entry(checklist, "O2")
    item_url = reverse("assessments:school_item", args=[checklist.pk, o2.pk])
    assert "บันทึกผลการพิจารณา</button>" not in assessor.get(item_url).content.decode()

    # the school clarifies O2 on its clarification pages (existing flow), its director approves
    clarify_url = reverse("assessments:clarification_item", args=[checklist.pk, o2.pk])
    data = form_data(sup.get(clarify_url))
    data["c-clarification"] = "โรงเรียนเผยแพร่คำสั่งแต่งตั้งแล้วที่หน้าข่าวประชาสัมพันธ์"
    assert sup.post(clarify_url, data).status_code == 302
    assert sup.post(reverse("assessments:clarification_submit", args=[checklist.pk])).status_code == 302
    director = world["cast"].client_for("director")
    assert director.post(reverse("assessments:clarification_review", args=[checklist.pk]), {"decision": "approve"}).status_code == 302

    # the school cannot decide on its own clarification here; the office reader neither
    for user in (world["cast"].supervisor, world["office_reader"]):
        other = world["cast"].client_for("anonymous")
        other.force_login(user)
        assert other.post(item_url, {"o-outcome": "accepted"}).status_code == 403

    # the assessor reads the clarification and accepts it: the final verdict of O2 is a pass
    page = assessor.get(item_url)
    assert "โรงเรียนเผยแพร่คำสั่งแต่งตั้งแล้ว" in page.content.decode()
    data = form_data(page)
    data.update({"o-outcome": "accepted", "o-outcome_note": "พบคำสั่งตามที่ชี้แจง"})
    assert assessor.post(item_url, data).status_code == 302
    final = ItemVerdict.objects.get(entry=o2, round="final")
    assert final.passed is True and final.assessed_by == world["assessor"]

    # the office's list counts it: 2 of 4 items with approved evidence, 4 verdicts, 2 failed,
    # 1 final — in the office's digits (Thai by default)
    listing = assessor.get(reverse("assessments:schools", args=[world["office"].pk])).content.decode()
    row = listing.split('data-school="school-a"')[1].split("</tr>")[0]
    assert '<td data-label="ข้อที่มีหลักฐานอนุมัติแล้ว / ทั้งหมด" class="n-approved">๒ / ๔</td>' in row
    assert 'class="n-verdicts">๔</td>' in row and 'class="n-failed">๒</td>' in row and 'class="n-final">๑</td>' in row


def test_the_offices_list_shows_hand_counted_figures_per_school(world, client):
    checklist_b = world["checklist_b"]
    o1, o2, o3 = (_entry(checklist_b, c) for c in ("O1", "O2", "O3"))
    # school B: O1 has two approved pieces of evidence and one not approved, O2 one not approved
    # → 1 item with approved evidence; verdicts O1 pass, O3 fail → 2 recorded, 1 failed
    for title, approved in (("ก", True), ("ข", True), ("ค", False)):
        Evidence.objects.create(entry=o1, title=title, url="https://b.example.go.th/" + title, approved_at="2027-01-05T10:00Z" if approved else None)
    Evidence.objects.create(entry=o2, title="ง", url="https://b.example.go.th/d")
    ItemVerdict.objects.create(entry=o1, round="preliminary", passed=True)
    ItemVerdict.objects.create(entry=o3, round="preliminary", passed=False, reason="ไม่มีข้อมูล")
    client.force_login(world["office_reader"])
    page = client.get(reverse("assessments:schools", args=[world["office"].pk])).content.decode()
    row_b = page.split('data-school="school-b"')[1].split("</tr>")[0]
    assert 'class="n-approved">๑ / ๔</td>' in row_b
    assert 'class="n-verdicts">๒</td>' in row_b
    assert 'class="n-failed">๑</td>' in row_b and 'class="n-final">๐</td>' in row_b
    row_a = page.split('data-school="school-a"')[1].split("</tr>")[0]
    assert 'class="n-approved">๐ / ๔</td>' in row_a and 'class="n-verdicts">๐</td>' in row_a
    row_c = page.split('data-school="school-c"')[1].split("</tr>")[0]
    assert "ยังไม่เริ่มแบบตรวจ" in row_c
    assert "school-z" not in page  # another office's school


def test_the_office_reaches_the_list_from_its_ita_index_and_the_assessor_from_my_work(world, client):
    url = reverse("assessments:schools", args=[world["office"].pk])
    client.force_login(world["office_reader"])
    assert url in client.get(reverse("assessments:index")).content.decode()
    client.force_login(world["assessor"])
    assert url in client.get(reverse("staff:my_work")).content.decode()
    client.force_login(world["cast"].supervisor)  # a school has no units: no link
    assert url not in client.get(reverse("assessments:index")).content.decode()


def test_the_school_cannot_rewrite_the_offices_verdict_on_its_itas_transcription_page(world, client):
    checklist = world["checklist"]
    assert _assess(_client(client, world["assessor"]), checklist, {"O2": ("fail", "ไม่พบข้อมูล", "เผยแพร่ข้อมูล")}).status_code == 302
    sup = world["cast"].client_for("supervisor")
    url = reverse("assessments:verdicts", args=[checklist.pk, "preliminary"])
    data = form_data(sup.get(url))
    o2 = _entry(checklist, "O2")
    data[f"passed_{o2.pk}"] = "pass"
    response = sup.post(url, data)
    assert response.status_code == 200
    assert "ข้อนี้ผู้ประเมินของหน่วยงานต้นสังกัดบันทึกผลไว้" in response.content.decode()
    verdict = ItemVerdict.objects.get(entry=o2, round="preliminary")
    assert verdict.passed is False and verdict.assessed_by == world["assessor"]


def test_a_rejected_clarification_makes_the_final_verdict_a_fail_with_the_assessors_note(world, client):
    checklist = world["checklist"]
    assessor = _client(client, world["assessor"])
    assert _assess(assessor, checklist, {"O3": ("fail", "ไม่มีแผนปฏิบัติการ", "จัดทำแผน")}).status_code == 302
    o3 = _entry(checklist, "O3")
    sup = world["cast"].client_for("supervisor")
    clarify_url = reverse("assessments:clarification_item", args=[checklist.pk, o3.pk])
    data = form_data(sup.get(clarify_url))
    data["c-clarification"] = "อยู่ระหว่างจัดทำ"
    assert sup.post(clarify_url, data).status_code == 302
    assert sup.post(reverse("assessments:clarification_submit", args=[checklist.pk])).status_code == 302
    director = world["cast"].client_for("director")
    assert director.post(reverse("assessments:clarification_review", args=[checklist.pk]), {"decision": "approve"}).status_code == 302
    item_url = reverse("assessments:school_item", args=[checklist.pk, o3.pk])
    data = form_data(assessor.get(item_url))
    data.update({"o-outcome": "rejected", "o-outcome_note": "ยังไม่พบแผนที่เผยแพร่"})
    assert assessor.post(item_url, data).status_code == 302
    final = ItemVerdict.objects.get(entry=o3, round="final")
    assert final.passed is False and final.reason == "ยังไม่พบแผนที่เผยแพร่"
    page = sup.get(reverse("assessments:checklist", args=[checklist.pk])).content.decode()
    assert "ผลสุดท้าย" in page and "ไม่ผ่าน: ยังไม่พบแผนที่เผยแพร่" in page


def test_the_school_clarifies_only_within_the_offices_clarification_window(world, client):
    import datetime

    from django.utils import timezone

    from assessments.models import AssessmentPhase

    checklist = world["checklist"]
    today = timezone.localdate()
    phase = AssessmentPhase.objects.create(
        framework=world["framework"], kind="clarification",
        starts_on=today - datetime.timedelta(days=10), ends_on=today - datetime.timedelta(days=1),
    )
    assessor = _client(client, world["assessor"])
    assert _assess(assessor, checklist, {"O1": ("fail", "ไม่พบข้อมูล", "เผยแพร่ข้อมูล")}).status_code == 302
    sup = world["cast"].client_for("supervisor")
    clarify_url = reverse("assessments:clarification_item", args=[checklist.pk, _entry(checklist, "O1").pk])
    page = sup.get(clarify_url).content.decode()
    assert "หมดเขตส่งคำชี้แจงแล้วเมื่อ" in page and 'name="c-clarification"' not in page
    # the window is moved to end today (framework editing): the school may clarify
    phase.ends_on = today
    phase.save()
    data = form_data(sup.get(clarify_url))
    data["c-clarification"] = "โรงเรียนเผยแพร่ข้อมูลแล้ว"
    assert sup.post(clarify_url, data).status_code == 302
    assert ItemVerdict.objects.get(entry__checklist=checklist, entry__item__code="O1", round="preliminary").clarification
