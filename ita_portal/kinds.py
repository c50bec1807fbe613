"""The document contract: what every workflow document kind declares, in one registry.

A *kind* is one model of an official document that a supervisor writes and a director
approves (``ita_portal.workflow.WorkflowDocument``): the quarterly monitoring report, the
action plan, a progress report, a monitoring calendar … Each app registers its kinds from
its ``AppConfig.ready()`` with ``register(DocumentKind(...))``; the core (workflow service,
generic views, history, exports, freezing) reads only this registry and imports no app.

A kind declares:

* ``slug`` (URL-safe, unique), ``label`` (Thai name of the document);
* ``urls``: the namespaced URL names of the document's ``page``, ``pdf`` and ``staff`` page
  (``{"page": "calendars:calendar", …}``); a document's ``get_absolute_url``,
  ``get_pdf_url`` and ``get_staff_url`` and the generic views' URL patterns
  (``document_views.document_urls``) are derived from them;
* ``organization_path`` and ``fiscal_year_path``: lookups from the document to its
  organization and to its fiscal year (Buddhist Era), for lists and exports; a kind whose
  fiscal year is computed (a memo's date) gives ``fiscal_year_filter`` instead;
* ``queryset``: a callable returning the named queryset that fetches a document with
  everything its page prints (select/prefetch once);
* ``body_template`` (the document's own body, shown by the one page, staff and PDF
  skeletons ``documents/page.html``, ``documents/staff.html`` and ``documents/pdf.html``)
  and ``context`` (document → template context shared by the page, the PDF and exports;
  ``document_context`` adds ``kind`` and ``doc``); ``pdf_appendix_template``: what the PDF
  prints after the body (the documents a memo covers); optional partials around the body: ``notes_template`` (notes
  for staff), ``page_links_template``, ``staff_sections_template``, ``staff_actions_template``
  (edit buttons beside the workflow panel's), ``stylesheet``, ``wide`` and ``article_class``;
  the URL name of its one edit page (``edit_url_name``, one argument: the document's pk),
  and ``page_extra`` / ``staff_extra`` ((user, document) → extra context of the page or
  staff page); ``staff_query_extra`` ((user, document, query) → extra context of the staff
  page computed from its query string ``request.GET``: a GET form on the page that changes
  nothing, such as the ITA result's what-if);
* ``rows``: every row model the document prints, each with the lookup path from the row to
  the document (``"report"``, ``"focus__result"``, ``"quarterly_reports"``…). Freezing is
  derived from these paths (``FrozenGuardMixin``), and so are the history sources and the
  copy made by a revision;
* ``section``: the heading of the staff menu the kind is listed under (one of
  ``ita_portal.navigation.SECTIONS``; its own ``label`` when empty) and ``search_fields``:
  lookups searched (``icontains``) by the search box of the kind's list, besides the
  organization's names;
* hooks for what differs between kinds: ``check_submit`` (document → ``list[str]``: what
  the document still lacks before it may be submitted, one Thai sentence a gap naming the
  part of the document it belongs to, in the document's digits; empty when complete: the
  submission is refused with the list, the staff page shows it to the supervisor above the
  submit button and to the director on a submitted document as "รายการที่ยังไม่ครบ"; each
  app's ``kinds.py`` says which rules its documents follow and where they come from),
  ``source_figures`` (document → ``list[SourceNote]``: totals the source stated that
  disagree with the computed ones the document prints, in the document's digits; with the
  document's stored ``source_notes`` they make the one list "ต้นฉบับระบุ … / ระบบพิมพ์ …"
  of ``source_notes()``, shown to members above the document),
  ``totals_check`` (document → ``list[TotalsDisagreement]``: totals the document prints
  that disagree; while there are any, ``missing()`` asks for the supervisor's
  ``totals_reason``, which the page and the PDF print as a footnote),
  ``check_approve`` (raises ``TransitionError``), ``on_approve`` (extra changes made by the approval, e.g. a memo's
  order), ``approve_fields`` (fields an approval may set besides the workflow ones) and
  ``revision_fields_reset`` (fields a revision does not copy: they are the approver's);
  ``dated`` (document → ``(date, basis)``: the document's own date, CE ``datetime.date``,
  and ``""`` when that date is printed on it, else a Thai phrase naming where it comes from
  (the end of the period it reports on, the memo that covers it); ``historical_date``
  falls back to the end of the fiscal year). ``load_demo`` dates a published seed
  document's submission, approval and history with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.db import models


@dataclass(frozen=True)
class Row:
    """A row model printed by a document.

    ``path``: the lookup from the row to its document (Django ``__`` syntax). When its first
    part is a foreign key on the row, inserts under an approved document are refused too.
    ``label``: the history label of one of its history rows (history row → Thai text).
    ``copy``: whether a revision copies these rows (rows that belong to the document, not
    rows it only shows, such as the project of a quarterly report).
    """

    model: type[models.Model]
    path: str
    label: Callable = field(default=lambda row: "")
    copy: bool = True


@dataclass
class DocumentKind:
    """What one workflow document kind is (see the module docstring)."""

    slug: str
    model: type[models.Model]
    label: str
    urls: dict[str, str]
    queryset: Callable[[], models.QuerySet]
    context: Callable[[models.Model], dict]
    organization_path: str
    fiscal_year_path: str
    body_template: str = ""
    pdf_template: str = "documents/pdf.html"
    pdf_appendix_template: str = ""
    page_template: str = "documents/page.html"
    staff_template: str = "documents/staff.html"
    notes_template: str = ""
    stylesheet: str = ""
    wide: bool = False
    article_class: str = ""
    page_links_template: str = ""
    staff_sections_template: str = ""
    staff_actions_template: str = ""
    edit_url_name: str = ""
    rows: tuple[Row, ...] = ()
    history_label: str = "เอกสาร"
    check_submit: Callable[[models.Model], list[str]] | None = None  # what is missing; [] = complete
    check_approve: Callable | None = None
    source_figures: Callable[[models.Model], list] | None = None
    totals_check: Callable[[models.Model], list] | None = None
    on_approve: Callable | None = None
    approve_fields: tuple[str, ...] = ()
    revision_fields_reset: tuple[str, ...] = ()
    page_extra: Callable | None = None
    staff_extra: Callable | None = None
    staff_query_extra: Callable | None = None
    fiscal_year_filter: Callable | None = None
    section: str = ""
    search_fields: tuple[str, ...] = ()
    dated: Callable | None = None

    def of(self, organizations, fiscal_year: int | None = None) -> models.QuerySet:
        """The documents of ``organizations`` (a queryset or list of ``Organization``) for
        ``fiscal_year`` (BE; every year when ``None``), with everything they print."""
        queryset = self.queryset().filter(**{f"{self.organization_path}__in": organizations})
        if fiscal_year is not None:
            if self.fiscal_year_filter:
                queryset = self.fiscal_year_filter(queryset, fiscal_year)
            else:
                queryset = queryset.filter(**{self.fiscal_year_path: fiscal_year})
        return queryset.order_by(f"{self.organization_path}__code", "pk")

    def fetch(self, pk) -> models.Model:
        """The document ``pk`` with everything its page prints. Raises ``DoesNotExist``."""
        return self.queryset().get(pk=pk)

    def document_context(self, document) -> dict:
        """The template context of ``document``'s body wherever it is printed: the kind's
        ``context`` with ``kind`` (this kind), ``doc`` (the document) and ``totals_footnote``
        (the totals that disagree, when the supervisor gave the reason the footnote prints;
        ``[]`` otherwise)."""
        footnote = self.totals(document) if document.totals_reason.strip() else []
        return {"kind": self, "doc": document, "totals_footnote": footnote, **self.context(document)}

    def pdf_bytes(self, document) -> bytes:
        """The document's PDF: the stored, signed file of an approved document (byte for
        byte what the director approved), otherwise rendered now from ``pdf_template``.
        Raises ``ita_portal.pdf.PDFRenderError`` when rendering fails."""
        if document.is_approved and document.approved_pdf:
            with document.approved_pdf.open("rb") as f:
                return f.read()
        from ita_portal.pdf import render_pdf

        return render_pdf(self.pdf_template, self.document_context(document))

    def missing(self, document) -> list[str]:
        """What ``document`` lacks before it may be submitted, one Thai sentence a gap:
        ``check_submit``'s gaps, then, for each pair of totals that disagree
        (``totals_check``) while no ``totals_reason`` is given, a request for one. ``[]``
        when it may be submitted."""
        from ita_portal import thai

        gaps = list(self.check_submit(document)) if self.check_submit else []
        if not document.totals_reason.strip():
            ds = getattr(document, "digit_system", thai.THAI)
            for t in self.totals(document):
                gaps.append(thai.apply_digits(
                    f"ยอดรวมไม่ตรงกัน: {t.label} {thai.format_baht(t.amount, ds)} บาท แต่{t.other_label} "
                    f"{thai.format_baht(t.other, ds)} บาท กรุณาแก้ไขตัวเลข หรือระบุเหตุผลในช่อง "
                    f"“{document._meta.get_field('totals_reason').verbose_name}” ของหน้าแก้ไข", ds))
        return gaps

    def totals(self, document) -> list:
        """``totals_check(document)``: the totals that disagree (``[]`` without the hook)."""
        return list(self.totals_check(document)) if self.totals_check else []

    def source_notes(self, document) -> list:
        """Everything a source said differently from what ``document`` prints
        (``ita_portal.documents.SourceNote``): the stored notes, then the stated totals
        that disagree (``source_figures``). No query beyond what the kind's queryset
        prefetched."""
        figures = self.source_figures(document) if self.source_figures else []
        return document.source_differences() + list(figures)

    def historical_date(self, document):
        """``(date, basis)`` of ``document``: the kind's ``dated`` hook, else the last day of
        its fiscal year (BE year read through ``fiscal_year_path``; ``basis`` says so). CE
        ``datetime.date``; ``basis`` is ``""`` when the date is printed on the document."""
        if self.dated is not None:
            return self.dated(document)
        from ita_portal import thai

        value = document
        for part in self.fiscal_year_path.split("__"):
            value = getattr(value, part)
        return thai.fiscal_year_end(value), f"วันสิ้นปีงบประมาณ พ.ศ. {value}"

    def history_sources(self, document) -> list:
        """``[(model, Q over its history table, label)]`` for ``ita_portal.history``: the
        document itself and every declared row (one query each)."""
        from django.db.models import Q

        sources = [(self.model, Q(id=document.pk), lambda r: self.history_label)]
        for row in self.rows:
            if hasattr(row.model, "history"):  # rows kept without an audit trail have none to show
                sources.append((row.model, history_condition(row, document), row.label))
        return sources


def history_condition(row: Row, document):
    """A ``Q`` over ``row.model``'s history table selecting the rows of ``document``, with
    no query of its own (subqueries only).

    History tables hold foreign keys as plain ids: a one-step path filters on ``<fk>_id``;
    a longer path through a foreign key takes the parent ids from the parent's history table
    when it has one (so rows of a deleted parent still show), else from the live table; a
    path that starts with a reverse relation (the project of a report) from the live table.
    """
    from django.db.models import Q

    first, _, rest = row.path.partition("__")
    fk = row.model._meta.get_field(first)
    if not (fk.concrete and fk.many_to_one):
        return Q(id__in=row.model._base_manager.filter(**{row.path: document}).values("pk"))
    if not rest:
        return Q(**{f"{fk.attname}": document.pk})
    parent = fk.related_model
    parent_rest = parent._meta.get_field(rest.split("__")[0])
    if "__" not in rest and parent_rest.concrete and parent_rest.many_to_one and hasattr(parent, "history"):
        return Q(**{f"{fk.attname}__in": parent.history.filter(**{parent_rest.attname: document.pk}).values("id")})
    return Q(**{f"{fk.attname}__in": parent._base_manager.filter(**{rest: document}).values("pk")})


_REGISTRY: dict[str, DocumentKind] = {}
_BY_MODEL: dict[type, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add ``kind`` to the registry and attach its row paths to the row models, so that
    ``FrozenGuardMixin`` freezes them. Raises ``ValueError`` on a duplicate slug or model."""
    if kind.slug in _REGISTRY and _REGISTRY[kind.slug].model is not kind.model:
        raise ValueError(f"document kind {kind.slug!r} is registered twice")
    _REGISTRY[kind.slug] = kind
    _BY_MODEL[kind.model] = kind
    kind.model.document_kind_slug = kind.slug
    for row in kind.rows:
        paths = tuple(getattr(row.model, "document_paths", ()))
        if row.path not in paths:
            row.model.document_paths = paths + (row.path,)
    return kind


def all_kinds() -> list[DocumentKind]:
    """Every registered kind, in registration order."""
    return list(_REGISTRY.values())


def get(slug: str) -> DocumentKind:
    """The kind registered under ``slug``. Raises ``KeyError``."""
    return _REGISTRY[slug]


def kind_of(document_or_model) -> DocumentKind:
    """The kind of a document instance or model class. Raises ``KeyError`` when unregistered."""
    model = document_or_model if isinstance(document_or_model, type) else type(document_or_model)
    return _BY_MODEL[model]
