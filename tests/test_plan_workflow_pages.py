"""Staff pages of the action plan, progress report, calendar, monitoring report and memo:
forms that keep what was typed, the activity tree edited in place with derived numbers,
the approval workflow (submit → approve / return, frozen, stored PDF with SHA-256),
drafts private and approved documents public, and the audit history."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from ita_portal.seeds import load_seed
from ita_portal.workflow import FrozenDocumentError
from monitoring.calendar import Memo, MonitoringCalendar, ResponsibleGroup, MonitoringReport
from ita_portal import transitions as services
from monitoring.dashboard_views import other_documents
from monitoring.progress import ProgressReport
from plans.action_plans import ActionPlan, PlanActivity
from tests.conftest import LOGIN, Cast, outcome
from tests.forms import form_data
from tests.seed_support import SEED_001, SEED_003


# Who may open an edit page: the owner (a supervisor of the organization) 200, a member
# without the right 403, outsiders 404, anonymous visitors to the sign-in page.
EDIT_ACCESS = [("supervisor", 200), ("director", 403), ("viewer", 403), ("other_supervisor", 404), ("outsider", 404), ("anonymous", LOGIN)]


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    """Approval renders the PDF once; these tests check the workflow, not WeasyPrint."""
    monkeypatch.setattr(services, "render_pdf", lambda template, context: b"%PDF-1.7 " + template.encode())


@pytest.fixture
def plan_docs(db):
    docs = load_seed(SEED_001)["documents"]
    plan = next(d for d in docs if isinstance(d, ActionPlan))
    return plan, next(d for d in docs if isinstance(d, ProgressReport))


@pytest.fixture
def people(plan_docs):
    return Cast(plan_docs[0].organization)


def approve(document, people):
    services.submit(document, by=people.supervisor)
    return services.approve(document, by=people.director)


# --- the workflow ------------------------------------------------------------------------


def test_it_publishes_a_plan_only_when_approved(client, plan_docs, people):
    plan, _ = plan_docs
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(plan.get_pdf_url()).status_code == 404
    plan = approve(plan, people)
    assert plan.is_approved and plan.approver_name == (plan.organization.director_name or people.director.get_full_name())
    assert plan.approved_pdf_sha256 == hashlib.sha256(b"%PDF-1.7 documents/pdf.html").hexdigest()
    assert client.get(plan.get_absolute_url()).status_code == 200
    response = client.get(plan.get_pdf_url())
    assert response["X-Content-SHA256"] == plan.approved_pdf_sha256


def test_an_approved_plan_and_its_activities_are_frozen(plan_docs, people):
    plan, _ = plan_docs
    approve(plan, people)
    activity = PlanActivity.objects.filter(plan=plan).first()
    activity.title = "แก้ไขหลังอนุมัติ"
    with pytest.raises(FrozenDocumentError):
        activity.save()
    with pytest.raises(FrozenDocumentError):
        PlanActivity.objects.filter(plan=plan).update(title="x")


def test_a_progress_report_waits_for_its_plan(plan_docs, people):
    plan, report = plan_docs
    services.submit(report, by=people.supervisor)
    with pytest.raises(services.TransitionError, match="แผนปฏิบัติการของรายงานนี้ยังไม่ได้รับอนุมัติ"):
        services.approve(report, by=people.director)
    approve(plan, people)
    report = services.approve(report, by=people.director)
    assert report.is_approved and report.approved_pdf_sha256


def test_only_the_right_roles_move_a_plan(plan_docs, people):
    plan, _ = plan_docs
    with pytest.raises(services.TransitionError):
        services.submit(plan, by=people.director)
    services.submit(plan, by=people.supervisor)
    with pytest.raises(services.TransitionError):
        services.approve(plan, by=people.supervisor)
    with pytest.raises(services.TransitionError, match="กรุณาระบุเหตุผล"):
        services.return_(plan, by=people.director, comment=" ")
    plan = services.return_(plan, by=people.director, comment="แก้ไขข้อ 3")
    assert plan.status == "returned" and plan.review_comment == "แก้ไขข้อ 3"


@pytest.mark.parametrize(
    ("role", "submit", "approve_status"),
    [
        ("supervisor", 302, 403), ("director", 403, 302), ("viewer", 403, 403), ("other_supervisor", 404, 404),
        ("outsider", 404, 404), ("anonymous", LOGIN, LOGIN),
    ],
)
def test_the_transition_urls_check_roles(plan_docs, people, role, submit, approve_status):
    plan, _ = plan_docs
    client = people.client_for(role)
    assert outcome(client.post(reverse("staff:document_transition", args=["action-plan", plan.pk, "submit"]))) == submit
    assert outcome(client.post(reverse("staff:document_transition", args=["action-plan", plan.pk, "approve"]))) == approve_status


def test_the_staff_page_shows_state_actions_and_history(plan_docs, people):
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    text = client.get(plan.get_staff_url()).text
    assert "ฉบับร่าง" in text and "เสนอผู้อำนวยการ" in text and "ประวัติการแก้ไข" in text
    client.post(reverse("staff:document_transition", args=["action-plan", plan.pk, "submit"]))
    director = people.client_for("director")
    director.post(reverse("staff:document_transition", args=["action-plan", plan.pk, "approve"]))
    plan.refresh_from_db()
    text = director.get(plan.get_staff_url()).text
    assert "อนุมัติแล้ว" in text and plan.approved_pdf_sha256 in text and "แก้ไข</a>" not in text


# --- the plan form and the activity tree ------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), EDIT_ACCESS)
@pytest.mark.parametrize("kind", ["plan", "progress"])
def test_the_edit_pages_check_access(plan_docs, people, kind, role, expected):
    document = dict(zip(("plan", "progress"), plan_docs))[kind]
    assert outcome(people.client_for(role).get(reverse(f"action_plans:{kind}_edit", args=[document.pk]))) == expected


def test_saving_the_page_unchanged_keeps_the_tree(plan_docs, people):
    plan, _ = plan_docs
    before = [(a.number, a.title, a.budget_total, a.schedule_months) for a in plan.activity_tree()]
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 302, response.context and [f.errors for f in response.context["activities"]]
    plan = ActionPlan.objects.get(pk=plan.pk)
    assert [(a.number, a.title, a.budget_total, a.schedule_months) for a in plan.activity_tree()] == before
    assert plan.version == 2


def _row_index(data: dict, title: str) -> str:
    return next(k.split("-")[1] for k, v in data.items() if k.endswith("-title") and v == title)


def test_a_new_child_gets_a_derived_number_and_months_in_fiscal_order(plan_docs, people):
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    parent = next(a for a in plan.activity_tree() if a.number == "1.1")
    n = int(data["activities-TOTAL_FORMS"])
    data["activities-TOTAL_FORMS"] = str(n + 1)
    data.update({
        f"activities-{n}-parent": str(parent.pk), f"activities-{n}-title": "กิจกรรมใหม่ทดสอบ",
        f"activities-{n}-unit": "ร้อยละ", f"activities-{n}-budget": "1500",
        f"activities-{n}-schedule_months": ["3", "11"], f"activities-{n}-listed_in_plan": "on",
    })
    assert client.post(url, data).status_code == 302
    new = PlanActivity.objects.get(title="กิจกรรมใหม่ทดสอบ")
    assert new.schedule_months == [11, 3]
    tree = ActionPlan.objects.get(pk=plan.pk).activity_tree()
    node = next(a for a in tree if a.pk == new.pk)
    assert node.number == f"{len(node.parent.children.all())})"
    assert next(a for a in tree if a.pk == parent.pk).budget_total == parent.budget_total + 1500


def test_moving_rows_renumbers_siblings(plan_docs, people):
    plan, _ = plan_docs
    tops = [a for a in plan.activity_tree() if a.depth == 0]
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    first, second = (_row_index(data, a.title) for a in tops[:2])
    data[f"activities-{first}-ORDER"], data[f"activities-{second}-ORDER"] = data[f"activities-{second}-ORDER"], data[f"activities-{first}-ORDER"]
    assert client.post(url, data).status_code == 302
    numbers = {a.pk: a.number for a in ActionPlan.objects.get(pk=plan.pk).activity_tree()}
    assert numbers[tops[0].pk] == "2." and numbers[tops[1].pk] == "1."


def test_a_parent_budget_is_refused_beside_the_field_and_nothing_typed_is_lost(plan_docs, people):
    plan, _ = plan_docs
    parent = next(a for a in plan.activity_tree() if not a.is_leaf)
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    i = _row_index(data, parent.title)
    data[f"activities-{i}-budget"] = "999"
    data["programme"] = "แผนงานที่พิมพ์ใหม่"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "กิจกรรมนี้มีกิจกรรมย่อย งบประมาณคำนวณจากกิจกรรมย่อย" in response.text
    assert "แผนงานที่พิมพ์ใหม่" in response.text and 'value="999"' in response.text
    assert ActionPlan.objects.get(pk=plan.pk).programme != "แผนงานที่พิมพ์ใหม่"


@pytest.mark.parametrize("parent", ["-37009", "987654321", "x"])
def test_a_parent_that_is_not_in_the_list_is_refused_beside_the_field(plan_docs, people, parent):
    """Found by tests/test_fuzz_every_form.py: an unknown parent id was a KeyError (500)."""
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    data["activities-1-parent"] = parent
    response = client.post(url, data)
    assert response.status_code == 200 and "กรุณาเลือกกิจกรรมหลักจากรายการ" in response.text
    assert ActionPlan.objects.get(pk=plan.pk).version == plan.version


def test_a_fourth_level_and_a_cycle_are_refused(plan_docs, people):
    plan, _ = plan_docs
    tree = plan.activity_tree()
    deepest = next(a for a in tree if a.depth == 2)
    top = next(a for a in tree if a.depth == 0 and not a.is_leaf)
    child = top.child_nodes[0]
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    data[f"activities-{_row_index(data, top.title)}-parent"] = str(child.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "เลือกกิจกรรมหลักเป็นตัวเองหรือกิจกรรมย่อยของตัวเอง" in response.text
    # a third-level activity is not offered as a parent at all
    choices = {str(value) for form in response.context["activities"] for value, _ in form.fields["parent"].choices}
    assert str(deepest.pk) not in choices and str(child.pk) in choices


def test_a_bad_thai_date_is_reported_in_thai(plan_docs, people):
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    data.update({"period_start_0": "31", "period_start_1": "2", "period_start_2": "2564"})
    response = client.post(url, data)
    assert response.status_code == 200 and "วันที่ไม่ถูกต้อง" in response.text


def test_an_out_of_date_page_is_refused(plan_docs, people):
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_edit", args=[plan.pk])
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)  # the same, older version again
    assert response.status_code == 200 and "มีผู้อื่นบันทึกเอกสารนี้ไปก่อนหน้าคุณ" in response.text


def test_an_approved_plan_cannot_be_edited(plan_docs, people):
    plan, _ = plan_docs
    approve(plan, people)
    assert people.client_for("supervisor").get(reverse("action_plans:plan_edit", args=[plan.pk])).status_code == 403


def test_creating_a_plan(plan_docs, people):
    client = people.client_for("supervisor")
    url = reverse("action_plans:plan_create")
    response = client.post(url, {"organization": plan_docs[0].organization_id, "fiscal_year": "2565", "programme": "", "project_name": "", "digit_system": "thai"})
    assert response.status_code == 200 and response.text.count("กรุณากรอกข้อมูลช่องนี้") == 2
    response = client.post(url, {"organization": plan_docs[0].organization_id, "fiscal_year": "2565", "programme": "แผนงาน ก", "project_name": "โครงการ ข", "digit_system": "thai"})
    plan = ActionPlan.objects.get(project_name="โครงการ ข")
    assert response["Location"] == reverse("action_plans:plan_edit", args=[plan.pk])
    other = people.client_for("other_supervisor").post(url, {"organization": plan.organization_id, "fiscal_year": "2565", "programme": "x", "project_name": "y", "digit_system": "thai"})
    assert other.status_code == 200 and not ActionPlan.objects.filter(project_name="y").exists()


# --- progress report rows ----------------------------------------------------------------


def test_the_progress_rows_are_saved(plan_docs, people):
    _, report = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:progress_edit", args=[report.pk])
    data = form_data(client.get(url))
    leaf = next(r for r in report.rows() if r.is_leaf)
    data.update({f"line-{leaf.pk}-spent": "1234.50", f"line-{leaf.pk}-result": "ทำแล้ว", f"line-{leaf.pk}-status": "done"})
    assert client.post(url, data).status_code == 302
    line = ProgressReport.objects.get(pk=report.pk).lines.get(activity=leaf)
    assert (str(line.spent), line.result, line.status) == ("1234.50", "ทำแล้ว", "done")


def test_a_bad_spent_amount_keeps_the_page(plan_docs, people):
    _, report = plan_docs
    client = people.client_for("supervisor")
    url = reverse("action_plans:progress_edit", args=[report.pk])
    data = form_data(client.get(url))
    leaf = next(r for r in report.rows() if r.is_leaf)
    data.update({f"line-{leaf.pk}-spent": "หนึ่งพัน", f"line-{leaf.pk}-obstacles": "ข้อความที่พิมพ์ไว้"})
    response = client.post(url, data)
    assert response.status_code == 200 and "ข้อความที่พิมพ์ไว้" in response.text and "invalid-feedback" in response.text


def test_a_second_report_of_the_same_period_is_refused(plan_docs, people):
    plan, _ = plan_docs
    client = people.client_for("supervisor")
    response = client.post(reverse("action_plans:progress_create", args=[plan.pk]), {"period": "half"}, follow=True)
    assert "แผนนี้มีรายงานของรอบนี้แล้ว" in response.text
    client.post(reverse("action_plans:progress_create", args=[plan.pk]), {"period": "full"})
    assert plan.progress_reports.filter(period="full").exists()


# --- calendar, monitoring report, memo -----------------------------------------------------


@pytest.fixture
def calendar_docs(db):
    docs = load_seed(SEED_003)["documents"]
    pick = lambda cls: next(d for d in docs if isinstance(d, cls))  # noqa: E731
    return pick(MonitoringCalendar), pick(MonitoringReport), pick(Memo)


@pytest.fixture
def calendar_people(calendar_docs):
    return Cast(calendar_docs[0].organization)


def test_a_calendar_item_is_added_with_a_thai_date_and_groups(calendar_docs, calendar_people):
    calendar, _, _ = calendar_docs
    client = calendar_people.client_for("supervisor")
    url = reverse("calendars:calendar_edit", args=[calendar.pk])
    data = form_data(client.get(url))
    groups = list(ResponsibleGroup.objects.filter(organization=calendar.organization)[:2])
    n = int(data["items-TOTAL_FORMS"])
    data["items-TOTAL_FORMS"] = str(n + 1)
    data.update({
        f"items-{n}-date_0": "1", f"items-{n}-date_1": "9", f"items-{n}-date_2": "2561",
        f"items-{n}-text": "รายการใหม่", f"items-{n}-groups": [str(g.pk) for g in groups], f"items-{n}-oit_item": "o10",
        "new_groups": "กลุ่มใหม่ทดสอบ",
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [f.errors for f in response.context["items"]]
    item = calendar.items.get(text="รายการใหม่")
    assert (item.date.isoformat(), item.oit_item, item.position) == ("2018-09-01", "O10", n + 1)
    assert set(item.groups.all()) == set(groups)
    assert ResponsibleGroup.objects.filter(organization=calendar.organization, name="กลุ่มใหม่ทดสอบ").exists()


def test_a_calendar_date_outside_the_fiscal_year_is_refused(calendar_docs, calendar_people):
    calendar, _, _ = calendar_docs
    client = calendar_people.client_for("supervisor")
    url = reverse("calendars:calendar_edit", args=[calendar.pk])
    data = form_data(client.get(url))
    data.update({"items-0-date_2": "2562", "items-0-date_1": "12"})
    response = client.post(url, data)
    assert response.status_code == 200 and "วันที่นี้อยู่นอกปีงบประมาณ 2561" in response.text


def test_approving_a_monitoring_report_acknowledges_pending_items(calendar_docs, calendar_people):
    _, report, _ = calendar_docs
    first = report.items.order_by("position").first()
    first.acknowledged_by_name = ""
    first.save()
    report = approve(report, calendar_people)
    first.refresh_from_db()
    assert first.acknowledged_by_name == report.organization.director_name and first.acknowledged_on
    assert calendar_people.client_for("director").post(reverse("calendars:monitoring_report_acknowledge", args=[report.pk])).status_code == 302


def test_a_monitoring_report_is_started_from_the_calendar(calendar_docs, calendar_people):
    calendar, _, _ = calendar_docs
    client = calendar_people.client_for("supervisor")
    response = client.post(reverse("calendars:monitoring_report_create", args=[calendar.pk]))
    report = MonitoringReport.objects.order_by("-pk").first()
    assert response["Location"] == reverse("calendars:monitoring_report_edit", args=[report.pk])
    assert report.items.count() == calendar.items.count()
    url = reverse("calendars:monitoring_report_edit", args=[report.pk])
    data = form_data(client.get(url))
    data["items-0-status"] = "done"
    data["items-0-result"] = "ดำเนินการครบ"
    assert client.post(url, data).status_code == 302
    assert report.items.get(position=1).result == "ดำเนินการครบ"


def test_approving_a_memo_records_the_directors_order(calendar_docs, calendar_people):
    _, _, memo = calendar_docs
    Memo.objects.filter(pk=memo.pk).update(endorsement="", endorsed_on=None)
    memo.refresh_from_db()
    services.submit(memo, by=calendar_people.supervisor)
    memo = services.approve(memo, by=calendar_people.director, endorsement="อนุญาต")
    assert memo.endorsement == "อนุญาต" and memo.endorsed_on is not None
    # A revision of the memo waits for the director's new order; the approved one keeps its own.
    revision = services.revise(memo, by=calendar_people.supervisor)
    assert (revision.endorsement, revision.endorsed_on) == ("", None) and revision.subject == memo.subject
    assert Memo.objects.get(pk=memo.pk).endorsement == "อนุญาต"


def test_only_the_director_writes_the_memos_order(calendar_docs, calendar_people):
    _, _, memo = calendar_docs
    Memo.objects.filter(pk=memo.pk).update(endorsement="", endorsed_on=None)
    supervisor = calendar_people.client_for("supervisor")
    url = reverse("calendars:memo_edit", args=[memo.pk])
    page = supervisor.get(url)
    assert 'name="endorsement"' not in page.text and 'name="endorsed_on"' not in page.text
    data = form_data(page)
    data.update({"endorsement": "อนุญาต", "endorsed_on": "1 มกราคม 2561"})  # typed into a forged post
    assert supervisor.post(url, data).status_code == 302
    assert Memo.objects.filter(pk=memo.pk, endorsement="", endorsed_on=None).exists()

    services.submit(Memo.objects.get(pk=memo.pk), by=calendar_people.supervisor)
    director = calendar_people.client_for("director")
    staff = director.get(memo.get_staff_url())
    assert 'name="endorsement"' in staff.text and 'value="ทราบ"' in staff.text  # prefilled, the director may change it
    version = Memo.objects.get(pk=memo.pk).version
    director.post(reverse("staff:document_transition", args=["memo", memo.pk, "approve"]),
                  {"endorsement": "อนุญาตตามเสนอ", "version": version})
    memo = Memo.objects.get(pk=memo.pk)
    assert memo.status == "approved" and memo.endorsement == "อนุญาตตามเสนอ" and memo.endorsed_on is not None


def test_the_memo_form_keeps_what_was_typed(calendar_docs, calendar_people):
    _, _, memo = calendar_docs
    client = calendar_people.client_for("supervisor")
    url = reverse("calendars:memo_edit", args=[memo.pk])
    data = form_data(client.get(url))
    data.update({"subject": "", "body": "ข้อความที่พิมพ์ใหม่"})
    response = client.post(url, data)
    assert response.status_code == 200 and "กรุณากรอกข้อมูลช่องนี้" in response.text and "ข้อความที่พิมพ์ใหม่" in response.text
    data["subject"] = "เรื่องใหม่"
    assert client.post(url, data).status_code == 302
    memo.refresh_from_db()
    assert (memo.subject, memo.body) == ("เรื่องใหม่", "ข้อความที่พิมพ์ใหม่")
    assert "เรื่องใหม่" in client.get(memo.get_staff_url()).text  # history


@pytest.mark.parametrize(("role", "expected"), EDIT_ACCESS)
@pytest.mark.parametrize("name", ["calendar", "monitoring_report", "memo"])
def test_calendar_edit_pages_check_access(calendar_docs, calendar_people, name, role, expected):
    doc = dict(zip(("calendar", "monitoring_report", "memo"), calendar_docs))[name]
    assert outcome(calendar_people.client_for(role).get(reverse(f"calendars:{name}_edit", args=[doc.pk]))) == expected


@pytest.mark.parametrize("name", ["calendar", "monitoring_report", "memo"])
def test_calendar_staff_pages_are_for_members_and_drafts_are_private(calendar_docs, calendar_people, name):
    doc = dict(zip(("calendar", "monitoring_report", "memo"), calendar_docs))[name]
    assert calendar_people.client_for("viewer").get(doc.get_staff_url()).status_code == 200
    assert calendar_people.client_for("outsider").get(doc.get_staff_url()).status_code == 404
    assert calendar_people.client_for("anonymous").get(doc.get_absolute_url()).status_code == 404


# --- seeds and the dashboard section -----------------------------------------------------


def test_a_reload_leaves_approved_documents_alone(plan_docs, calendar_docs, people):
    from ita_portal.models import Membership

    plan, report = plan_docs
    approve(plan, people)
    approve(report, people)
    for user, role in ((people.supervisor, "supervisor"), (people.director, "director")):
        Membership.objects.create(user=user, organization=calendar_docs[0].organization, role=role)
    for document in calendar_docs:
        approve(document, people)
    docs = load_seed(SEED_001)["documents"] + load_seed(SEED_003)["documents"]
    assert {d.pk for d in docs if isinstance(d, ActionPlan)} == {plan.pk}
    assert all(d.is_approved for d in docs if hasattr(d, "is_approved"))


def test_publish_demo_submits_and_approves(plan_docs, people):
    plan, _ = plan_docs
    plan = services.publish(plan, supervisor=people.supervisor, director=people.director)
    assert plan.is_approved
    assert services.publish(plan, supervisor=people.supervisor, director=people.director) is plan


def test_other_documents_lists_the_users_documents(plan_docs, calendar_docs, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        docs = other_documents(people.supervisor, 2564)
    assert docs["action_plans"] == [plan_docs[0]] and docs["calendars"] == [] and docs["can_create"]
    assert other_documents(people.other_supervisor, 2564)["action_plans"] == []


@pytest.mark.parametrize("field", ["comment", "endorsement"])
def test_a_note_with_a_nul_character_is_refused_in_thai_and_nothing_moves(plan_docs, people, field):
    """PostgreSQL cannot store NUL; the note is refused by the form, not by a server error."""
    plan, _ = plan_docs
    services.submit(plan, by=people.supervisor)
    director = people.client_for("director")
    transition = "return" if field == "comment" else "approve"
    response = director.post(reverse("staff:document_transition", args=["action-plan", plan.pk, transition]), {field: "แก้\x00ไข"}, follow=True)
    assert response.status_code == 200 and "อักขระที่ระบบไม่รับ" in response.text
    assert ActionPlan.objects.get(pk=plan.pk).status == "submitted"
