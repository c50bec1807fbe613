"""The landing page after signing in (งานของฉัน) and the one list view of every document
kind, both generic over the registry (``ita_portal.kinds``, ``ita_portal.work``).

* ``my_work``: what needs the signed-in person now (``work.my_work``), each line one click
  from the document's staff page.
* ``document_list``: the documents of one kind over every fiscal year that the user may read
  (published ones for everybody, their organizations' too for members), filtered by fiscal
  year, status, office and words, 25 a page. Members open the staff page, visitors the
  published page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ita_portal import kinds, work
from ita_portal.documents import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from ita_portal.models import Organization
from ita_portal.workflow import Status

DOCUMENTS_PER_PAGE = 25


@login_required
@require_safe
def my_work(request):
    """งานของฉัน: the signed-in person's documents that wait for them, and what is due. The
    navigation's badge prints the page's own ``total`` (``work.waiting_count``, counted once)."""
    context = work.my_work(request.user, timezone.localdate())
    context["nav_waiting"] = context["total"]
    return render(request, "staff/my_work.html", context)


@require_safe
def document_list(request, slug: str):
    """The documents of kind ``slug`` that the user may read, newest fiscal year first, with
    the filters ``fy`` (BE), ``status``, ``office`` (organization code) and ``q`` (words);
    a filter value that is not one of the choices is ignored."""
    try:
        kind = kinds.get(slug)
    except KeyError:
        raise Http404("ไม่พบรายการเอกสาร") from None
    readable = work.readable_documents(kind, request.user)
    years = work.fiscal_years(kind, readable)
    offices = list(
        Organization.objects.filter(pk__in=readable.order_by().values(kind.organization_path)).order_by("code")
    )
    fy = _int_or_none(request.GET.get("fy"))
    status = request.GET.get("status", "")
    office = request.GET.get("office", "")
    search = request.GET.get("q", "").strip()[:100]
    filters = {
        "fiscal_year": fy if fy in years else None,
        "status": status if status in Status.values else "",
        "office": office if office in {o.code for o in offices} else "",
        "search": search,
    }
    documents = work.ordered_documents(kind, work.filter_documents(kind, readable, **filters))
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "section": work.section_of(kind),
        "page": page,
        "rows": work.listed(kind, request.user, page.object_list),
        "years": years,
        "offices": offices,
        "statuses": Status.choices,
        "filters": filters,
        "filtered": any(filters.values()),
    }
    return render(request, "staff/document_list.html", context)


def _int_or_none(raw) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if FISCAL_YEAR_MIN <= value <= FISCAL_YEAR_MAX else None
