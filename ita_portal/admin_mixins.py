"""Admin pieces: approved (frozen) documents are read-only in the admin too."""

from simple_history.admin import SimpleHistoryAdmin


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


class DocumentAdmin(FrozenAdminMixin, SimpleHistoryAdmin):
    """Base admin of the portal's document models: frozen-aware, with the audit history view."""
