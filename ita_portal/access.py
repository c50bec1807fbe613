"""Who may do what with an organization's documents.

One rule for every view, list and admin page:

* a user sees only the organizations they are a member of (``Membership``);
* supervisors (ผู้รับผิดชอบ/ศึกษานิเทศก์) read, create and edit drafts and submit them;
* directors (ผู้อำนวยการ) read everything and approve or return, never edit content;
* supervisors and directors start the organization's new ITA year (``START_YEAR``);
* viewers read;
* superusers (administrators) read everything and act as any role, and alone do the
  portal-wide actions (``check_portal``: the frameworks and their calendars);
* oversight: the members of an organization above this one (``Organization.parent``, at
  most ``MAX_DEPTH`` levels: OBEC → educational service area office → school; the Office of
  the Permanent Secretary → provincial education office) read this organization's documents
  once they are submitted or approved, and nothing more. The parent oversees what its units
  put forward and publish; a unit's drafts and returned documents are still its own working
  copies, 404 to the parent as to any outsider. The overseer never edits, submits, approves,
  returns or revises, and gets nothing at the organization level (``check``, ``can``,
  ``organizations_for``): no project, checklist entry or export of the unit; only documents,
  through ``document_actions``. Oversight runs downward only: a school sees only itself.

``check(user, organization, action)`` raises ``Http404`` for an outsider (the document's
existence is not revealed) and ``PermissionDenied`` (403) for a member whose role does not
allow ``action``. List views use ``organizations_for(user)`` or a model's ``for_user()``;
a list of workflow documents filters with ``readable_documents_q``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from ita_portal.models import Membership, Organization
from ita_portal.workflow import LOCKED_STATUSES, Status

READ = "read"
EDIT = "edit"  # create and change drafts
SUBMIT = "submit"  # send a draft to the director
REVIEW = "review"  # approve or return
REVISE = "revise"  # start a correction of an approved document
START_YEAR = "start_year"  # start the organization's ITA year (its ITA result and OIT checklist)
# Of a unit (``check_unit``): record verdicts on its OIT checklist items (the school round).
ASSESS = "assess"
# Portal-wide, not of an organization (``check_portal``): administrators only.
MANAGE_FRAMEWORKS = "manage_frameworks"  # correct, verify and copy the assessing bodies' frameworks
PORTAL_ACTIONS = {MANAGE_FRAMEWORKS: "เฉพาะผู้ดูแลระบบเท่านั้นที่จัดการกรอบการประเมินและปฏิทินการประเมินได้"}

# Not a membership role: ``role_in`` answers it for a member of an organization above.
OVERSIGHT = "oversight"
# What an overseer reads: what the unit has put forward (submitted) or published (approved).
OVERSIGHT_STATUSES = LOCKED_STATUSES

ROLE_ACTIONS = {
    Membership.Role.SUPERVISOR: {READ, EDIT, START_YEAR},
    Membership.Role.DIRECTOR: {READ, REVIEW, START_YEAR},
    Membership.Role.VIEWER: {READ},
    Membership.Role.ASSESSOR: {READ},  # in its own office; its units: ``check_unit``
    OVERSIGHT: set(),  # nothing at the organization level; documents: ``document_actions``
}


def roles_of(user) -> dict[int, str]:
    """``{organization id: role}`` of ``user``'s memberships (empty when signed out), cached
    on the user object as ``user._roles`` for the request (one query the first time)."""
    if not user.is_authenticated:
        return {}
    roles = getattr(user, "_roles", None)
    if roles is None:
        roles = dict(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._roles = roles
        user._overseen = {}  # computed from the memberships: renewed with them
    return roles


def role_in(user, organization: Organization) -> str | None:
    """The user's role in ``organization`` ("supervisor", "director", "viewer"), ``OVERSIGHT``
    when they are a member of an organization above it and of none of its own, or ``None``.

    ``organization`` is an ``Organization`` or its id. Uses ``user._roles`` ({organization
    id: role}) cached on the user object per request; oversight costs no query when the
    organization has no parent or its parent is one of the user's, otherwise one query for
    the rest of its ancestors, cached as ``user._overseen`` ({organization id: bool}).
    """
    if not user.is_authenticated:
        return None
    roles = roles_of(user)
    pk = organization.pk if isinstance(organization, Organization) else organization
    role = roles.get(pk)
    if role is not None or not roles:
        return role
    return OVERSIGHT if _oversees(user, roles, organization) else None


def _oversees(user, roles: dict, organization) -> bool:
    """Whether one of ``roles``' organizations is above ``organization`` (instance or id)."""
    if isinstance(organization, Organization):
        if organization.parent_id is None:
            return False
        if organization.parent_id in roles:
            return True
        pk = organization.pk
    else:
        pk = organization
    overseen = getattr(user, "_overseen", None)
    if overseen is None:
        overseen = user._overseen = {}
    if pk not in overseen:
        if not isinstance(organization, Organization):
            organization = Organization.objects.filter(pk=pk).only("pk", "parent_id").first()
        ancestors = organization.ancestor_ids() if organization is not None else ()
        overseen[pk] = any(ancestor in roles for ancestor in ancestors)
    return overseen[pk]


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
    if role is None or role == OVERSIGHT:  # an overseer is an outsider at this level
        raise Http404("ไม่พบเอกสาร")
    if action not in ROLE_ACTIONS[role]:
        raise PermissionDenied("บทบาทของคุณในหน่วยงานนี้ไม่มีสิทธิ์ทำรายการนี้")


