"""Organizations in a hierarchy (OBEC → educational service area office → school) and the
oversight rule of ``ita_portal.access``: the members of an organization above a unit read
the unit's submitted and approved documents, read only; its drafts and returned documents
are 404 to them as to any outsider; a unit sees only itself; another office sees nothing;
the public sees what is approved. Then the import of schools (``import_schools``): a bad
file is refused whole with row-numbered Thai messages, a good one creates the schools
under their offices.

The tree of these tests: the conftest cast's organization (the seed-000 office) plays the
school, under the office ``spp-office-1``, under ``obec``; the cast's other organization
(``spp-other-1``) is another office under ``obec``; ``school-sibling`` is the school's
neighbour under the same office.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ita_portal import access, transitions
from ita_portal.models import Membership, Organization
from ita_portal.organization_import import ImportRefused, import_schools, read_rows
from ita_portal.workflow import Status
from monitoring.models import QuarterlyReport
from plans.models import Project
from tests.conftest import LOGIN, outcome

Level = Organization.Level


def _member(username, organization, role):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-not-used-1")
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def _report(organization, status=Status.DRAFT, name="โครงการโรงเรียนสุจริต"):
    """A quarterly report of ``organization`` in ``status`` (set directly: the workflow's
    own tests cover the transitions; here only the state matters)."""
    project = Project.objects.create(organization=organization, fiscal_year=2563, name=name)
    report = QuarterlyReport.objects.create(project=project, quarter=2, reporter_name="นางทดสอบ รายงาน")
    if status != Status.DRAFT:
        QuarterlyReport.objects.filter(pk=report.pk).update(status=status)
        report.refresh_from_db()
    return report


@pytest.fixture
def tree(cast, seed_report):
    obec = Organization.objects.create(
        code="obec", name="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", short_name="สพฐ.", level=Level.OBEC
    )
    office = Organization.objects.create(
        code="spp-office-1", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต ๑", short_name="สพป.ทดสอบ เขต ๑",
        level=Level.AREA_OFFICE, parent=obec,
    )
    school = cast.organization
    Organization.objects.filter(pk=school.pk).update(parent=office, level=Level.SCHOOL)
    Organization.objects.filter(pk=cast.other_organization.pk).update(parent=obec, level=Level.AREA_OFFICE)
    sibling = Organization.objects.create(
        code="school-sibling", name="โรงเรียนบ้านข้างเคียง", short_name="โรงเรียนบ้านข้างเคียง", level=Level.SCHOOL,
        parent=office,
    )
    people = SimpleNamespace(
        school_supervisor=cast.supervisor,
        school_director=cast.director,
        office_supervisor=_member("office-sup", office, Membership.Role.SUPERVISOR),
        office_director=_member("office-dir", office, Membership.Role.DIRECTOR),
        obec_viewer=_member("obec-view", obec, Membership.Role.VIEWER),
        other_office_supervisor=cast.other_supervisor,
        other_office_director=cast.other_director,
        sibling_supervisor=_member("sibling-sup", sibling, Membership.Role.SUPERVISOR),
        outsider=cast.outsider,
    )
    seed_report.refresh_from_db()
    return SimpleNamespace(
        obec=obec, office=office, school=Organization.objects.get(pk=school.pk), sibling=sibling, people=people,
        draft=seed_report,  # the seed report: a draft of the school
        submitted=_report(school, Status.SUBMITTED, "โครงการที่เสนอแล้ว"),
        returned=_report(school, Status.RETURNED, "โครงการที่ส่งกลับ"),
        cast=cast,
    )


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _transition(report, name):
    return reverse("staff:document_transition", args=["quarterly-report", report.pk, name])


def _edit(report):
    return reverse("staff:report_edit", args=[report.pk])


OVERSEERS = ("office_supervisor", "office_director", "obec_viewer")
NOT_OVERSEERS = ("other_office_supervisor", "other_office_director", "sibling_supervisor", "outsider")


# --- the tree ----------------------------------------------------------------------------


def test_it_walks_the_tree_up_and_down(tree):
    assert tree.school.ancestors() == [tree.office, tree.obec]
    assert tree.office.ancestors() == [tree.obec]
    assert tree.obec.ancestors() == []
    assert set(tree.office.descendants()) == {tree.school, tree.sibling}
    assert set(tree.obec.descendants()) == {tree.office, tree.cast.other_organization, tree.school, tree.sibling}
    assert list(tree.school.descendants()) == []


def test_it_refuses_a_fourth_level_and_a_cycle(tree):
    below_school = Organization(code="too-deep", name="หน่วยงานระดับที่สี่", short_name="ระดับที่สี่", parent=tree.school)
    with pytest.raises(ValidationError) as refused:
        below_school.full_clean()
    assert "ไม่เกิน 3 ระดับ" in str(refused.value)
    tree.obec.parent = tree.school
    with pytest.raises(ValidationError) as refused:
        tree.obec.full_clean()
    assert "หน่วยงานในสังกัดของหน่วยงานนี้" in str(refused.value)
    tree.office.parent = tree.office
    with pytest.raises(ValidationError):
        tree.office.full_clean()


def test_it_keeps_an_office_with_schools_from_being_deleted(tree):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        tree.office.delete()


def test_oversight_costs_no_query_from_the_parent_and_one_from_higher_up(tree, django_assert_num_queries):
    school = Organization.objects.get(pk=tree.school.pk)
    office_director, obec_viewer = tree.people.office_director, tree.people.obec_viewer
    access.roles_of(office_director), access.roles_of(obec_viewer)  # the request's one membership query
    with django_assert_num_queries(0):
        assert access.role_in(office_director, school) == access.OVERSIGHT
    with django_assert_num_queries(1):
        assert access.role_in(obec_viewer, school) == access.OVERSIGHT
        assert access.role_in(obec_viewer, school) == access.OVERSIGHT  # cached
    assert access.role_in(tree.people.school_supervisor, tree.office) is None  # never upward
    assert access.role_in(tree.people.sibling_supervisor, school) is None


# --- who reads what ----------------------------------------------------------------------


@pytest.mark.parametrize("who", OVERSEERS)
@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_the_office_reads_its_schools_submitted_and_approved_documents_read_only(tree, client, who, state):
    if state == "approved":
        document = transitions.approve(transitions.submit(tree.draft, by=tree.people.school_supervisor), by=tree.people.school_director)
    else:
        document = tree.submitted
    response = _client(client, getattr(tree.people, who)).get(document.get_staff_url())
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("submit", "approve", "return", "revise"):
        assert _transition(document, name) not in page, name
    assert _edit(document) not in page
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(_edit(document)).status_code == 403
    for name in ("submit", "approve", "return", "revise"):
        assert client.post(_transition(document, name), {"comment": "แก้ไข"}).status_code == 403, name
    document.refresh_from_db()
    assert document.status == state


def test_the_school_sees_its_own_buttons(tree, client):
    """The other side of the read-only test: the school's director does see the approve
    button of the same submitted document, its supervisor the edit page of its draft."""
    page = _client(client, tree.people.school_director).get(tree.submitted.get_staff_url()).content.decode()
    assert _transition(tree.submitted, "approve") in page
    client.force_login(tree.people.school_supervisor)
    assert client.get(_edit(tree.draft)).status_code == 200


@pytest.mark.parametrize("who", OVERSEERS)
@pytest.mark.parametrize("state", ["draft", "returned"])
def test_the_office_never_sees_its_schools_working_copies(tree, client, who, state):
    document = getattr(tree, state)
    client = _client(client, getattr(tree.people, who))
    for url in (document.get_staff_url(), document.get_absolute_url(), document.get_pdf_url(), _edit(document)):
        assert client.get(url).status_code == 404, url
    assert client.post(_transition(document, "submit")).status_code == 404
    assert client.get(reverse("staff:project_edit", args=[document.project_id])).status_code == 404


@pytest.mark.parametrize("who", NOT_OVERSEERS)
def test_another_office_and_a_neighbouring_school_see_nothing(tree, client, who):
    client = _client(client, getattr(tree.people, who))
    for document in (tree.draft, tree.submitted, tree.returned):
        assert client.get(document.get_staff_url()).status_code == 404
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.post(_transition(document, "approve")).status_code == 404


def test_a_school_sees_only_itself(tree, client):
    office_submitted = _report(tree.office, Status.SUBMITTED, "โครงการของเขต")
    sibling_submitted = _report(tree.sibling, Status.SUBMITTED, "โครงการของโรงเรียนข้างเคียง")
    client = _client(client, tree.people.school_supervisor)
    for document in (office_submitted, sibling_submitted):
        assert client.get(document.get_staff_url()).status_code == 404
        assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(tree.submitted.get_staff_url()).status_code == 200
    assert client.get(tree.draft.get_staff_url()).status_code == 200


def test_the_public_sees_what_is_approved_only(tree, client):
    for document in (tree.draft, tree.submitted, tree.returned):
        assert client.get(document.get_absolute_url()).status_code == 404
        assert outcome(client.get(document.get_staff_url())) == LOGIN
    approved = transitions.approve(transitions.submit(tree.draft, by=tree.people.school_supervisor), by=tree.people.school_director)
    assert client.get(approved.get_absolute_url()).status_code == 200


def test_the_list_filter_reads_as_the_document_rule(tree):
    """``readable_documents_q`` selects exactly what ``document_actions`` lets each person read."""
    approved_elsewhere = _report(tree.cast.other_organization, Status.APPROVED, "โครงการที่เผยแพร่แล้ว")
    everything = [tree.draft, tree.submitted, tree.returned, approved_elsewhere]
    for who in (*OVERSEERS, *NOT_OVERSEERS, "school_supervisor"):
        user = getattr(tree.people, who)
        listed = set(QuarterlyReport.objects.filter(access.readable_documents_q(user, "project__organization")))
        readable = {d for d in everything if access.READ in access.document_actions(user, d)}
        assert listed & set(everything) == readable, who
    office = set(QuarterlyReport.objects.filter(access.readable_documents_q(tree.people.office_director, "project__organization")))
    assert office & set(everything) == {tree.submitted, approved_elsewhere}


def test_the_offices_list_shows_its_schools_submitted_documents_and_not_their_drafts(tree, client):
    """The staff list of a kind follows the same rule: the office finds what its schools
    have submitted by clicking, without their working copies."""
    page = _client(client, tree.people.office_director).get(reverse("document_list", args=["quarterly-report"]))
    assert tree.submitted.get_staff_url() in page.text or tree.submitted.get_absolute_url() in page.text
    for working_copy in (tree.draft, tree.returned):
        assert working_copy.get_staff_url() not in page.text and working_copy.get_absolute_url() not in page.text
    other = _client(client, tree.people.other_office_director).get(reverse("document_list", args=["quarterly-report"]))
    assert tree.submitted.get_staff_url() not in other.text and tree.submitted.get_absolute_url() not in other.text


# --- importing schools -------------------------------------------------------------------

HEADER = "รหัสหน่วยงาน,ชื่อเต็ม,ชื่อย่อ,รหัสหน่วยงานที่กำกับดูแล,อีเมลติดต่อ,โทรศัพท์\n"


def _csv(text: str) -> bytes:
    return ("\ufeff" + HEADER + text).encode("utf-8")


@pytest.fixture
def offices(db):
    obec = Organization.objects.create(code="obec", name="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", short_name="สพฐ.", level=Level.OBEC)
    one = Organization.objects.create(
        code="spp-office-1", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต ๑", short_name="สพป.ทดสอบ เขต ๑",
        level=Level.AREA_OFFICE, parent=obec, ministry="กระทรวงศึกษาธิการ",
    )
    two = Organization.objects.create(
        code="spm-office-2", name="สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาทดสอบ", short_name="สพม.ทดสอบ",
        level=Level.AREA_OFFICE, parent=obec,
    )
    return SimpleNamespace(obec=obec, one=one, two=two)


def test_the_import_refuses_a_bad_file_whole(offices):
    before = Organization.objects.count()
    content = _csv(
        "1050130001,โรงเรียนบ้านหนองบัว,,spp-office-1,school1@example.com,053000001\n"  # row 2: good
        "1050130002,โรงเรียนบ้านป่าไผ่,,spp-unknown,,\n"  # row 3: unknown office
        "\n"  # row 4: blank, skipped but counted
        "1050130001,โรงเรียนซ้ำ,,spp-office-1,,\n"  # row 5: duplicate code
        "1050130003,,,spp-office-1,,\n"  # row 6: no name
        "1050130004,โรงเรียนบ้านนา,,spp-office-1,not-an-email,\n"  # row 7: bad e-mail
    )
    with pytest.raises(ImportRefused) as refused:
        import_schools(read_rows(content, "schools.csv"))
    errors = refused.value.errors
    assert errors[0] == "แถวที่ 3: ไม่พบหน่วยงานที่กำกับดูแลรหัส “spp-unknown” ในระบบ"
    assert errors[1] == "แถวที่ 5: รหัสหน่วยงาน “1050130001” ซ้ำกับแถวที่ 2"
    assert errors[2] == "แถวที่ 6: ไม่มีชื่อเต็มของสถานศึกษา"
    assert errors[3].startswith("แถวที่ 7: อีเมลติดต่อ:")
    assert len(errors) == 4
    assert Organization.objects.count() == before


def test_the_import_refuses_a_code_already_in_the_portal_and_a_school_as_parent(offices):
    Organization.objects.create(code="1050130009", name="โรงเรียนเดิม", short_name="โรงเรียนเดิม", parent=offices.one, level=Level.SCHOOL)
    content = _csv("1050130009,โรงเรียนใหม่,,spp-office-1,,\n1050130010,โรงเรียนใต้โรงเรียน,,1050130009,,\nBAD CODE,โรงเรียนรหัสผิด,,spp-office-1,,\n")
    with pytest.raises(ImportRefused) as refused:
        import_schools(read_rows(content, "schools.csv"))
    assert refused.value.errors[0] == "แถวที่ 2: มีหน่วยงานรหัส “1050130009” ในระบบแล้ว (โรงเรียนเดิม)"
    assert refused.value.errors[1] == "แถวที่ 3: หน่วยงาน “1050130009” เป็นสถานศึกษา จึงเป็นหน่วยงานที่กำกับดูแลไม่ได้"
    assert refused.value.errors[2].startswith("แถวที่ 4: รหัสหน่วยงาน: ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษตัวเล็ก")
    assert not Organization.objects.filter(code="1050130010").exists()


def test_the_import_refuses_a_file_without_its_columns_or_over_the_limit(offices):
    with pytest.raises(ImportRefused) as refused:
        read_rows("รหัส,ชื่อเต็ม\n1,โรงเรียน\n".encode(), "schools.csv")
    assert "แถวที่ 1: ไม่รู้จักคอลัมน์ “รหัส”" in refused.value.errors
    assert "แถวที่ 1: ไม่มีคอลัมน์ “รหัสหน่วยงานที่กำกับดูแล”" in refused.value.errors
    with pytest.raises(ImportRefused) as refused:
        read_rows(_csv("".join(f"s{i},โรงเรียน {i},,spp-office-1,,\n" for i in range(2100))), "schools.csv")
    assert refused.value.errors == ["ไฟล์มีข้อมูลเกิน 2,000 แถว กรุณาแบ่งเป็นหลายไฟล์"]
    with pytest.raises(ImportRefused):
        read_rows(b"not a workbook", "schools.xlsx")


def test_the_command_refuses_a_bad_file_and_saves_nothing(offices, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes(_csv("1050130001,โรงเรียนบ้านหนองบัว,,spp-office-1,,\n1050130002,,,spp-office-9,,\n"))
    with pytest.raises(CommandError) as refused:
        call_command("import_schools", str(path))
    message = str(refused.value)
    assert message.startswith("ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ)")
    assert "แถวที่ 3: ไม่มีชื่อเต็มของสถานศึกษา" in message
    assert "แถวที่ 3: ไม่พบหน่วยงานที่กำกับดูแลรหัส “spp-office-9” ในระบบ" in message
    assert not Organization.objects.filter(code="1050130001").exists()


def test_a_good_csv_creates_the_schools_under_their_offices(offices, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes(_csv(
        "1050130001,โรงเรียนบ้านหนองบัว,รร.บ้านหนองบัว,spp-office-1,school1@example.com,053000001\n"
        "1050130002,โรงเรียนบ้านป่าไผ่,,spp-office-1,,\n"
        "2050130001,โรงเรียนมัธยมทดสอบ,,spm-office-2,,\n"
    ))
    out = io.StringIO()
    call_command("import_schools", str(path), stdout=out)
    assert "นำเข้าแล้ว 3 สถานศึกษา" in out.getvalue()
    first = Organization.objects.get(code="1050130001")
    assert (first.name, first.short_name, first.level, first.parent) == ("โรงเรียนบ้านหนองบัว", "รร.บ้านหนองบัว", Level.SCHOOL, offices.one)
    assert (first.email, first.phone, first.parent_body, first.ministry) == (
        "school1@example.com", "053000001", offices.one.name, "กระทรวงศึกษาธิการ")
    assert Organization.objects.get(code="1050130002").short_name == "โรงเรียนบ้านป่าไผ่"
    assert set(offices.one.descendants().values_list("code", flat=True)) == {"1050130001", "1050130002"}
    assert set(offices.obec.descendants().filter(level=Level.SCHOOL).values_list("code", flat=True)) == {
        "1050130001", "1050130002", "2050130001"}


def test_a_good_workbook_creates_the_schools(offices):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "parent", "phone"])  # the English headers, in another order
    sheet.append([1050130001, "โรงเรียนบ้านหนองบัว", "spp-office-1", "053000001"])
    sheet.append([None, None, None, None])
    sheet.append(["1050130002", "โรงเรียนบ้านป่าไผ่", "spp-office-1", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_rows(buffer.getvalue(), "schools.xlsx")
    assert [number for number, _ in rows] == [2, 4]
    schools = import_schools(rows)
    assert [s.code for s in schools] == ["1050130001", "1050130002"]
    assert Organization.objects.get(code="1050130001").phone == "053000001"
    assert Organization.objects.filter(parent=offices.one, level=Level.SCHOOL).count() == 2


def test_an_administrator_who_belongs_to_the_office_keeps_an_administrators_rights(tree):
    Membership.objects.create(user=tree.cast.superuser, organization=tree.office, role=Membership.Role.VIEWER)
    assert access.role_in(tree.cast.superuser, tree.school) == access.OVERSIGHT
    assert access.document_actions(tree.cast.superuser, tree.draft) == {access.READ, access.EDIT}
