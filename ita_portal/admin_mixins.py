"""Admin pieces: approved (frozen) documents are read-only in the admin too, and a
document's workflow state is only ever shown there, never edited."""

from simple_history.admin import SimpleHistoryAdmin

# What only the workflow service (``ita_portal.transitions``) writes: the state, who approved
# and when, the stored PDF and its hash. Rule "status changes only through the workflow".
WORKFLOW_READONLY_FIELDS = (
    "status", "version", "revision", "submitted_at", "reviewed_at", "review_comment",
    "approver_name", "approver_position", "signature", "approved_pdf", "approved_pdf_sha256",
)


class FrozenAdminMixin:
    """A ModelAdmin whose frozen objects can be viewed but not changed or deleted."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen():
            return False
        return super().has_delete_permission(request, obj)


class FrozenParentInlineMixin:
    """An inline under a parent that may be frozen: no adding, changing or deleting then."""

    def _parent_frozen(self, obj) -> bool:
        return obj is not None and obj.is_frozen()

    def has_add_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_delete_permission(request, obj)


class WorkflowReadOnlyMixin:
    """A ModelAdmin of any registered document kind (``ita_portal.kinds.all_kinds()``) shows
    ``WORKFLOW_READONLY_FIELDS`` read-only on its add and change pages: an administrator cannot
    set ``status = approved`` (published and frozen with no director, no signature and no
    stored PDF) nor touch the approval record. Rule: status changes only through the
    workflow service. Models that are not document kinds are left as they are."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _is_document_kind(self.model):
            readonly += [name for name in WORKFLOW_READONLY_FIELDS if name not in readonly]
        return readonly

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The history page of one old version: a document kind's may be viewed but not
        posted, since a revert writes every field of the old version, its status included."""
        if request.method == "POST" and _is_document_kind(self.model):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("สถานะของเอกสารเปลี่ยนได้ทางขั้นตอนเสนอและอนุมัติเท่านั้น")
        return super().history_form_view(request, object_id, version_id, extra_context)


def _is_document_kind(model) -> bool:
    from ita_portal import kinds

    return any(kind.model is model for kind in kinds.all_kinds())


class DocumentAdmin(WorkflowReadOnlyMixin, FrozenAdminMixin, SimpleHistoryAdmin):
    """Base admin of the portal's document models: frozen-aware, workflow fields read-only
    for document kinds, with the audit history view."""