def assesses(user, organization: Organization) -> bool:
    """Whether ``user`` is an assessor (``Membership.Role.ASSESSOR``) of an organization
    above ``organization`` — who scores its OIT items in the school round — or a superuser.
    Uses the roles cached by ``roles_of`` and ``organization.ancestor_ids()`` (at most one
    query, cached on the instance)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = roles_of(user)
    return any(roles.get(pk) == Membership.Role.ASSESSOR for pk in organization.ancestor_ids())


def assesses_units_of(user, office: Organization) -> bool:
    """Whether ``user`` is an assessor of ``office`` itself (so assesses its units) or a
    superuser: what the office's list of its schools offers. No query once ``roles_of`` ran."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or roles_of(user).get(office.pk) == Membership.Role.ASSESSOR


def check_unit(user, organization: Organization, action: str = READ) -> None:
    """The rule of the school round's pages, where an office looks at one of its units'
    OIT checklists: READ for the members of an organization above ``organization``
    (``OVERSIGHT``: read only) and for its own members; ASSESS (record verdicts, decide on
    clarifications) for the assessors above it (``assesses``) and superusers only. Raises
    ``Http404`` for anyone else (another office, a signed-out visitor: the unit's work is not
    revealed) and ``PermissionDenied`` (403) for a reader without ASSESS. The unit's own
    evidence stays the unit's: nothing here lets the office edit it (``check`` still says 404)."""
    if user.is_authenticated and user.is_superuser:
        return
    if role_in(user, organization) is None:
        raise Http404("ไม่พบเอกสาร")
    if action == ASSESS and not assesses(user, organization):
        raise PermissionDenied("เฉพาะผู้ประเมินของหน่วยงานต้นสังกัดเท่านั้นที่บันทึกผลการตรวจของสถานศึกษาได้")
    if action not in (READ, ASSESS):
        raise ValueError(f"unknown unit action {action!r}")


