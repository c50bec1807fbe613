"""The one workflow service: submit, return, approve and revise any registered document.

draft → submitted → approved, or submitted → returned → draft (when the supervisor saves
again); an approved document is corrected by a new revision that references it (the
approved one stays frozen and public until the revision is approved). Each transition is
one ``transaction.atomic`` function that re-reads the document under a row lock, checks the
user's right with the one access rule (``ita_portal.access.document_actions``), runs the
kind's hooks (``ita_portal.kinds.DocumentKind``), records who and when, and e-mails the
people who must act next once the transaction commits. Approval renders the PDF once from
the kind's template and stores it with its SHA-256 (hex); the signature image, when given,
is printed in the certifier block.

An illegal transition raises ``TransitionError`` (Thai message) and changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.tasks import task
from django.utils import timezone

from ita_portal import access, kinds, thai
from ita_portal.models import Membership
from ita_portal.pdf import embedding, render_pdf
from ita_portal.workflow import Status, transition_writes

ROLE_NAMES = {Membership.Role.SUPERVISOR: "ผู้รับผิดชอบ (ศึกษานิเทศก์)", Membership.Role.DIRECTOR: "ผู้อำนวยการ"}
# Fields of WorkflowDocument that a revision does not copy: it starts as a fresh draft.
WORKFLOW_FIELDS = {
    "id", "version", "status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "review_comment",
    "approver_name", "approver_position", "signature", "approved_pdf", "approved_pdf_sha256", "revision",
    "revision_of", "created_at", "updated_at",
}


class TransitionError(Exception):
    """A transition that the document's state or the user's role does not allow (Thai message)."""


def _locked(document):
    """Re-read ``document`` under a row lock so two transitions cannot interleave."""
    return type(document).objects.select_for_update().get(pk=document.pk)


def _reviewed(document, version: int | None) -> None:
    """Rule "the director approves what they saw": raise ``TransitionError`` when the
    document changed after the version the director's page showed (``None``: not checked,
    e.g. a command that approves)."""
    if version is not None and version != document.version:
        raise TransitionError(
            "เอกสารนี้มีการเปลี่ยนแปลงหลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่ดำเนินการ "
            "กรุณาตรวจสอบเอกสารฉบับล่าสุดอีกครั้งก่อนพิจารณา"
        )


def _require(user, document, action: str, role: str, what: str) -> None:
    """Raise ``TransitionError`` unless ``user`` may do ``action`` on ``document`` now.

    The message names the role needed when the user lacks it, or the state that forbids it.
    The user's roles are read afresh inside the transition's transaction (not the copy
    cached on the user object for a request).
    """
    user.__dict__.pop("_roles", None)
    if action in access.document_actions(user, document):
        return
    if access.role_in(user, document.organization) != role:
        raise TransitionError(f"เฉพาะ{ROLE_NAMES[role]}ของหน่วยงานนี้เท่านั้นที่ทำรายการนี้ได้")
    if action == access.REVISE and document.is_approved:
        latest = type(document).objects.filter(revision_of=document).order_by("-revision").first()
        raise TransitionError(f"มีฉบับปรับปรุงครั้งที่ {latest.revision} อยู่แล้ว ให้แก้ไขฉบับนั้นแทน")
    raise TransitionError(f"{what}ไม่ได้ เพราะเอกสารอยู่ในสถานะ “{document.get_status_display()}”")


@transaction.atomic
def submit(document, *, by, at=None):
    """The supervisor sends a draft (or a returned document) to the director; the directors
    are e-mailed. Returns the document as saved.

    Rule "completeness before submit": a document the kind finds incomplete
    (``DocumentKind.missing``: its ``check_submit``, and totals that disagree without a reason) (a non-empty list of Thai sentences) is refused with ``TransitionError``
    naming every gap, and nothing changes. ``at``: when it was submitted (aware datetime;
    now when ``None``; ``publish`` gives a seed document's own date)."""
    kind = kinds.kind_of(document)
    document = _locked(document)
    _require(by, document, access.SUBMIT, Membership.Role.SUPERVISOR, "เสนอเอกสาร")
    missing = kind.missing(document)
    if missing:
        raise TransitionError("เสนอเอกสารไม่ได้ เพราะยังไม่ครบ: " + "; ".join(missing))
    document.status = Status.SUBMITTED
    document.submitted_at = at or timezone.now()
    document.submitted_by = by
    document.save()
    _mail(_role_emails(document, Membership.Role.DIRECTOR), f"มี{kind.label}รอการอนุมัติ",
          f"{by.get_full_name() or by.username} เสนอเอกสารเพื่อขออนุมัติ", document)
    return document


@transaction.atomic
def return_(document, *, by, comment: str, version: int | None = None):
    """The director sends a submitted document back with a comment (required); the
    submitter is e-mailed the comment. ``version``: the version the director reviewed
    (``_reviewed``)."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขก่อนส่งกลับ")
    kind = kinds.kind_of(document)
    document = _locked(document)
    _require(by, document, access.REVIEW, Membership.Role.DIRECTOR, "ส่งกลับ")
    _reviewed(document, version)
    document.status = Status.RETURNED
    document.reviewed_at = timezone.now()
    document.reviewed_by = by
    document.review_comment = comment
    document.save()
    _mail(_submitter_emails(document), f"{kind.label}ถูกส่งกลับให้แก้ไข", f"ความเห็นของผู้อำนวยการ: {comment}", document)
    return document


def approve(document, *, by, signature=None, version: int | None = None, at=None, **extra):
    """The director approves a submitted document as reviewed at ``version``
    (``_reviewed``): records who, their position and when,
    keeps the optional signature image (an upload already checked to be PNG or JPEG),
    runs the kind's ``on_approve`` hook with ``extra`` (e.g. a memo's ``endorsement``),
    renders the PDF once and stores it with its SHA-256. The document is frozen and public
    from then on; the submitter is e-mailed.

    Rule "an approval writes one PDF": the files (signature, PDF) are written only after the
    row lock is held and every check has passed, and an approval whose transaction does not
    commit (refused, or failing after the files were written: a lost database, SQLite refusing
    a second writer) deletes the files it wrote. Parallel approvals of one document therefore
    leave one approved PDF; the others are refused with ``TransitionError`` ("อนุมัติไม่ได้
    เพราะเอกสารอยู่ในสถานะ “อนุมัติแล้ว”"). Called inside an outer transaction that later
    rolls back, the files stay (the outer caller owns that transaction). ``at``: when it was
    approved (aware datetime; now when ``None``)."""
    written: list = []  # [(storage, name)] of the files this approval wrote
    try:
        with transaction.atomic():
            return _approve(document, by=by, signature=signature, version=version, at=at, written=written, **extra)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _approve(document, *, by, signature, version, at, written: list, **extra):
    """``approve`` inside its transaction; appends each file it writes to ``written``."""
    kind = kinds.kind_of(document)
    document = _locked(document)
    _require(by, document, access.REVIEW, Membership.Role.DIRECTOR, "อนุมัติ")
    _reviewed(document, version)
    if kind.check_approve:
        kind.check_approve(document)
    organization = document.organization
    membership = Membership.objects.filter(user=by, organization=organization.pk).first()
    if kind.on_approve:
        with transition_writes():  # the hook's rows belong to this submitted document
            kind.on_approve(document, by, **({"at": at} if at else {}), **extra)
    document.status = Status.APPROVED
    document.reviewed_at = at or timezone.now()
    document.reviewed_by = by
    document.review_comment = ""
    document.approver_name = organization.director_name or by.get_full_name() or by.username
    document.approver_position = (membership.position if membership else "") or organization.director_title
    if signature is not None:
        extension = "png" if getattr(signature, "content_type", "") == "image/png" else "jpg"
        document.signature.save(f"{kind.slug}{document.pk}-signature.{extension}", signature, save=False)
        written.append((document.signature.storage, document.signature.name))
    full = _as_approved(kind, document)
    if _renders_long(kind, full):  # rule "long renders run in the background": the worker stores the PDF
        document.save()
        transaction.on_commit(lambda: store_approved_pdf_later(kind.slug, document.pk))
        _mail(_submitter_emails(document), f"{kind.label}ได้รับอนุมัติแล้ว",
              "ไฟล์ PDF ฉบับอนุมัติกำลังจัดทำ ระบบจะแจ้ง SHA-256 ของไฟล์อีกครั้งเมื่อเสร็จ", document)
        return document
    with embedding(full):  # only the document's own files: the signature just saved, its emblem
        pdf = render_pdf(kind.pdf_template, kind.document_context(full))
    document.approved_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    document.approved_pdf.save(f"{document.file_stem()}.pdf", ContentFile(pdf), save=False)
    written.append((document.approved_pdf.storage, document.approved_pdf.name))
    document.save()
    _mail(_submitter_emails(document), f"{kind.label}ได้รับอนุมัติแล้ว",
          f"SHA-256 ของ PDF ฉบับอนุมัติ: {document.approved_pdf_sha256}", document)
    return document


APPROVAL_FIELDS = ("status", "approver_name", "approver_position", "signature", "reviewed_at")


def _as_approved(kind, document):
    """``document`` fetched with everything it prints, with the approval's fields being
    written: what its approved PDF prints."""
    full = kind.fetch(document.pk)
    for name in APPROVAL_FIELDS + kind.approve_fields:
        setattr(full, name, getattr(document, name))
    return full


def _renders_long(kind, document) -> bool:
    """Whether ``document``'s PDF HTML is over ``pdf_cache.INLINE_HTML_CHARS`` (a long
    document, whose approved PDF the task worker renders)."""
    from ita_portal import pdf_cache

    html, _sha = pdf_cache.html_for(kind.pdf_template, kind.document_context(document))
    return len(html) > pdf_cache.INLINE_HTML_CHARS


def store_approved_pdf_later(slug: str, pk: int) -> bool:
    """Queue ``store_approved_pdf`` for document ``pk`` of kind ``slug`` unless it was queued
    in the last ``pdf_cache.QUEUED_SECONDS``; return whether it was queued now."""
    from django.core.cache import cache

    from ita_portal import pdf_cache

    if not cache.add(f"approved-pdf:queued:{slug}:{pk}", True, pdf_cache.QUEUED_SECONDS):
        return False
    store_approved_pdf.enqueue(slug=slug, pk=pk)
    return True


@task()
def store_approved_pdf(*, slug: str, pk: int) -> str:
    """The worker's part of approving a long document: render its PDF as approved (it is
    frozen since, so it prints what the director approved), store it with its SHA-256
    (``WorkflowDocument.store_approved_pdf``) and e-mail the hash to the submitter; return
    the hash, or ``""`` when the PDF was stored already."""
    kind = kinds.get(slug)
    document = kind.fetch(pk)
    if not document.is_approved or document.approved_pdf:
        return ""
    with embedding(document):
        pdf = render_pdf(kind.pdf_template, kind.document_context(document))
    sha = document.store_approved_pdf(pdf)
    _mail(_submitter_emails(document), f"ไฟล์ PDF ฉบับอนุมัติของ{kind.label}พร้อมแล้ว", f"SHA-256 ของ PDF ฉบับอนุมัติ: {sha}", document)
    return sha


@transaction.atomic
def revise(document, *, by):
    """The supervisor starts a correction of an approved document: a new draft (revision
    + 1) that references it, with a copy of its own fields and of every row the kind
    declares with ``copy=True``. Only the latest approved revision may be revised.
    Returns the new draft; the directors are e-mailed that an approved document is being
    corrected (the approved one stays public until they approve the revision)."""
    kind = kinds.kind_of(document)
    document = _locked(document)
    _require(by, document, access.REVISE, Membership.Role.SUPERVISOR, "จัดทำฉบับปรับปรุง")
    revision = copy_document(kind, document, revision=document.revision + 1, revision_of=document)
    _mail(_role_emails(document, Membership.Role.DIRECTOR), f"เริ่มจัดทำ{kind.label}ฉบับปรับปรุงครั้งที่ {revision.revision}",
          f"{by.get_full_name() or by.username} เริ่มแก้ไขเอกสารที่อนุมัติแล้ว ฉบับที่อนุมัติยังคงเผยแพร่อยู่จนกว่าฉบับปรับปรุงจะได้รับอนุมัติ", revision)
    return revision


def copy_document(kind, document, **changes):
    """A new draft copy of ``document`` with ``changes`` applied, and copies of its declared
    rows (``Row.copy``), keeping parent links between copied rows. Used by ``revise``."""
    model = type(document)
    values = {
        f.attname: getattr(document, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in WORKFLOW_FIELDS and f.name not in kind.revision_fields_reset
    }
    new = model(**values, **changes)
    new.status = Status.DRAFT
    new.save()
    copied: dict[type, dict[int, int]] = {model: {document.pk: new.pk}}
    for row in kind.rows:
        if not row.copy:
            continue
        first = row.path.split("__")[0]
        fk = row.model._meta.get_field(first)
        mapping = copied.get(fk.related_model)
        if mapping is None:
            raise ValueError(f"{row.model.__name__}: copy its parent {fk.related_model.__name__} first")
        rows = list(row.model._base_manager.filter(**{f"{first}_id__in": list(mapping)}).order_by("pk"))
        copied[row.model] = _copy_rows(row.model, rows, fk, mapping, copied)
    return new


def _copy_rows(model, rows, fk, mapping, copied) -> dict[int, int]:
    """Copy ``rows`` of ``model`` re-pointing ``fk`` through ``mapping`` (old id → new id),
    other foreign keys to already copied rows likewise (a row's parent in a tree of the same
    model included: parents are copied before their children), and many-to-many links as
    they are. Returns the old id → new id map of the copies."""
    result: dict[int, int] = {}
    own = [f for f in model._meta.concrete_fields if f.many_to_one and f.related_model is model]
    pending = list(rows)
    while pending:
        ready = [r for r in pending if all(getattr(r, f.attname) in (None, *result) for f in own)]
        if not ready:  # a parent outside the copied rows: keep pointing where it pointed
            ready = pending[:1]
        for old in ready:
            values = {f.attname: getattr(old, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
            values[fk.attname] = mapping[getattr(old, fk.attname)]
            for f in model._meta.concrete_fields:
                targets = result if f.related_model is model else copied.get(f.related_model)
                if f.many_to_one and f is not fk and targets is not None and values[f.attname] is not None:
                    values[f.attname] = targets.get(values[f.attname], values[f.attname])
            new = model(**values)
            new.save()
            for m2m in model._meta.many_to_many:
                getattr(new, m2m.name).set(getattr(old, m2m.name).all())
            result[old.pk] = new.pk
        pending = [r for r in pending if r.pk not in result]
    return result


DATE_NOTE_WHERE = "วันที่เสนอและอนุมัติ"


@transaction.atomic
def publish(document, *, supervisor, director):
    """Submit and approve a seed document through the same transitions as the staff pages
    (used by ``load_demo``); an approved document is returned as it is.

    A seed document was published long ago: its submission, its approval and the history
    rows of it and of the rows it owns (``Row.copy``) are dated with its own date
    (``DocumentKind.historical_date``, at 12:00 local time), never with the time of the
    load. When that date is not printed on the document, a source note (added before
    submission) says the source gives none and which date the portal recorded instead."""
    if document.is_approved:
        return document
    kind = kinds.kind_of(document)
    day, basis = kind.historical_date(document)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    if basis and not any(n.get("where") == DATE_NOTE_WHERE for n in document.source_notes):
        document.source_notes = [*document.source_notes, {
            "where": DATE_NOTE_WHERE, "source": "ต้นฉบับไม่ระบุวันที่",
            "printed": f"{thai.format_date(day, thai.THAI)} ({basis})",
        }]
        document.save(update_fields=["source_notes"])
    document = approve(submit(document, by=supervisor, at=at), by=director, at=at)
    sources = [(kind.model, models.Q(id=document.pk))]
    sources += [(row.model, kinds.history_condition(row, document)) for row in kind.rows if row.copy and hasattr(row.model, "history")]
    for model, condition in sources:
        model.history.model.objects.filter(condition).update(history_date=at)
    return document


def _role_emails(document, role: str) -> list[str]:
    return list(
        Membership.objects.filter(organization=document.organization.pk, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _submitter_emails(document) -> list[str]:
    user = document.submitted_by
    return [user.email] if user is not None and user.email else []


def _mail(emails: list[str], subject: str, text: str, document) -> None:
    """Send the mail when the transaction commits (nothing is sent for a rolled-back one)."""
    if not emails:
        return
    body = f"{text}\n\n{document}\n{document.organization.name}\n{settings.SITE_URL}{document.get_staff_url()}"
    transaction.on_commit(lambda: send_mail(f"[ITA Portal] {subject}", body, None, emails, fail_silently=False))


