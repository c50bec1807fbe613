"""What needs each person now (งานของฉัน) and the staff menu, both read from the registry of
document kinds (``ita_portal.kinds``) and from what the apps register here; the core imports
no app.

* ``my_work(user, today)``: the landing page after signing in. For a supervisor of an
  organization: its documents returned for correction (with the director's comment, the
  document's ``review_comment``) and its drafts, of every kind and every fiscal year; for a
  director: every document of the organization submitted to them, oldest first. The apps add
  what is due (a quarterly report of this quarter, OIT items …) through
  ``register_work_source``. One query per kind, whatever the number of documents.
* ``waiting_count(user, today)``: how many lines the landing page lists (the count beside
  "งานของฉัน" in the navigation and the landing page's total): one query for every kind
  together, plus the registered sources' own.
* ``menu(user)``: the persistent menu by section (``SECTIONS``): each kind's list of
  documents (``kind.section``) and the links the apps register with ``register_link``.

Who does what follows ``ita_portal.access``: a supervisor edits and submits drafts, a director
approves or returns what is submitted; only memberships count here (an administrator's
superuser rights do not make every office's drafts their work).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ita_portal import access, kinds, thai
from ita_portal.models import Membership
from ita_portal.workflow import EDITABLE_STATUSES, Status

# The sections of the staff menu, in the order of the work of a year (the kinds declare
# theirs with ``DocumentKind.section``; a section no kind or link names is not shown).
SECTIONS = (
    "แผนปฏิบัติการ",
    "โครงการและรายงานรายไตรมาส",
    "รายงานรอบ 6 เดือน/ประจำปี",
    "ปฏิทินและบันทึกข้อความ",
    "ผลการประเมิน ITA และมาตรการ",
    "OIT",
    "ส่งออกเอกสาร",
)

# The buckets of the landing page, in the order shown, with their Thai headings.
RETURNED, OVERDUE, DUE, DRAFTS, REVIEW = "returned", "overdue", "due", "drafts", "review"
BUCKETS = (
    (REVIEW, "รอการพิจารณาของท่าน"),
    (RETURNED, "ส่งกลับให้แก้ไข"),
    (OVERDUE, "เกินกำหนด"),
    (DUE, "ครบกำหนดในไตรมาสนี้"),
    (DRAFTS, "ฉบับร่าง"),
)


@dataclass(frozen=True)
class MenuLink:
    """A link of the staff menu that is not a kind's list: ``section`` (one of ``SECTIONS``),
    Thai ``label``, ``url_name`` (no arguments); ``public`` links are shown to visitors who
    are not signed in as well, ``editors`` links (starting a document) only to supervisors
    and administrators (``access.ROLE_ACTIONS``: only they create documents)."""

    section: str
    label: str
    url_name: str
    public: bool = False
    editors: bool = False


@dataclass(frozen=True)
class PostButton:
    """A button of a landing-page line that posts a small create form at once (with the
    one-time token, ``ita_portal.once``): Thai ``label``, the view's ``url`` and the hidden
    ``fields`` posted, as ``(name, value)`` pairs."""

    label: str
    url: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass
class WorkItem:
    """One line of the landing page.

    ``bucket``: one of RETURNED, OVERDUE, DUE, DRAFTS, REVIEW; ``title`` (Thai), ``url`` (the
    one click: the document's staff page, or the page that starts it), ``kind_label`` (the
    document's name), ``organization`` (its short name), ``fiscal_year`` (BE) or ``None``;
    ``since``: when it was submitted / returned (a datetime) or its due date (a date), used
    for the order; ``comment``: the director's return comment; ``action``: the button's text;
    ``document``: the document, when there is one (its status badge is shown);
    ``buttons``: ``PostButton``s that do the work in one click, shown instead of ``action``.
    """

    bucket: str
    title: str
    url: str
    kind_label: str = ""
    organization: str = ""
    fiscal_year: int | None = None
    since: datetime.date | datetime.datetime | None = None
    comment: str = ""
    action: str = "เปิด"
    document: models.Model | None = None
    extra_url: str = ""
    extra_action: str = ""
    buttons: tuple[PostButton, ...] = ()

    @property
    def since_date(self) -> datetime.date | None:
        """``since`` as a local date (for printing)."""
        if isinstance(self.since, datetime.datetime):
            return timezone.localdate(self.since)
        return self.since


@dataclass(frozen=True)
class Notice:
    """A line above the landing page's buckets that is not a task (where the year's
    assessment stands): ``title`` (what it is about), ``text`` (the sentence, already
    formatted), ``note`` (a caveat, e.g. that dates are provisional), ``url`` and ``action``
    (the next step's link and its text, or empty)."""

    title: str
    text: str
    note: str = ""
    url: str = ""
    action: str = ""


# A work source: (user, roles {organization id: role}, today) → list of WorkItem.
WorkSource = Callable[[object, dict, datetime.date], list]
# A notice source: (user, roles {organization id: role}, today) → list of Notice.
NoticeSource = Callable[[object, dict, datetime.date], list]
_NOTICES: list[NoticeSource] = []

_LINKS: list[MenuLink] = [MenuLink("ส่งออกเอกสาร", "ส่งออกเอกสาร PDF ทั้งปี", "staff:exports")]
_SOURCES: list[WorkSource] = []


def register_link(link: MenuLink) -> None:
    """Add ``link`` to the staff menu (apps call this from ``AppConfig.ready()``); a link
    registered twice is kept once."""
    if link not in _LINKS:
        _LINKS.append(link)


def register_work_source(source: WorkSource) -> None:
    """Add a source of landing-page items that are not documents waiting in the workflow
    (what is due, OIT items waiting for approval …); it must cost a fixed number of queries."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def register_notice_source(source: NoticeSource) -> None:
    """Add a source of landing-page notices (the assessment calendar's current phase); it
    must cost a fixed number of queries."""
    if source not in _NOTICES:
        _NOTICES.append(source)


def section_of(kind: kinds.DocumentKind) -> str:
    """The menu section of ``kind``: its declared ``section``, else its label."""
    return kind.section or kind.label


def menu(user) -> list[dict]:
    """The staff menu: ``[{"title": section, "entries": [{"label", "url"}]}]`` in the order
    of ``SECTIONS`` (sections named only by a kind or link come after), each kind's list
    first, then the registered links (only the public ones for a visitor not signed in, the
    editors' ones for supervisors and administrators). No query once the user's roles are
    cached (``access.roles_of``; the navigation's waiting count reads them first)."""
    signed_in = user.is_authenticated
    editor = signed_in and (user.is_superuser or Membership.Role.SUPERVISOR in access.roles_of(user).values())
    entries: dict[str, list[dict]] = {title: [] for title in SECTIONS}
    for kind in kinds.all_kinds():
        entries.setdefault(section_of(kind), []).append(
            {"label": kind.label, "url": reverse("document_list", args=[kind.slug])}
        )
    for link in _LINKS:
        if (signed_in or link.public) and (editor or not link.editors):
            entries.setdefault(link.section, []).append({"label": link.label, "url": reverse(link.url_name)})
    return [{"title": title, "entries": items} for title, items in entries.items() if items]


# --- documents of a kind ------------------------------------------------------------------


def related_paths(kind: kinds.DocumentKind) -> list[str]:
    """The ``select_related`` paths that print a document of ``kind`` in a list (its title,
    organization and fiscal year): the foreign-key prefixes of its organization and fiscal
    year paths."""
    paths = []
    for path in (kind.organization_path, kind.fiscal_year_path):
        model, prefix = kind.model, []
        for part in path.split("__"):
            field_ = model._meta.get_field(part)
            if not (field_.is_relation and (field_.many_to_one or field_.one_to_one)):
                break
            prefix.append(part)
            model = field_.related_model
        if prefix:
            paths.append("__".join(prefix))
    return paths


def fiscal_year_of(kind: kinds.DocumentKind, document) -> int | None:
    """The fiscal year (BE) of ``document``: the value at ``kind.fiscal_year_path``, or the
    fiscal year of the date found there (a memo's date)."""
    value = document
    for part in kind.fiscal_year_path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    if isinstance(value, datetime.date):
        return thai.fiscal_year(value)
    return value


def organization_of(kind: kinds.DocumentKind, document):
    """The ``Organization`` of ``document`` (along ``kind.organization_path``)."""
    value = document
    for part in kind.organization_path.split("__"):
        value = getattr(value, part)
    return value


def _roles_by_kind(user) -> tuple[list[int], list[int]]:
    """The organization ids where ``user`` is a supervisor, and where a director."""
    roles = access.roles_of(user)
    supervised = sorted(org for org, role in roles.items() if role == Membership.Role.SUPERVISOR)
    directed = sorted(org for org, role in roles.items() if role == Membership.Role.DIRECTOR)
    return supervised, directed


def _waiting_q(kind: kinds.DocumentKind, supervised, directed) -> Q | None:
    """Documents of ``kind`` that wait for the person: the supervised organizations' drafts
    and returned documents, the directed organizations' submitted documents."""
    organization = f"{kind.organization_path}__in"
    q = None
    if supervised:
        q = Q(**{organization: supervised, "status__in": EDITABLE_STATUSES})
    if directed:
        submitted = Q(**{organization: directed, "status": Status.SUBMITTED})
        q = submitted if q is None else q | submitted
    return q


def _documents_waiting_count(supervised, directed) -> int:
    """How many documents (every kind, every fiscal year) wait: one query for every kind
    together (none without a supervised or directed organization)."""
    querysets = []
    for kind in kinds.all_kinds():
        q = _waiting_q(kind, supervised, directed)
        if q is not None:
            querysets.append(kind.model._default_manager.filter(q).values("pk"))
    if not querysets:
        return 0
    first, *rest = querysets
    return first.union(*rest, all=True).count() if rest else first.count()


def _source_items(user, today: datetime.date) -> list[WorkItem]:
    """The registered sources' landing-page lines (what is due, OIT items waiting …)."""
    roles = access.roles_of(user)
    return [item for source in _SOURCES for item in source(user, roles, today)]


def waiting_count(user, today: datetime.date) -> int:
    """How many lines the landing page (``my_work``) lists for ``user`` on ``today``: the
    documents that wait (drafts and returned documents of the organizations they supervise,
    submitted documents of those they direct; one query, each such document is one line)
    plus the registered sources' lines (their own fixed queries). The one count of what
    waits: the navigation's badge beside "งานของฉัน" and the landing page's ``total`` both
    print it, so they always agree."""
    supervised, directed = _roles_by_kind(user)
    return _documents_waiting_count(supervised, directed) + len(_source_items(user, today))


def my_work(user, today: datetime.date) -> dict:
    """The landing page of ``user`` on ``today``: ``{"buckets": [(key, heading, [WorkItem])],
    "notices": [Notice], "total": n, "roles": {"supervisor": bool, "director": bool}}``. Documents that wait (one
    query per kind), then the registered sources' items; each bucket ordered oldest first
    (what was submitted or returned longest ago, what fell due first). ``total`` is
    ``waiting_count`` (the navigation's badge), whose rule the lines follow."""
    supervised, directed = _roles_by_kind(user)
    items: list[WorkItem] = []
    for kind in kinds.all_kinds():
        q = _waiting_q(kind, supervised, directed)
        if q is None:
            continue
        documents = (
            kind.model._default_manager.filter(q)
            .select_related(*related_paths(kind), "submitted_by", "reviewed_by")
            .order_by("pk")
        )
        for document in documents:
            items.append(_document_item(kind, document))
    items.extend(_source_items(user, today))
    roles = access.roles_of(user)
    notices = [notice for source in _NOTICES for notice in source(user, roles, today)]
    buckets = []
    for key, heading in BUCKETS:
        chosen = [item for item in items if item.bucket == key]
        chosen.sort(key=lambda item: _sort_key(item.since))
        buckets.append((key, heading, chosen))
    return {
        "buckets": buckets,
        "notices": notices,
        "total": waiting_count(user, today),
        "roles": {"supervisor": bool(supervised), "director": bool(directed)},
    }


def _sort_key(since) -> tuple:
    if since is None:
        return (1, datetime.datetime.min)
    if not isinstance(since, datetime.datetime):
        since = datetime.datetime.combine(since, datetime.time.min)
    return (0, since.replace(tzinfo=None))


def _document_item(kind: kinds.DocumentKind, document) -> WorkItem:
    """The landing-page line of a document that waits: for the director "พิจารณา" (its staff
    page, where the workflow panel approves or returns), for the supervisor "แก้ไข"."""
    organization = organization_of(kind, document)
    base = {
        "title": str(document),
        "url": document.get_staff_url(),
        "kind_label": kind.label,
        "organization": organization.short_name,
        "fiscal_year": fiscal_year_of(kind, document),
        "document": document,
    }
    if document.status == Status.SUBMITTED:
        return WorkItem(bucket=REVIEW, since=document.submitted_at, action="พิจารณา", **base)
    edit_url = reverse(kind.edit_url_name, args=[document.pk]) if kind.edit_url_name else ""
    edit = {"extra_url": edit_url, "extra_action": "แก้ไข"} if edit_url else {}
    if document.status == Status.RETURNED:
        return WorkItem(bucket=RETURNED, since=document.reviewed_at, comment=document.review_comment, **base, **edit)
    # A draft keeps the comment of the return it was edited after (the edit made it a draft).
    return WorkItem(bucket=DRAFTS, since=None, comment=document.review_comment if document.reviewed_at else "", **base, **edit)


# --- the public home page -----------------------------------------------------------------

# A source of public pages per organization: () → [(organization id, label, URL)].
_PUBLIC_PAGES: list[Callable[[], list]] = []


def register_public_pages(source: Callable[[], list]) -> None:
    """Add a source of public pages that are not documents of a kind (the OIT pages) to the
    home page's list of offices; it must cost a fixed number of queries."""
    if source not in _PUBLIC_PAGES:
        _PUBLIC_PAGES.append(source)


def published_by_office() -> list[dict]:
    """Every organization with something published, by code: ``[{"organization",
    "documents": [{"label", "count", "url"}], "pages": [{"label", "url"}]}]``; ``url`` is the
    kind's list filtered to the organization's approved documents. One query per kind, one
    for the organizations and the registered sources' own."""
    from django.db.models import Count

    from ita_portal.models import Organization

    documents: dict[int, list[dict]] = {}
    for kind in kinds.all_kinds():
        counts = (
            kind.model._default_manager.filter(status=Status.APPROVED)
            .order_by().values(kind.organization_path).annotate(n=Count("pk"))
        )
        for row in counts:
            documents.setdefault(row[kind.organization_path], []).append({"kind": kind, "count": row["n"]})
    pages: dict[int, list[dict]] = {}
    for source in _PUBLIC_PAGES:
        for organization_id, label, url in source():
            pages.setdefault(organization_id, []).append({"label": label, "url": url})
    offices = []
    for organization in Organization.objects.filter(pk__in=set(documents) | set(pages)).order_by("code"):
        listed_kinds = [
            {
                "label": entry["kind"].label,
                "count": entry["count"],
                "url": reverse("document_list", args=[entry["kind"].slug]) + f"?office={organization.code}&status={Status.APPROVED}",
            }
            for entry in documents.get(organization.pk, [])
        ]
        offices.append({"organization": organization, "documents": listed_kinds, "pages": pages.get(organization.pk, [])})
    return offices


# --- lists of documents -------------------------------------------------------------------


def readable_documents(kind: kinds.DocumentKind, user) -> models.QuerySet:
    """The documents of ``kind`` that ``user`` may read, by the one access rule
    (``access.readable_documents_q``: published documents, the user's organizations' own,
    the submitted ones of the units they oversee, everything for an administrator); with
    what a list prints."""
    queryset = kind.model._default_manager.select_related(*related_paths(kind))
    return queryset.filter(access.readable_documents_q(user, kind.organization_path))


def filter_documents(kind: kinds.DocumentKind, queryset, *, fiscal_year=None, status="", office="", search=""):
    """``queryset`` narrowed by the list's filters: ``fiscal_year`` (BE), ``status`` (a
    ``Status`` value), ``office`` (an organization code) and ``search`` (each word found,
    ``icontains``, in the kind's ``search_fields`` or the organization's names/code)."""
    if fiscal_year is not None:
        if kind.fiscal_year_filter:
            queryset = kind.fiscal_year_filter(queryset, fiscal_year)
        else:
            queryset = queryset.filter(**{kind.fiscal_year_path: fiscal_year})
    if status:
        queryset = queryset.filter(status=status)
    if office:
        queryset = queryset.filter(**{f"{kind.organization_path}__code": office})
    fields = (*kind.search_fields, *(f"{kind.organization_path}__{name}" for name in ("name", "short_name", "code")))
    for word in search.split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def ordered_documents(kind: kinds.DocumentKind, queryset) -> models.QuerySet:
    """Newest fiscal year first, then by organization code, then newest first."""
    return queryset.order_by(f"-{kind.fiscal_year_path}", f"{kind.organization_path}__code", "-pk")


def fiscal_years(kind: kinds.DocumentKind, queryset) -> list[int]:
    """The fiscal years (BE, newest first) of the documents in ``queryset``: one query."""
    values = queryset.order_by().values_list(kind.fiscal_year_path, flat=True).distinct()
    years = {thai.fiscal_year(v) if isinstance(v, datetime.date) else v for v in values if v is not None}
    return sorted(years, reverse=True)


@dataclass
class ListedDocument:
    """A document as a list prints it: the document, its ``organization``, ``fiscal_year``
    (BE) and the ``url`` of the page the user opens (the staff page for a member, the public
    page otherwise)."""

    document: models.Model
    organization: object
    fiscal_year: int | None
    url: str
    is_member: bool = field(default=False)


def listed(kind: kinds.DocumentKind, user, documents) -> list[ListedDocument]:
    """``documents`` (already fetched) as ``ListedDocument`` for ``user``; no query."""
    roles = access.roles_of(user)
    superuser = user.is_authenticated and user.is_superuser
    rows = []
    for document in documents:
        organization = organization_of(kind, document)
        member = superuser or organization.pk in roles
        url = document.get_staff_url() if member else document.get_absolute_url()
        rows.append(ListedDocument(document, organization, fiscal_year_of(kind, document), url, member))
    return rows
