"""Approval workflow shared by every document: draft → submitted → approved, or
submitted → returned → draft; approved documents are frozen, and the rows a submitted or
approved document prints are locked (what the director reviews is what is approved).

The states and the rules live here; each transition is one function in
``ita_portal.transitions`` wrapped in ``transaction.atomic``. Freezing is enforced on
the models themselves (``save()``, ``delete()`` and queryset ``update()``/``delete()``),
so the staff pages, the admin, imports and code all meet the same refusal.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class FrozenDocumentError(Exception):
    """Raised when something tries to change an approved (frozen) document or a row it shows.

    The message is Thai and fit to show a user.
    """


class EditConflictError(Exception):
    """Raised when a save is based on an older version of the document than the stored one
    (optimistic locking): somebody else saved in between. The message is Thai."""


class Status(models.TextChoices):
    DRAFT = "draft", "ฉบับร่าง"
    SUBMITTED = "submitted", "เสนอผู้อำนวยการแล้ว"
    RETURNED = "returned", "ส่งกลับให้แก้ไข"
    APPROVED = "approved", "อนุมัติแล้ว"


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# Rule "what is reviewed is what is approved": the rows a document prints are locked from
# submission on; the director returns the document to have them changed.
LOCKED_STATUSES = (Status.SUBMITTED, Status.APPROVED)
FROZEN_MESSAGE = "เอกสารนี้ได้รับอนุมัติแล้ว จึงแก้ไขหรือลบไม่ได้ หากต้องการแก้ไขให้จัดทำฉบับปรับปรุงใหม่"
SUBMITTED_MESSAGE = (
    "ข้อมูลนี้เป็นส่วนหนึ่งของเอกสารที่เสนอผู้อำนวยการแล้ว จึงแก้ไขไม่ได้จนกว่าผู้อำนวยการจะส่งกลับให้แก้ไข"
)
_TRANSITION_WRITES: ContextVar[bool] = ContextVar("transition_writes", default=False)


@contextmanager
def transition_writes():
    """Inside this block rows of a *submitted* document may change (a transition's own
    writes, e.g. the acknowledgements an approval signs); approved documents stay frozen."""
    token = _TRANSITION_WRITES.set(True)
    try:
        yield
    finally:
        _TRANSITION_WRITES.reset(token)


def locked_statuses() -> tuple[str, ...]:
    """The document states whose rows are refused now: submitted and approved, or only
    approved inside ``transition_writes()``."""
    return (Status.APPROVED,) if _TRANSITION_WRITES.get() else LOCKED_STATUSES
CONFLICT_MESSAGE = (
    "มีผู้อื่นบันทึกเอกสารนี้ไปก่อนหน้าคุณ ระบบจึงยังไม่บันทึกข้อมูลของคุณ "
    "กรุณาคัดลอกสิ่งที่แก้ไขไว้ แล้วเปิดเอกสารฉบับล่าสุดเพื่อแก้ไขอีกครั้ง"
)


class FrozenAwareQuerySet(models.QuerySet):
    """A queryset whose bulk ``update()``, ``delete()`` and ``bulk_create()`` refuse to touch
    frozen rows or to add rows under an approved document.

    The model defines ``frozen_q()``: a ``Q`` that selects its frozen rows (derived from the
    row paths its document kinds declare, see ``FrozenGuardMixin``).
    """

    def _refuse_frozen(self) -> None:
        if self.filter(self.model.frozen_q()).exists():
            approved = self.filter(self.model.frozen_q((Status.APPROVED,))).exists()
            raise FrozenDocumentError(FROZEN_MESSAGE if approved else SUBMITTED_MESSAGE)

    def update(self, **kwargs):
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if issubclass(self.model, FrozenGuardMixin) and self.model.parents_frozen(objs):
            raise FrozenDocumentError(self.model.frozen_message(objs))
        return super().bulk_create(objs, *args, **kwargs)


class FrozenGuardMixin:
    """For rows that a document shows: ``save()`` and ``delete()`` refuse them while the
    document is submitted or approved (``locked_statuses()``), and so does an insert under
    such a document.

    ``document_paths`` (tuple of lookups from the row to its document, e.g. ``("report",)``)
    is set by ``ita_portal.kinds.register`` from the kinds' declared rows; ``frozen_q()`` is
    derived from it. A document model itself overrides ``frozen_q()``.
    """

    document_paths: tuple[str, ...] = ()

    @classmethod
    def frozen_q(cls, statuses: tuple[str, ...] | None = None) -> Q:
        """A ``Q`` over this model selecting rows that belong to a document in one of
        ``statuses`` (default ``locked_statuses()``)."""
        statuses = statuses or locked_statuses()
        q = Q(pk__in=[])
        for path in cls.document_paths:
            q |= Q(**{f"{path}__status__in": statuses})
        return q

    @classmethod
    def frozen_message(cls, rows) -> str:
        """The Thai refusal for ``rows`` known to be locked: approved or only submitted."""
        approved = cls.parents_frozen(rows, (Status.APPROVED,)) or any(
            row.pk and cls._base_manager.filter(Q(pk=row.pk) & cls.frozen_q((Status.APPROVED,))).exists() for row in rows
        )
        return FROZEN_MESSAGE if approved else SUBMITTED_MESSAGE

    @classmethod
    def parents_frozen(cls, rows, statuses: tuple[str, ...] | None = None) -> bool:
        """Whether any of ``rows`` (saved or not) points through a foreign key of one of its
        document paths to a document in one of ``statuses`` (default ``locked_statuses()``):
        one query per path."""
        statuses = statuses or locked_statuses()
        for path in cls.document_paths:
            first, _, rest = path.partition("__")
            fk = cls._meta.get_field(first)
            if not (fk.concrete and fk.many_to_one or fk.one_to_one and fk.concrete):
                continue
            ids = {getattr(row, fk.attname) for row in rows} - {None}
            lookup = f"{rest}__status__in" if rest else "status__in"
            if ids and fk.related_model._base_manager.filter(pk__in=ids, **{lookup: statuses}).exists():
                return True
        return False

    def is_frozen(self) -> bool:
        """Whether this row belongs to a locked (submitted or approved) document, as stored
        or as it would be saved now (an insert or a move under such a document counts)."""
        stored = (
            not self._state.adding
            and bool(self.pk)
            and type(self)._base_manager.filter(Q(pk=self.pk) & self.frozen_q()).exists()
        )
        return stored or type(self).parents_frozen([self])

    def full_clean(self, *args, **kwargs):
        """Validation (model forms, the admin, imports) refuses a frozen row with a Thai
        message beside the form before anything reaches ``save()``."""
        if self.is_frozen():
            raise ValidationError(self.frozen_message([self]))
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.is_frozen():
            raise FrozenDocumentError(self.frozen_message([self]))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen():
            raise FrozenDocumentError(self.frozen_message([self]))
        return super().delete(*args, **kwargs)


class VersionedModel(FrozenGuardMixin, models.Model):
    """Abstract base of an edited document: optimistic locking on ``version``.

    Every save bumps ``version`` with a conditional UPDATE; a save made from an older
    version (somebody else saved in between) raises ``EditConflictError``, and a save of a
    frozen row raises ``FrozenDocumentError``. Nothing is overwritten silently.
    """

    version = models.PositiveIntegerField("ฉบับที่บันทึก", default=1, editable=False)

    objects = FrozenAwareQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save with optimistic locking: refuse when the stored version moved on."""
        if self.pk and not kwargs.get("force_insert"):
            manager = type(self)._base_manager
            bumped = models.QuerySet.update(
                manager.filter(pk=self.pk, version=self.version).exclude(self.frozen_q()),
                version=F("version") + 1,
            )
            if not bumped:
                if manager.filter(Q(pk=self.pk) & self.frozen_q()).exists():
                    raise FrozenDocumentError(self.frozen_message([self]))
                if manager.filter(pk=self.pk).exists():
                    raise EditConflictError(CONFLICT_MESSAGE)
            else:
                self.version += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        models.Model.save(self, *args, **kwargs)


