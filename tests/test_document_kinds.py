"""Every registered document kind gets the whole document system by registering: its page,
PDF and staff page, submit / return / approve with a signature / revise after approval, an
e-mail on each transition, its audit history, its export, and freezing of every row it
prints. Each test is parametrized over ``ita_portal.kinds.all_kinds()``, so a new kind is
tested as soon as it registers (and fails here until the seed world holds one of it).

The world (``tests.security_world``) holds every seed document as a draft and the conftest
cast as members of every seed organization; each test runs in a rolled-back savepoint.
PDF rendering is replaced by a stub that records the HTML it was given (WeasyPrint is
tested by the seed PDF tests).
"""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from ita_portal import kinds, transitions
from ita_portal.workflow import FrozenDocumentError
from tests.security_world import world_fixtures

KINDS = [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds()]
RENDERED: list[str] = []


def _stub_pdf(html: str) -> bytes:
    RENDERED.append(html)
    return b"%PDF-1.7 stub " + hashlib.sha256(html.encode()).hexdigest().encode()


world, media_root, savepoint = world_fixtures("kinds-media", stub_pdf=_stub_pdf)


def _document(slug: str):
    """The first document of kind ``slug`` in the world (fetched with everything it prints)."""
    kind = kinds.get(slug)
    first = kind.model.objects.order_by("pk").first()
    assert first is not None, f"the seed world holds no {kind.model.__name__}: add one to tests/security_world.py"
    return kind, kind.fetch(first.pk)


def _client(client, user):
    client.force_login(user)
    return client


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("signature.png", buffer.getvalue(), content_type="image/png")


def _transition(client, user, kind, document, name, data=None):
    url = reverse("staff:document_transition", args=[kind.slug, document.pk, name])
    return _client(client, user).post(url, data or {})


def _approve(kind, document, cast):
    transitions.submit(document, by=cast.supervisor)
    return transitions.approve(kind.fetch(document.pk), by=cast.director)


@pytest.mark.parametrize("slug", KINDS)
def test_a_draft_is_for_members_and_its_page_pdf_and_staff_page_render(savepoint, client, slug):
    kind, document = _document(slug)
    cast = savepoint.cast
    for url in (document.get_absolute_url(), document.get_pdf_url()):
        assert client.get(url).status_code == 404  # anonymous: as if it did not exist
    _client(client, cast.other_supervisor)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(document.get_staff_url()).status_code == 404

    _client(client, cast.supervisor)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and page.templates[0].name == kind.page_template
    RENDERED.clear()
    pdf = client.get(document.get_pdf_url())
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.templates[0].name == kind.pdf_template and len(RENDERED) == 1  # rendered now: a draft
    staff = client.get(document.get_staff_url())
    assert staff.status_code == 200 and staff.templates[0].name == kind.staff_template
    assert "เสนอผู้อำนวยการ" in staff.text and "ประวัติการแก้ไข" in staff.text


