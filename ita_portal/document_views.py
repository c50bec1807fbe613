"""Generic views of every registered document kind (``ita_portal.kinds``): the document
page, its PDF, the approver's signature image, the staff page and the workflow transitions.

Every view fetches through the one helper ``access.get_document``, so one rule decides:
an approved document is public; any other is 404 to outsiders and anonymous visitors
alike (its existence is not revealed) and readable by members; actions follow
``access.document_actions``. Each kind's URLs keep their published paths and point here
with the kind's ``slug``; each kind supplies only its templates and its edit pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ita_portal import access, kinds, other_organizations, pdf_cache, transitions
from ita_portal.forms import ReviewNoteForm
from ita_portal.history import document_history
from ita_portal.pdf import embedding
from ita_portal.uploads import signature_image_or_error
from ita_portal.workflow import EditConflictError, FrozenDocumentError

# The role a transition needs; the document's state is checked by the service (a message).
TRANSITION_ROLES = {"submit": "supervisor", "revise": "supervisor", "approve": "director", "return": "director"}


def _kind(slug: str) -> kinds.DocumentKind:
    try:
        return kinds.get(slug)
    except KeyError:
        raise Http404("ไม่พบเอกสาร") from None


def _is_member(user, document) -> bool:
    """A member of the document's organization, or an administrator."""
    return access.role_in(user, document.organization) is not None or (user.is_authenticated and user.is_superuser)


def workflow_context(user, document, *, with_history: bool = False) -> dict:
    """The one workflow panel's context for ``document`` (``templates/includes/workflow_panel.html``):
    ``doc``, ``kind``, ``is_member`` (a member or an administrator), ``can_edit``/``can_submit``/``can_review``/
    ``can_revise`` from ``access.document_actions``, the transition URLs, for members what
    the source said differently (``source_notes``) and the document's revisions (oldest first) and, when asked, its audit history."""
    kind = kinds.kind_of(document)
    actions = access.document_actions(user, document)
    member = _is_member(user, document)

    def url(transition: str) -> str:
        return reverse("staff:document_transition", args=[kind.slug, document.pk, transition])

    context = {
        "doc": document,
        "kind": kind,
        "is_member": member,
        "can_edit": access.EDIT in actions,
        "can_submit": access.SUBMIT in actions,
        "can_review": access.REVIEW in actions,
        "can_revise": access.REVISE in actions,
        "submit_url": url("submit"),
        "approve_url": url("approve"),
        "return_url": url("return"),
        "revise_url": url("revise"),
    }
    if member:
        context["source_notes"] = kind.source_notes(document)
        root = document.revision_of_id or document.pk
        siblings = type(document)._base_manager.filter(pk=root) | type(document)._base_manager.filter(revision_of=root)
        context["revisions"] = list(siblings.order_by("revision").only("pk", "revision", "status"))
    if with_history and member:
        context["history"] = document_history(document)
    return context


@require_safe
def page(request, slug: str, pk: int):
    """The document as an HTML page; members also see its state and a link to its staff page."""
    kind = _kind(slug)
    document = access.get_document(request.user, kind, pk)
    context = {**kind.document_context(document), **workflow_context(request.user, document)}
    if kind.page_extra:
        context |= kind.page_extra(request.user, document)
    return render(request, kind.page_template, context)


PDF_WAIT_SECONDS = 3  # the waiting page of a long draft reloads itself this often


def _pdf_wait(request, document, kind):
    """The waiting page of a PDF the task worker is making (202, reloads itself)."""
    response = render(request, "documents/pdf_wait.html", {"doc": document, "kind": kind}, status=202)
    response["Refresh"] = str(PDF_WAIT_SECONDS)
    return response