class WorkflowDocument(VersionedModel):
    """Abstract base of a document that a supervisor writes and the director approves.

    Saving is optimistic-locked (``VersionedModel``). Approval records who approved, their position and when, and an
    optional signature image; the approved PDF is stored once with its SHA-256 (hex).
    ``revision_of`` links a correction to the approved document it corrects.
    """

    Status = Status

    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("เสนอเมื่อ", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เสนอ", editable=False,
    )
    reviewed_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้พิจารณา", editable=False,
    )
    review_comment = models.TextField("ความเห็นของผู้อำนวยการ", blank=True, editable=False)
    approver_name = models.CharField("ชื่อผู้อนุมัติ", max_length=255, blank=True, editable=False)
    approver_position = models.CharField("ตำแหน่งผู้อนุมัติ", max_length=255, blank=True, editable=False)
    signature = models.ImageField("ลายมือชื่อผู้อนุมัติ", upload_to="signatures/%Y/", blank=True, editable=False)
    approved_pdf = models.FileField("PDF ฉบับอนุมัติ", upload_to="approved/%Y/", blank=True, editable=False)
    approved_pdf_sha256 = models.CharField("SHA-256 ของ PDF ฉบับอนุมัติ", max_length=64, blank=True, editable=False)
    revision = models.PositiveSmallIntegerField("ฉบับปรับปรุงครั้งที่", default=1, editable=False)
    revision_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions",
        verbose_name="ปรับปรุงจากฉบับ", editable=False,
    )
    # What a source document said differently from what the portal prints (a seed, an
    # import): a list of ``{"where", "source", "printed"}`` (``ita_portal.documents.SourceNote``),
    # listed for staff; never printed in the document.
    source_notes = models.JSONField("ข้อความที่ต้นฉบับระบุต่างจากที่ระบบพิมพ์", default=list, blank=True, editable=False)
    # Rule "totals that disagree" (``DocumentKind.totals_check``): the supervisor's reason
    # for submitting a document whose own totals disagree; printed as its footnote.
    totals_reason = models.TextField(
        "เหตุผลที่ยอดรวมไม่ตรงกัน", blank=True,
        help_text="กรอกเมื่อยอดรวมในเอกสารไม่ตรงกัน ระบบพิมพ์เหตุผลนี้เป็นหมายเหตุท้ายเอกสาร",
    )

    class Meta:
        abstract = True

    def source_differences(self) -> list:
        """The stored ``source_notes`` as ``SourceNote`` value objects, in order."""
        from ita_portal.documents import SourceNote

        return [SourceNote.from_data(row) for row in self.source_notes or []]

    @classmethod
    def frozen_q(cls, statuses: tuple[str, ...] | None = None) -> Q:
        """The document itself is frozen once approved (while it is submitted, only the
        workflow changes it: staff pages refuse to edit it, ``access.document_actions``)."""
        return Q(status=Status.APPROVED)

    @classmethod
    def frozen_message(cls, rows) -> str:
        return FROZEN_MESSAGE

    def save_edit(self, version: int, **kwargs) -> None:
        """Save a staff page's edit made from ``version`` (optimistic locking: raises
        ``EditConflictError`` when somebody saved in between, ``FrozenDocumentError`` when
        approved); a document returned for correction goes back to draft."""
        self.version = version
        if self.status == Status.RETURNED:
            self.status = Status.DRAFT
        self.save(**kwargs)

    def store_approved_pdf(self, data: bytes) -> str:
        """Store ``data`` as the signed PDF of this approved document when it was rendered
        after the approval (a long document, by the task worker: ``transitions``), with its
        SHA-256; return the hash. The approval record's own completion, the one write an
        approved document takes, and only once: a stored PDF is never replaced
        (``FrozenDocumentError`` then, and for a document that is not approved)."""
        import hashlib

        from django.core.files.base import ContentFile

        if not self.is_approved or self.approved_pdf:
            raise FrozenDocumentError(FROZEN_MESSAGE)
        sha = hashlib.sha256(data).hexdigest()
        self.approved_pdf.save(f"{self.file_stem()}.pdf", ContentFile(data), save=False)
        stored = models.QuerySet.update(
            type(self)._base_manager.filter(pk=self.pk, status=Status.APPROVED, approved_pdf=""),
            approved_pdf=self.approved_pdf.name, approved_pdf_sha256=sha,
        )
        if not stored:  # another worker stored it meanwhile: keep theirs
            self.approved_pdf.storage.delete(self.approved_pdf.name)
            raise FrozenDocumentError(FROZEN_MESSAGE)
        self.approved_pdf_sha256 = sha
        return sha

    def _url(self, view: str) -> str:
        from ita_portal import kinds

        return reverse(kinds.kind_of(self).urls[view], args=[self.pk])

    def get_absolute_url(self) -> str:
        """The document's page (its kind's ``urls["page"]``)."""
        return self._url("page")

    def get_pdf_url(self) -> str:
        return self._url("pdf")

    def get_staff_url(self) -> str:
        return self._url("staff")

    def file_stem(self) -> str:
        """A file name without extension that sorts and identifies the document: organization
        code, fiscal year (BE), kind and id, e.g. ``"1065_2563_quarterly-report12"``."""
        from ita_portal import kinds

        return f"{self.organization.code}_{self.fiscal_year}_{kinds.kind_of(self).slug}{self.pk}"

    @property
    def is_editable(self) -> bool:
        """Content may change: a draft, or a document returned for correction."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status == Status.APPROVED
