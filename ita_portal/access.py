"""Who may do what with an organization's documents.

One rule for every view, list and admin page (issue "Workflow", point 2):

* a user sees only the organizations they are a member of (``Membership``);
* supervisors (ผู้รับผิดชอบ/ศึกษานิเทศก์) read, create and edit drafts and submit them;
* directors (ผู้อำนวยการ) read everything and approve or return, never edit content;
* viewers read;
* superusers (administrators) read everything and act as any role.

``check(user, organization, action)`` raises ``Http404`` for an outsider (the document's
existence is not revealed) and ``PermissionDenied`` (403) for a member whose role does not
allow ``action``. List views use ``organizations_for(user)`` or a model's ``for_user()``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ita_portal.models import Membership, Organization

READ = "read"
EDIT = "edit"  # create and change drafts, submit
REVIEW = "review"  # approve or return

ROLE_ACTIONS = {
    Membership.Role.SUPERVISOR: {READ, EDIT},
    Membership.Role.DIRECTOR: {READ, REVIEW},
    Membership.Role.VIEWER: {READ},
}


def role_in(user, organization: Organization) -> str | None:
    """The user's role in ``organization`` ("supervisor", "director", "viewer") or ``None``.

    Uses ``user._roles`` ({organization id: role}) cached on the user object per request.
    """
    if not user.is_authenticated:
        return None
    roles = getattr(user, "_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._roles = roles
    return roles.get(organization.pk if isinstance(organization, Organization) else organization)


def can(user, organization, action: str) -> bool:
    """Whether ``user`` may do ``action`` (READ, EDIT, REVIEW) in ``organization``."""
    if user.is_authenticated and user.is_superuser:
        return True
    role = role_in(user, organization)
    return role is not None and action in ROLE_ACTIONS[role]


def check(user, organization, action: str) -> None:
    """Raise ``Http404`` for an outsider, ``PermissionDenied`` for a member without ``action``."""
    if user.is_authenticated and user.is_superuser:
        return
    role = role_in(user, organization)
    if role is None:
        raise Http404("ไม่พบเอกสาร")
    if action not in ROLE_ACTIONS[role]:
        raise PermissionDenied("บทบาทของคุณในหน่วยงานนี้ไม่มีสิทธิ์ทำรายการนี้")


def organizations_for(user, action: str = READ):
    """The organizations in which ``user`` may do ``action`` (all of them for a superuser)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()