def check_portal(user, action: str) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` may do the portal-wide ``action``
    (``PORTAL_ACTIONS``): administrators (superusers) only — a framework belongs to the
    portal, not to an office. ``ValueError`` for an unknown action."""
    if action not in PORTAL_ACTIONS:
        raise ValueError(f"unknown portal action {action!r}")
    if not (user.is_authenticated and user.is_superuser):
        raise PermissionDenied(PORTAL_ACTIONS[action])


def organizations_for(user, action: str = READ):
    """The organizations in which ``user`` may do ``action`` (all of them for a superuser)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def document_actions(user, document) -> frozenset[str]:
    """What ``user`` may do with ``document`` (a registered workflow document) now: a
    subset of READ, EDIT, SUBMIT, REVIEW, REVISE. The one rule for views and services:

    * READ: anyone when the document is approved (published); otherwise its members and
      superusers, and the members of an organization above its own (``OVERSIGHT``) once it
      is submitted (read only: the overseer gets no other action in any state);
    * EDIT: a supervisor of its organization, or a superuser, while it is a draft or returned;
    * SUBMIT: a supervisor, while it is a draft or returned;
    * REVIEW (approve, return): its director, while it is submitted;
    * REVISE: a supervisor, while it is approved and no revision of it exists yet.

    A superuser reads and edits everything but submits, reviews and revises only through a
    membership of that role, like everybody else: the director's signature is the director's.
    """
    organization = document.organization
    role = role_in(user, organization)
    superuser = user.is_authenticated and user.is_superuser
    actions = set()
    if role == OVERSIGHT and not superuser:
        return frozenset({READ}) if document.status in OVERSIGHT_STATUSES else frozenset()
    if role == OVERSIGHT:  # an administrator keeps an administrator's rights
        role = None
    if document.is_approved or role is not None or superuser:
        actions.add(READ)
    editable = document.is_editable
    if editable and (role == Membership.Role.SUPERVISOR or superuser):
        actions.add(EDIT)
    if editable and role == Membership.Role.SUPERVISOR:
        actions.add(SUBMIT)
    if document.status == "submitted" and role == Membership.Role.DIRECTOR:
        actions.add(REVIEW)
    if document.is_approved and role == Membership.Role.SUPERVISOR and not _has_revision(document):
        actions.add(REVISE)
    return frozenset(actions)


def readable_documents_q(user, organization_path: str = "organization") -> Q:
    """The ``Q`` on a workflow document model of the documents ``user`` may read, the READ
    of ``document_actions`` as one filter (``organization_path``: the lookup from the
    document to its organization, e.g. "project__organization"): every approved document;
    every document of the user's organizations; the submitted ones of the organizations
    below them (oversight, ``Organization.objects.under``); everything for a superuser."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    q = Q(status=Status.APPROVED)
    organizations = list(roles_of(user))
    if organizations:
        q |= Q(**{f"{organization_path}__in": organizations})
        q |= Q(status__in=OVERSIGHT_STATUSES, **{f"{organization_path}__in": Organization.objects.under(organizations).values("pk")})
    return q


def _has_revision(document) -> bool:
    cached = getattr(document, "_has_revision", None)
    if cached is None:
        cached = type(document)._base_manager.filter(revision_of=document.pk).exists()
        document._has_revision = cached
    return cached


def check_document(user, document, action: str = READ) -> None:
    """Raise ``Http404`` when ``user`` may not even read ``document`` (its existence is not
    revealed: an unpublished document is 404 to outsiders and anonymous visitors alike),
    and ``PermissionDenied`` when they may read it but not ``action``."""
    actions = document_actions(user, document)
    if READ not in actions:
        raise Http404("ไม่พบเอกสาร")
    if action not in actions:
        raise PermissionDenied("บทบาทของคุณหรือสถานะของเอกสารไม่อนุญาตให้ทำรายการนี้")


def get_document(user, kind, pk, action: str = READ):
    """The one fetch helper of document views: the document ``pk`` of ``kind`` (an
    ``ita_portal.kinds.DocumentKind``) fetched with everything it prints, after
    ``check_document(user, document, action)``. Raises ``Http404`` / ``PermissionDenied``."""
    try:
        document = kind.fetch(pk)
    except kind.model.DoesNotExist:
        raise Http404("ไม่พบเอกสาร") from None
    check_document(user, document, action)
    return document