@require_safe
def pdf(request, slug: str, pk: int):
    """The same document as an A4 PDF: the stored file of an approved document (its SHA-256
    in ``X-Content-SHA256``), otherwise the kind's PDF template rendered once per content
    (``ita_portal.pdf_cache``: the same HTML comes back from storage, an edit renders anew).
    A long draft not stored yet is queued for the task worker and answered with a waiting
    page (202, ``Refresh``) that reloads until the PDF is there."""
    kind = _kind(slug)
    document = access.get_document(request.user, kind, pk)
    filename = f"{document.file_stem()}.pdf"
    if document.is_approved and document.approved_pdf:
        response = FileResponse(document.approved_pdf.open("rb"), content_type="application/pdf", filename=filename)
        response["X-Content-SHA256"] = document.approved_pdf_sha256
    else:  # a draft, or a document published without a stored PDF (seed data)
        context = kind.document_context(document)
        html, sha = pdf_cache.html_for(kind.pdf_template, context)
        data = pdf_cache.stored_pdf(sha)
        if data is None and len(html) > pdf_cache.INLINE_HTML_CHARS:  # a long document: the worker renders it
            if document.is_approved:  # approved a moment ago: the worker stores its signed PDF
                transitions.store_approved_pdf_later(kind.slug, document.pk)  # again, if that task was lost
            else:
                pdf_cache.render_later(kind.slug, document.pk, sha)
            return _pdf_wait(request, document, kind)
        if data is None:
            with embedding(document):  # only the document's own files (signature, emblem)
                data = pdf_cache.render_and_store(html, sha, context)
        response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def signature(request, slug: str, pk: int):
    """The approver's signature image shown on the document page."""
    document = access.get_document(request.user, _kind(slug), pk)
    if not document.signature:
        raise Http404("ไม่มีลายมือชื่อ")
    response = FileResponse(document.signature.open("rb"))
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_safe
def staff(request, slug: str, pk: int):
    """The staff page of a document: the one workflow panel (with, before approval, the
    names of other organizations found in its text: ``ita_portal.other_organizations``),
    the document, its revisions, a link to its audit history (``history``) and the kind's extras. Members only (404 for
    anybody else)."""
    kind = _kind(slug)
    document = access.get_document(request.user, kind, pk)
    if not _is_member(request.user, document):
        raise Http404("ไม่พบเอกสาร")
    context = {**kind.document_context(document), **workflow_context(request.user, document)}
    context["history_url"] = reverse("staff:document_history", args=[kind.slug, document.pk])
    if kind.edit_url_name:
        context["edit_url"] = reverse(kind.edit_url_name, args=[document.pk])
    if kind.staff_extra:
        context |= kind.staff_extra(request.user, document)
    if kind.staff_query_extra:
        context |= kind.staff_query_extra(request.user, document, request.GET)
    if not document.is_approved:  # the checklist before submission warns of other organizations' names
        context["other_organizations"] = other_organizations.document_findings(kind, document)
    return render(request, kind.staff_template, context)


@login_required
@require_safe
def history(request, slug: str, pk: int):
    """The audit history of a document (every change of the document and of each row it
    prints, newest first), on its own page: the staff page links to it instead of building
    it on every view. Members only (404 for anybody else)."""
    kind = _kind(slug)
    document = access.get_document(request.user, kind, pk)
    if not _is_member(request.user, document):
        raise Http404("ไม่พบเอกสาร")
    return render(request, "documents/history.html", {"doc": document, "kind": kind, "history": document_history(document)})