@pytest.mark.parametrize("slug", KINDS)
def test_submit_return_approve_with_signature_each_send_mail(savepoint, client, slug, django_capture_on_commit_callbacks):
    kind, document = _document(slug)
    cast = savepoint.cast
    if kind.check_submit or kind.check_approve:  # e.g. scores entered, the plan approved first
        _prepare(kind, document, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _transition(client, cast.supervisor, kind, document, "submit").status_code == 302
    assert kind.model.objects.get(pk=document.pk).status == "submitted"
    assert [m.to for m in mail.outbox] == [[cast.director.email]] and kind.label in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        _transition(client, cast.director, kind, document, "return", {"comment": "เพิ่มผลการดำเนินงาน"})
    assert kind.model.objects.get(pk=document.pk).status == "returned"
    assert mail.outbox[-1].to == [cast.supervisor.email] and "เพิ่มผลการดำเนินงาน" in mail.outbox[-1].body
    staff = _client(client, cast.supervisor).get(document.get_staff_url())
    assert "เพิ่มผลการดำเนินงาน" in staff.text  # the director's comment beside the document

    _transition(client, cast.supervisor, kind, document, "submit")
    with django_capture_on_commit_callbacks(execute=True):
        _transition(client, cast.director, kind, document, "approve", {"signature": _png()})
    approved = kind.model.objects.get(pk=document.pk)
    assert approved.status == "approved" and approved.signature and approved.approved_pdf
    assert approved.approved_pdf_sha256 == hashlib.sha256(approved.approved_pdf.read()).hexdigest()
    assert approved.approver_name == document.organization.director_name or approved.approver_name
    assert mail.outbox[-1].to == [cast.supervisor.email] and approved.approved_pdf_sha256 in mail.outbox[-1].body

    client.logout()  # published: anyone reads it, and the PDF is the stored, signed file
    assert client.get(document.get_absolute_url()).status_code == 200
    pdf = client.get(document.get_pdf_url())
    assert pdf["X-Content-SHA256"] == approved.approved_pdf_sha256
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == approved.approved_pdf_sha256


def _prepare(kind, document, cast):
    """Meet a kind's own preconditions the way its users do (the hooks say which)."""
    from assessments.models import IndicatorScore, ITAResult
    from monitoring.progress import ProgressReport

    if isinstance(document, ITAResult) and not document.indicator_scores.exists():
        indicator = document.framework.indicators.order_by("number").first()
        IndicatorScore.objects.create(result=document, indicator=indicator, score=90)
    if isinstance(document, ProgressReport) and not document.plan.is_approved:
        _approve(kinds.kind_of(document.plan), document.plan, cast)


@pytest.mark.parametrize("slug", KINDS)
def test_an_approved_document_is_corrected_by_a_revision_that_copies_its_rows(savepoint, client, slug, django_capture_on_commit_callbacks):
    kind, document = _document(slug)
    cast = savepoint.cast
    _prepare(kind, document, cast)
    approved = _approve(kind, document, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _transition(client, cast.supervisor, kind, approved, "revise")
    assert [m.to for m in mail.outbox] == [[cast.director.email]] and "ฉบับปรับปรุงครั้งที่ 2" in mail.outbox[0].subject
    revision = kind.model.objects.get(revision_of=approved)
    assert response.status_code == 302 and revision.revision == 2 and revision.status == "draft"
    for row in kind.rows:
        if row.copy and "__" not in row.path:
            old = row.model.objects.filter(**{row.path: approved}).count()
            copies = row.model.objects.filter(**{row.path: revision})
            assert copies.count() == old, row.model.__name__
            for field in row.model._meta.concrete_fields:  # a tree's parent is the copy's own
                if field.many_to_one and field.related_model is row.model:
                    parents = {getattr(c, field.attname) for c in copies} - {None}
                    assert parents <= set(copies.values_list("pk", flat=True)), row.model.__name__
    # the approved one stays approved and public until the revision is approved
    assert kind.model.objects.get(pk=approved.pk).status == "approved"
    client.logout()
    assert client.get(approved.get_absolute_url()).status_code == 200
    assert client.get(revision.get_absolute_url()).status_code == 404
    # a second revision of the same approved document is refused
    with pytest.raises(transitions.TransitionError, match="ฉบับปรับปรุงครั้งที่ 2"):
        transitions.revise(kind.model.objects.get(pk=approved.pk), by=cast.supervisor)


@pytest.mark.parametrize("slug", KINDS)
def test_history_shows_the_document_and_its_rows(savepoint, client, slug):
    from ita_portal.history import document_history

    kind, document = _document(slug)
    entries = document_history(document)
    assert any(e.what == kind.history_label and e.kind == "+" for e in entries)
    labels = {e.what for e in entries}
    audited = [row for row in kind.rows if hasattr(row.model, "history")]  # a framework's rows keep no history
    assert len(audited) >= len(kind.rows) - 5
    with_rows = [row for row in audited if row.model.objects.filter(**{row.path: document}).exists()]
    for row in with_rows:
        sample = row.model.history.filter(**_history_filter(row, document)).first()
        assert sample is not None and row.label(sample) in labels, row.model.__name__


def _admin_refuses(model, existing, cast, *, add: bool) -> None:
    """The admin of ``model`` neither changes nor deletes ``existing`` (a frozen row), and
    its add form, filled with a copy of ``existing`` (so under the approved document), is
    invalid with the Thai "approved, cannot change" message."""
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    from ita_portal.workflow import FROZEN_MESSAGE

    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return
    request = RequestFactory().get("/admin/")
    request.user = cast.superuser
    assert not model_admin.has_change_permission(request, existing)
    assert not model_admin.has_delete_permission(request, existing)
    if not add:  # a row the document reaches backwards (its project): adding one is not under it
        return
    form_class = model_admin.get_form(request, None)
    data = {k: v for k, v in model_to_dict(existing).items() if v is not None}
    data = {k: ([item.pk for item in v] if isinstance(v, list) else v) for k, v in data.items()}
    form = form_class(data)
    assert not form.is_valid() and FROZEN_MESSAGE in str(form.errors), (model.__name__, form.errors)


def _history_filter(row, document) -> dict:
    ids = list(row.model.objects.filter(**{row.path: document}).values_list("pk", flat=True))
    return {"id__in": ids}


@pytest.mark.parametrize("slug", KINDS)
def test_export_writes_every_document_and_copies_the_signed_pdf(savepoint, slug, tmp_path):
    kind, document = _document(slug)
    _prepare(kind, document, savepoint.cast)
    approved = _approve(kind, document, savepoint.cast)
    out = io.StringIO()
    call_command("export_reports", "--out", str(tmp_path), "--org", document.organization.code, "--kind", slug, stdout=out)
    pdf = (tmp_path / f"{approved.file_stem()}.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == approved.approved_pdf_sha256
    assert (tmp_path / f"{approved.file_stem()}.html").exists()


@pytest.mark.parametrize("slug", KINDS)
def test_nothing_is_added_changed_or_removed_under_an_approved_document(savepoint, client, slug):
    kind, document = _document(slug)
    cast = savepoint.cast
    _prepare(kind, document, cast)
    approved = _approve(kind, document, cast)
    checked = 0
    for row in kind.rows:
        rows = row.model.objects.filter(**{row.path: approved})
        existing = rows.order_by("pk").first()
        if existing is None:
            continue
        checked += 1
        before = rows.count()
        with pytest.raises(FrozenDocumentError):  # change through the model API
            existing.save()
        with pytest.raises(FrozenDocumentError):
            existing.delete()
        with pytest.raises(FrozenDocumentError):  # the queryset API
            rows.update(pk=existing.pk)
        with pytest.raises(FrozenDocumentError):
            rows.delete()
        first, _, rest = row.path.partition("__")
        if row.model._meta.get_field(first).many_to_one:  # an insert under the document
            copy = row.model.objects.get(pk=existing.pk)
            copy.pk = None
            copy._state.adding = True
            with pytest.raises(FrozenDocumentError):
                copy.save()
            copy.pk = None
            with pytest.raises(FrozenDocumentError):
                row.model.objects.bulk_create([copy])
        _admin_refuses(row.model, existing, savepoint.cast, add=row.model._meta.get_field(first).many_to_one)
        assert rows.count() == before
    assert checked, f"{slug}: no row of an approved document was tried"
    # the staff pages refuse editing (403), the admin shows it read-only
    _client(client, cast.supervisor)
    if kind.edit_url_name:
        assert client.get(reverse(kind.edit_url_name, args=[approved.pk])).status_code == 403
    assert approved.is_frozen()


@pytest.mark.parametrize("slug", KINDS)
def test_a_submitted_documents_rows_are_locked_until_the_director_returns_it(savepoint, client, slug):
    from ita_portal.workflow import SUBMITTED_MESSAGE

    kind, document = _document(slug)
    cast = savepoint.cast
    _prepare(kind, document, cast)
    transitions.submit(document, by=cast.supervisor)
    tried = []
    for row in kind.rows:
        if not row.copy:  # shared rows (a framework) are not the document's own to edit
            continue
        existing = row.model.objects.filter(**{row.path: document}).order_by("pk").first()
        if existing is None:
            continue
        tried.append(existing)
        with pytest.raises(FrozenDocumentError) as refused:
            existing.save()
        assert str(refused.value) == SUBMITTED_MESSAGE  # "with the director", not "approved"
    assert tried, f"{slug}: no row of a submitted document was tried"
    if kind.edit_url_name:  # and the edit page is closed while the director reviews it
        assert _client(client, cast.supervisor).get(reverse(kind.edit_url_name, args=[document.pk])).status_code == 403

    transitions.return_(kind.fetch(document.pk), by=cast.director, comment="แก้ไขตัวเลข")
    for existing in tried:  # returned: the supervisor corrects the rows again
        row = type(existing).objects.get(pk=existing.pk)
        row.save()


@pytest.mark.parametrize("slug", KINDS)
def test_the_director_approves_only_the_version_their_page_showed(savepoint, client, slug):
    kind, document = _document(slug)
    cast = savepoint.cast
    _prepare(kind, document, cast)
    transitions.submit(document, by=cast.supervisor)
    seen = kind.fetch(document.pk).version
    staff = _client(client, cast.director).get(document.get_staff_url())
    assert f'name="version" value="{seen}"' in staff.text  # the approve and return forms carry it

    # Meanwhile the document went back, was corrected and came again (another tab, a deputy).
    transitions.return_(kind.fetch(document.pk), by=cast.director, comment="แก้ไข")
    transitions.submit(kind.fetch(document.pk), by=cast.supervisor)
    assert kind.fetch(document.pk).version != seen

    response = _transition(client, cast.director, kind, document, "approve", {"version": seen})
    assert kind.model.objects.get(pk=document.pk).status == "submitted"
    page = client.get(response["Location"])
    assert "มีการเปลี่ยนแปลงหลังจากที่คุณเปิดหน้านี้" in page.text
    response = _transition(client, cast.director, kind, document, "return", {"version": seen, "comment": "x"})
    assert kind.model.objects.get(pk=document.pk).status == "submitted"

    current = kind.fetch(document.pk).version
    _transition(client, cast.director, kind, document, "approve", {"version": current})
    assert kind.model.objects.get(pk=document.pk).status == "approved"