@login_required
@require_POST
def transition(request, slug: str, pk: int, name: str):
    """Run workflow transition ``name`` (submit, approve, return, revise) on the document
    for the signed-in user, then go to its staff page (a revision: to the new draft's edit
    page, where the correction is made)."""
    kind = _kind(slug)
    if name not in TRANSITION_ROLES:
        raise Http404("ไม่พบรายการนี้")
    document = access.get_document(request.user, kind, pk)
    role = access.role_in(request.user, document.organization)
    if role is None and not request.user.is_superuser:
        raise Http404("ไม่พบเอกสาร")
    if role != TRANSITION_ROLES[name]:
        raise PermissionDenied("บทบาทของคุณในหน่วยงานนี้ไม่มีสิทธิ์ทำรายการนี้")
    target = document
    try:
        note = ReviewNoteForm(request.POST)
        if not note.is_valid():
            raise transitions.TransitionError(note.error_text())
        if name == "submit":
            transitions.submit(document, by=request.user)
            messages.success(request, "เสนอเอกสารต่อผู้อำนวยการแล้ว")
        elif name == "approve":
            upload = request.FILES.get("signature")
            if upload is not None and (error := signature_image_or_error(upload)):
                raise transitions.TransitionError(error)
            transitions.approve(document, by=request.user, signature=upload, version=note.cleaned_data["version"],
                                endorsement=note.cleaned_data["endorsement"])
            messages.success(request, "อนุมัติเอกสารแล้ว เอกสารนี้ถูกล็อกไม่ให้แก้ไข")
        elif name == "return":
            transitions.return_(document, by=request.user, comment=note.cleaned_data["comment"], version=note.cleaned_data["version"])
            messages.success(request, "ส่งเอกสารกลับให้แก้ไขแล้ว")
        else:
            target = transitions.revise(document, by=request.user)
            messages.success(request, f"สร้างฉบับปรับปรุงครั้งที่ {target.revision} แล้ว")
    except (transitions.TransitionError, FrozenDocumentError, EditConflictError) as exc:
        messages.error(request, str(exc))
    if target is not document and kind.edit_url_name:
        return redirect(kind.edit_url_name, target.pk)
    return redirect(target.get_staff_url())


def document_urls(slug: str, prefix: str = "", views: tuple[str, ...] = ("page", "pdf", "staff")) -> list:
    """URL patterns of one kind's generic ``views`` ("page", "pdf", "signature", "staff"),
    all of one shape under ``prefix`` (e.g. "" or "tracking/"): ``<prefix><pk>/`` is the
    page, ``<prefix><pk>/<view>/`` the others, each named as the kind's ``urls`` declare
    (without the namespace, which is the including URL module's). Each kind keeps its
    published paths (they are cited as OIT evidence)."""
    from django.urls import path

    functions = {"page": page, "pdf": pdf, "signature": signature, "staff": staff}
    names = kinds.get(slug).urls
    return [
        path(f"{prefix}<int:pk>/" + ("" if view == "page" else f"{view}/"), functions[view], {"slug": slug},
             name=names[view].rpartition(":")[2])
        for view in views
    ]


def save_edit_page(request, forms, save: Callable[[], object], *, saved: str, then: str, document=None) -> HttpResponse | None:
    """The save step every edit page shares. On a POST, validate every form and formset in
    ``forms`` (the first one carries page-level errors); when all are valid call ``save()``:
    on success flash ``saved`` and redirect to the URL ``then``; a conflicting or frozen save
    (``EditConflictError``, ``FrozenDocumentError``) becomes an error on the first form. An
    invalid post flashes the one Thai "fix the marked fields" message. With ``document``
    (a document of a registered kind), a save whose text names another organization
    (``ita_portal.other_organizations``) also flashes a warning naming each one: the save
    stands. Returns the redirect,
    or ``None`` when the page is to be shown again with what was typed."""
    if request.method != "POST":
        return None
    forms = list(forms)
    if all([form.is_valid() for form in forms]):  # a list: every form shows its errors
        try:
            save()
        except (EditConflictError, FrozenDocumentError) as exc:
            forms[0].add_error(None, str(exc))
        else:
            messages.success(request, saved)
            if document is not None:
                _warn_other_organizations(request, document)
            return redirect(then)
    else:
        messages.error(request, "ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความแจ้งเตือน")
    return None


def _warn_other_organizations(request, document) -> None:
    """Flash one warning listing the other organizations named in the saved ``document``
    (fetched again with its rows as saved)."""
    kind = kinds.kind_of(document)
    findings = other_organizations.document_findings(kind, kind.fetch(document.pk))
    if findings:
        listed = "; ".join(f"{f.where}: “{f.found}”" for f in findings)
        messages.warning(
            request,
            f"บันทึกแล้ว แต่พบชื่อหน่วยงานอื่นในเอกสาร ({listed}) กรุณาตรวจสอบว่าไม่ได้คัดลอกมาจากเอกสารของหน่วยงานอื่น",
        )
