"""Every URL pattern of the URLconf × every role × GET, HEAD and POST.

The patterns are discovered from ``get_resolver()`` (nested includes and the admin too); each
URL is built with real ids and codes from one fixture world (``tests.security_world``: every
seed of every app, the conftest cast a member of every seed organization). ``EXPECTED`` below
is the reviewed outcome table, written by hand (never pasted from what was seen): a pattern
without an entry fails ``test_every_url_has_an_entry`` with its name, an entry whose pattern
is gone fails too.

Outcomes: an HTTP status, ``LOGIN`` (302 to /accounts/login/) or ``ADMIN_LOGIN`` (302 to
/admin/login/). Roles, in order: anonymous, supervisor, other_supervisor, director,
other_director, viewer, superuser. "other_*" are members of another organization only.
Each request runs in a rolled-back savepoint, so one never sees what another changed; PDF
rendering is replaced by a stub (access is what is tested here, not WeasyPrint).
"""

from __future__ import annotations

import copy
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ADMIN_LOGIN, LOGIN, outcome
from tests.security_world import ROLES, rolled_back, stubbed_world

METHODS = ("GET", "HEAD", "POST")
OTHER_METHODS = ("PUT", "PATCH", "DELETE")


def discover(patterns=None, prefix="", namespace=None):
    """Yield ``(key, route, pattern)`` for every URL pattern; ``key`` is the namespaced name,
    or the route for an unnamed pattern (the admin's ``<id>/`` redirects and catch-all)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from discover(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if p.name:
                key = f"{namespace}:{p.name}" if namespace else p.name
            else:
                key = route
            yield key, route, p


URLS = {key: route for key, route, _ in discover()}

# --- expected outcomes ---------------------------------------------------------------------
# One tuple per method, in ROLES order:
#              anon         sup  osup  dir  odir view super
EDITOR = (LOGIN, 200, 404, 403, 404, 403, 200)  # supervisors edit; directors/viewers 403
READER = (LOGIN, 200, 404, 200, 404, 200, 200)  # members read
SUBMITTER = (LOGIN, 302, 404, 403, 404, 403, 302)  # supervisors act, then redirect
REVIEWER = (LOGIN, 403, 404, 302, 404, 403, 302)  # directors act, then redirect
REVIEWER_FORM = (LOGIN, 403, 404, 200, 404, 403, 200)  # directors' form posted empty: shown again with its messages
MEMBERS = (LOGIN, 200, 200, 200, 200, 200, 200)  # any signed-in user (own organizations only)
STARTERS = (LOGIN, 200, 200, 200, 200, 403, 200)  # supervisors and directors of any organization
MEMBERS_302 = (LOGIN, 302, 302, 302, 302, 302, 302)
MEMBERS_405 = (LOGIN, 405, 405, 405, 405, 405, 405)
PUBLIC = (200,) * 7
PUBLIC_302 = (302,) * 7
NOT_FOUND = (404,) * 7
NOT_ALLOWED = (405,) * 7
DRAFT = (404, 200, 404, 200, 404, 200, 200)  # a draft document: members only, 404 for others
DRAFT_405 = (405,) * 7
ADMIN_ONLY = (ADMIN_LOGIN,) * 6 + (200,)
ADMIN_302 = (ADMIN_LOGIN,) * 6 + (302,)
ADMIN_403 = (ADMIN_LOGIN,) * 6 + (403,)
ADMIN_404 = (ADMIN_LOGIN,) * 6 + (404,)
ADMIN_405 = (ADMIN_LOGIN,) * 6 + (405,)


def same(get, post=None, head=None):
    """GET and HEAD give ``get``; POST gives ``post`` (default: ``get``)."""
    return {"GET": get, "HEAD": head or get, "POST": post or get}


def safe_only(get, refused=NOT_ALLOWED):
    """A ``require_safe`` view: POST is refused with ``refused`` (405, or login first)."""
    return {"GET": get, "HEAD": get, "POST": refused}


def post_only(post, refused):
    return {"GET": refused, "HEAD": refused, "POST": post}


EXPECTED: dict[str, dict[str, tuple]] = {
    "home": safe_only(PUBLIC),
    # --- quarterly report (seed 000, a draft) -----------------------------------------------
    "monitoring:report": safe_only(DRAFT),
    "monitoring:report_pdf": safe_only(DRAFT),
    "monitoring:report_signature": safe_only(NOT_FOUND, refused=NOT_ALLOWED),  # no signature yet
    "staff:dashboard": safe_only(MEMBERS, refused=MEMBERS_405),
    # the landing page (งานของฉัน): every signed-in user, listing only their own work
    "staff:my_work": safe_only(MEMBERS, refused=MEMBERS_405),
    # one list per kind: published documents for everybody, the own organizations' for members
    "document_list": safe_only(PUBLIC),
    # background exports: the form lists the user's organizations; status and download
    # only for members of every organization exported (the download is 404 until ready)
    "staff:exports": {"GET": MEMBERS, "HEAD": MEMBERS_405, "POST": MEMBERS},
    "staff:export_status": safe_only(READER, refused=MEMBERS_405),
    "staff:export_download": safe_only((LOGIN, 404, 404, 404, 404, 404, 404), refused=MEMBERS_405),
    # The GET/POST form pages use require_http_methods(["GET", "POST"]): HEAD is refused.
    "staff:project_create": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    "staff:project_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    "staff:report_create": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    # the quarter tables' start button (POST only): a supervisor starts quarter 3 and is
    # sent to it; other members 403, members of another organization 404
    "staff:report_start": post_only(SUBMITTER, MEMBERS_405),
    "staff:report": safe_only(READER, refused=MEMBERS_405),
    "staff:report_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    # one transition URL for every kind (built with the quarterly report and "submit"): only
    # a supervisor submits; a superuser who is not one is refused like any other role
    "staff:document_transition": post_only((LOGIN, 302, 404, 403, 404, 403, 403), MEMBERS_405),
    "staff:document_history": safe_only(READER, refused=MEMBERS_405),
    # --- action plan and 6-month progress report (seed 001) ---------------------------------
    "action_plans:plan": safe_only(DRAFT),
    "action_plans:plan_pdf": safe_only(DRAFT),
    "action_plans:plan_xlsx": safe_only(READER, refused=MEMBERS_405),
    # the form lists only organizations the user edits; HEAD refused (GET/POST only)
    "action_plans:plan_import": {"GET": MEMBERS, "HEAD": MEMBERS_405, "POST": MEMBERS},
    # the preview's confirm/cancel (POST only): without a valid token of the user's own, back to the import page
    "action_plans:plan_import_confirm": post_only(MEMBERS_302, MEMBERS_405),
    "action_plans:progress": safe_only(DRAFT),
    "action_plans:progress_pdf": safe_only(DRAFT),
    "action_plans:progress_xlsx": safe_only(READER, refused=MEMBERS_405),
    # "new" pages: a form whose organization list holds only those the user edits
    "action_plans:plan_create": {"GET": MEMBERS, "HEAD": MEMBERS_405, "POST": MEMBERS},
    "action_plans:plan_staff": safe_only(READER, refused=MEMBERS_405),
    "action_plans:plan_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    # the staff page's button (POST only): a supervisor starts next year's plan and is sent to it
    "action_plans:plan_copy_next_year": post_only(SUBMITTER, MEMBERS_405),
    "action_plans:progress_create": post_only(SUBMITTER, MEMBERS_405),
    "action_plans:progress_staff": safe_only(READER, refused=MEMBERS_405),
    "action_plans:progress_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    # --- monitoring calendar, monitoring report, memo (seed 003) ------------------------------
    "calendars:calendar_create": {"GET": MEMBERS, "HEAD": MEMBERS_405, "POST": MEMBERS},
    "calendars:calendar_staff": safe_only(READER, refused=MEMBERS_405),
    "calendars:calendar_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    # the staff page's button (POST only): a supervisor starts next year's calendar and is sent to it
    "calendars:calendar_copy_next_year": post_only(SUBMITTER, MEMBERS_405),
    "calendars:monitoring_report_create": post_only(SUBMITTER, MEMBERS_405),
    "calendars:monitoring_report_staff": safe_only(READER, refused=MEMBERS_405),
    "calendars:monitoring_report_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    "calendars:memo_create": {"GET": MEMBERS, "HEAD": MEMBERS_405, "POST": MEMBERS},
    "calendars:memo_staff": safe_only(READER, refused=MEMBERS_405),
    "calendars:memo_edit": {"GET": EDITOR, "HEAD": MEMBERS_405, "POST": EDITOR},
    "calendars:calendar": safe_only(DRAFT),
    "calendars:calendar_pdf": safe_only(DRAFT),
    "calendars:monitoring_report": safe_only(DRAFT),
    "calendars:monitoring_report_pdf": safe_only(DRAFT),
    "calendars:monitoring_report_acknowledge": post_only(REVIEWER, MEMBERS_405),
    "calendars:memo": safe_only(DRAFT),
    "calendars:memo_pdf": safe_only(DRAFT),
    # --- assessments: ITA result (seed 002), OIT checklist (seed 004) ------------------------
    "assessments:index": safe_only(MEMBERS, refused=NOT_ALLOWED),
    # start an ITA year: supervisors and directors of any organization (their own ones are
    # the form's choices; an empty post is shown again with its messages), viewers 403
    "assessments:start_year": {"GET": STARTERS, "HEAD": MEMBERS_405, "POST": STARTERS},
    "assessments:result": safe_only(DRAFT),
    "assessments:result_pdf": safe_only(DRAFT),
    "assessments:result_staff": safe_only(READER, refused=MEMBERS_405),
    "assessments:result_edit": same(EDITOR),
    "assessments:result_scores": same(EDITOR),
    "assessments:focus_edit": same(EDITOR),
    "assessments:checklist": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:checklist_report": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:checklist_report_pdf": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:checklist_urls": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:entry": {"GET": READER, "HEAD": READER, "POST": EDITOR},
    "assessments:approve_entry": post_only(REVIEWER, NOT_ALLOWED),
    "assessments:review_entries": post_only(REVIEWER_FORM, NOT_ALLOWED),
    # the checklist's "ตรวจลิงก์หลักฐาน" button (POST only): any member queues a check and is sent back
    "assessments:check_links": post_only((LOGIN, 302, 404, 302, 404, 302, 302), NOT_ALLOWED),
    "assessments:delete_evidence": post_only(SUBMITTER, NOT_ALLOWED),
    # the clarification round of the OIT scores: members read (never public); supervisors
    # enter the verdicts and write (an empty post of the verdicts is refused beside the form,
    # one of a disputed item saves its empty clarification), directors approve or return
    "assessments:clarification": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:clarification_pdf": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:verdicts": same(EDITOR),
    # the school round: the office's list of its units (its members read); one unit's checklist
    # and a failed item as the office sees them — the unit's own members read, the assessors of
    # the office above score (here nobody is one: 403 for members; the superuser's empty post
    # is shown again with its messages)
    "assessments:schools": safe_only(READER, refused=NOT_ALLOWED),
    "assessments:school_checklist": {"GET": READER, "HEAD": READER, "POST": (LOGIN, 403, 404, 403, 404, 403, 200)},
    "assessments:school_item": {"GET": READER, "HEAD": READER, "POST": (LOGIN, 403, 404, 403, 404, 403, 200)},
    # Score-Final of an office's schools (page, workbook for OBEC, report PDF): the office's
    # members and the members above it read; another office 403 (a school: its own row only,
    # tests/test_score_final.py)
    "assessments:score_final": safe_only((LOGIN, 200, 403, 200, 403, 200, 200), refused=NOT_ALLOWED),
    "assessments:score_final_xlsx": safe_only((LOGIN, 200, 403, 200, 403, 200, 200), refused=NOT_ALLOWED),
    "assessments:score_final_pdf": safe_only((LOGIN, 200, 403, 200, 403, 200, 200), refused=NOT_ALLOWED),
    "assessments:clarification_item": {"GET": READER, "HEAD": READER, "POST": SUBMITTER},
    "assessments:clarification_submit": post_only(SUBMITTER, NOT_ALLOWED),
    "assessments:clarification_review": post_only(REVIEWER, NOT_ALLOWED),
    # "ใช้ผลคะแนนสุดท้าย": the world's organization has no final verdicts: refused with a message
    "assessments:result_use_final": post_only(SUBMITTER, NOT_ALLOWED),
    # the ITAS calendar of a framework: administrators only (a POST without the formset's
    # management form is shown again with its message)
    "assessments:framework_calendar": same((LOGIN, 403, 403, 403, 403, 403, 200)),
    # framework editing: administrators only; the list is read-only, the framework's and an
    # item's pages show an empty post again (no action chosen)
    "assessments:framework_list": safe_only((LOGIN, 403, 403, 403, 403, 403, 200), refused=NOT_ALLOWED),
    "assessments:framework_detail": same((LOGIN, 403, 403, 403, 403, 403, 200)),
    "assessments:framework_item": same((LOGIN, 403, 403, 403, 403, 403, 200)),
    # --- public OIT pages: only approved evidence is reachable ------------------------------
    "oit:index": safe_only(PUBLIC),
    "oit:organization_year": safe_only(PUBLIC),
    "oit:item": safe_only(PUBLIC),
    "oit:evidence_file": safe_only(NOT_FOUND),  # the world's evidence is not approved: private
    # --- accounts (django.contrib.auth.urls) ------------------------------------------------
    "login": same(PUBLIC),
    "logout": {"GET": NOT_ALLOWED, "HEAD": NOT_ALLOWED, "POST": PUBLIC_302},
    "password_change": same(MEMBERS),
    "password_change_done": safe_only(MEMBERS, refused=MEMBERS_405),
    "password_reset": same(PUBLIC),
    "password_reset_done": safe_only(PUBLIC),
    "password_reset_confirm": same(PUBLIC),  # an invalid link: the page says so
    "password_reset_complete": safe_only(PUBLIC),
    # --- admin (site-wide pages; the model pages follow) ------------------------------------
    "admin:index": same(ADMIN_ONLY),
    # a signed-in superuser's GET goes to the index; HEAD and an empty POST show the form
    "admin:login": {"GET": (200,) * 6 + (302,), "HEAD": PUBLIC, "POST": PUBLIC},
    # POST only for staff; others are sent away (302) before the method check
    "admin:logout": {"GET": (302,) * 6 + (405,), "HEAD": (302,) * 6 + (405,), "POST": PUBLIC_302},
    "admin:password_change": same(ADMIN_ONLY),
    "admin:password_change_done": safe_only(ADMIN_ONLY, refused=ADMIN_405),
    "admin:autocomplete": safe_only(ADMIN_403, refused=ADMIN_405),  # no field given: refused
    "admin:jsi18n": safe_only(ADMIN_ONLY, refused=ADMIN_405),
    "admin:view_on_site": same(ADMIN_302),
    "admin:app_list": same(ADMIN_ONLY),
    "admin/(?P<url>.*)$": same(ADMIN_404),
    "admin:auth_user_password_change": same(ADMIN_ONLY),
}

# Admin pages of every registered model. A model registered in the admin without being
# listed here fails test_every_url_has_an_entry. Values: (add, delete) outcome for the
# superuser on the world's first row — 200, or 403 where the admin refuses (no adding by
# hand, frozen rows); every other role is sent to the admin login.
ADMIN_MODELS = {
    "auth.group": "empty",
    "auth.user": "rows",
    "axes.accessattempt": "empty",
    "axes.accesslog": "rows",  # the cast's sign-ins
    "axes.accessfailurelog": "empty",
    "django_tasks_database.dbtaskresult": "rows",  # the world's queued export
    "ita_portal.organization": "rows",
    "ita_portal.membership": "rows",
    "plans.project": "rows",
    "plans.activity": "rows",
    "plans.budgetlineitem": "rows",
    "plans.risk": "rows",
    "plans.successindicator": "rows",
    "monitoring.quarterlyreport": "rows",
    "monitoring.pdcastep": "rows",
    "monitoring.activityresult": "rows",
    "assessments.framework": "rows",
    "assessments.indicator": "rows",
    "assessments.disclosureitem": "rows",
    "assessments.itaresult": "rows",
    "assessments.improvementfocus": "rows",
    "assessments.oitchecklist": "rows",
    "assessments.checklistentry": "rows",
    "assessments.assessmentphase": "rows",  # the ITAS calendars of the NACC 2568-2570 fixtures
    "assessments.phasereminder": "empty",  # written by send_phase_reminders only
    "plans.actionplan": "rows",
    "plans.planactivity": "rows",
    "monitoring.progressreport": "rows",
    "plans.masterplansubplan": "rows",
    "plans.masterplantarget": "rows",
    "plans.masterplanindicator": "rows",
    "monitoring.progressline": "rows",
    "monitoring.monitoringcalendar": "rows",
    "monitoring.monitoringreport": "rows",
    "monitoring.memo": "rows",
    "monitoring.calendaritem": "rows",
    "monitoring.monitoringreportitem": "rows",
    "monitoring.memosettings": "empty",
    "monitoring.responsiblegroup": "rows",
    "monitoring.signatureblock": "rows",
}
# Models whose admin keeps the history of django-simple-history (its "history/<id>/" page).
ADMIN_SIMPLE_HISTORY = {
    "assessments.itaresult",
    "plans.actionplan", "monitoring.progressreport",
    "monitoring.monitoringcalendar", "monitoring.monitoringreport", "monitoring.memo",
    "plans.project", "plans.activity", "plans.budgetlineitem", "plans.risk", "plans.successindicator",
    "monitoring.quarterlyreport", "monitoring.pdcastep", "monitoring.activityresult",
}
# Document kinds: their old versions may be viewed but not posted back (a revert would write
# the old status too; status changes only through the workflow service).
ADMIN_HISTORY_REVERT_REFUSED = {
    "assessments.itaresult", "plans.actionplan", "monitoring.progressreport", "monitoring.monitoringcalendar",
    "monitoring.monitoringreport", "monitoring.memo", "monitoring.quarterlyreport",
}
# Exceptions to the default admin outcomes for the superuser: {(model, page): {method: status}}.
READ_ONLY = {"GET": 403, "HEAD": 403, "POST": 403}  # rows written by the app, never by hand
ADMIN_EXCEPTIONS: dict[tuple[str, str], dict[str, int]] = {
    ("axes.accesslog", "change"): {"POST": 302},  # read-only admin: an empty POST goes back
    ("axes.accessattempt", "add"): READ_ONLY,
    ("axes.accesslog", "add"): READ_ONLY,
    ("axes.accessfailurelog", "add"): READ_ONLY,
    # django-tasks-db: task results are read-only in the admin (the worker writes them)
    ("django_tasks_database.dbtaskresult", "add"): READ_ONLY,
    ("django_tasks_database.dbtaskresult", "delete"): READ_ONLY,
    ("django_tasks_database.dbtaskresult", "change"): {"POST": 403},
    # reminder records: written by send_phase_reminders, never by hand
    ("assessments.phasereminder", "add"): READ_ONLY,
}


def _admin_entries() -> dict:
    entries = {}
    for label, rows in ADMIN_MODELS.items():
        app, model = label.split(".")
        prefix = f"admin:{app}_{model}"
        # A missing row: the admin redirects to its index with a message.
        found = 200 if rows == "rows" else 302
        pages = {"changelist": 200, "add": 200, "history": found, "delete": found, "change": found}
        for page, status in pages.items():
            per_method = {m: ADMIN_ONLY[:6] + (ADMIN_EXCEPTIONS.get((label, page), {}).get(m, status),) for m in METHODS}
            entries[f"{prefix}_{page}"] = per_method
        entries[f"admin/{app}/{model}/<path:object_id>/"] = same(ADMIN_302)
        if label in ADMIN_SIMPLE_HISTORY:
            refused = ADMIN_ONLY[:6] + (403,)
            entries[f"{prefix}_simple_history"] = same(ADMIN_ONLY, post=refused if label in ADMIN_HISTORY_REVERT_REFUSED else None)
    return entries


EXPECTED.update(_admin_entries())

# Methods other than GET/HEAD/POST: 405 for a signed-in member, except the views that do not
# restrict methods at all (Django's own auth and admin views, which treat them like GET).
METHOD_UNRESTRICTED = re.compile(r"^(admin[:/]|login$|password_|logout$)")


# --- the world and the requests -------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with stubbed_world(django_db_blocker, tmp_path_factory.mktemp("matrix-media")) as w:
        # Signed in here, inside the module's transaction: a session made inside a test
        # would be rolled back with the test.
        w.clients = {role: w.cast.client_for(role) for role in ROLES}
        yield w


@pytest.fixture(autouse=True)
def media_root(world, settings):
    """Keep the module's media folder (the conftest fixture gives each test a new one)."""
    settings.MEDIA_ROOT = world.media
    return world.media


@pytest.fixture
def clients(world):
    """One client per role, signed in once per module (a request that signs out comes last
    for its role and the client is signed in again)."""
    return world.clients


def url_kwargs(key: str, w) -> dict:
    """The keyword arguments that build pattern ``key``'s URL from the world."""
    report, checklist, entry = w.report, w.checklist, w.entry
    org_year = {"code": checklist.organization.code, "fiscal_year": checklist.fiscal_year}
    generic = {  # the generic document views take the document's pk
        "monitoring:report": report, "monitoring:report_pdf": report, "monitoring:report_signature": report,
        "staff:report": report,
        "action_plans:plan": w.plan, "action_plans:plan_pdf": w.plan, "action_plans:plan_staff": w.plan,
        "action_plans:progress": w.progress, "action_plans:progress_pdf": w.progress, "action_plans:progress_staff": w.progress,
        "calendars:calendar": w.calendar, "calendars:calendar_pdf": w.calendar, "calendars:calendar_staff": w.calendar,
        "calendars:monitoring_report": w.monitoring_report, "calendars:monitoring_report_pdf": w.monitoring_report, "calendars:monitoring_report_staff": w.monitoring_report,
        "calendars:memo": w.memo, "calendars:memo_pdf": w.memo, "calendars:memo_staff": w.memo,
        "assessments:result": w.result, "assessments:result_pdf": w.result, "assessments:result_staff": w.result,
    }
    if key in generic:
        return {"pk": generic[key].pk}
    table = {
        "staff:dashboard": {},
        "staff:my_work": {},
        "document_list": {"slug": "quarterly-report"},
        "staff:exports": {},
        "staff:export_status": {"result_id": w.export.id},
        "staff:export_download": {"result_id": w.export.id},
        "staff:project_create": {"code": report.project.organization.code},
        "staff:project_edit": {"project_id": report.project_id},
        "staff:report_create": {"project_id": report.project_id},
        "staff:report_start": {"project_id": report.project_id},
        "staff:": {"report_id": report.pk},
        "staff:document_transition": {"slug": "quarterly-report", "pk": report.pk, "name": "submit"},
        "staff:document_history": {"slug": "quarterly-report", "pk": report.pk},
        "action_plans:plan_import": {},
        "action_plans:plan_import_confirm": {},
        "action_plans:plan_copy_next_year": {"plan_id": w.plan.pk},
        "action_plans:plan_create": {},
        "action_plans:progress_create": {"plan_id": w.plan.pk},
        "calendars:calendar_create": {},
        "calendars:monitoring_report_create": {"calendar_id": w.calendar.pk},
        "calendars:calendar_copy_next_year": {"calendar_id": w.calendar.pk},
        "calendars:memo_create": {},
        "assessments:focus_edit": {"result_id": w.result.pk, "focus_id": w.result.focuses.order_by("pk").first().pk},
        "action_plans:plan": {"plan_id": w.plan.pk},
        "action_plans:progress": {"report_id": w.progress.pk},
        "calendars:calendar": {"calendar_id": w.calendar.pk},
        "calendars:monitoring_report": {"report_id": w.monitoring_report.pk},
        "calendars:memo": {"memo_id": w.memo.pk},
        "assessments:result": {"result_id": w.result.pk},
        "assessments:checklist_urls": {"checklist_id": checklist.pk, "fmt": "csv"},
        "assessments:checklist": {"checklist_id": checklist.pk},
        "assessments:review_entries": {"checklist_id": checklist.pk},
        "assessments:check_links": {"checklist_id": checklist.pk},
        "assessments:clarification_submit": {"checklist_id": checklist.pk},
        "assessments:clarification_review": {"checklist_id": checklist.pk},
        "assessments:clarification_item": {"checklist_id": checklist.pk, "entry_id": entry.pk},
        "assessments:clarification": {"checklist_id": checklist.pk},
        "assessments:clarification_pdf": {"checklist_id": checklist.pk},
        "assessments:verdicts": {"checklist_id": checklist.pk, "round": "preliminary"},
        "assessments:schools": {"organization_id": checklist.organization_id},
        "assessments:score_final": {"organization_id": checklist.organization_id},
        "assessments:score_final_xlsx": {"organization_id": checklist.organization_id},
        "assessments:score_final_pdf": {"organization_id": checklist.organization_id},
        "assessments:school_checklist": {"checklist_id": checklist.pk},
        "assessments:school_item": {"checklist_id": checklist.pk, "entry_id": entry.pk},
        "assessments:result_use_final": {"result_id": w.result.pk},
        "assessments:framework_calendar": {"framework_id": checklist.framework_id},
        "assessments:framework_item": {"framework_id": checklist.framework_id, "item_id": entry.item_id},
        "assessments:framework_detail": {"framework_id": checklist.framework_id},
        "assessments:entry": {"checklist_id": checklist.pk, "entry_id": entry.pk},
        "assessments:approve_entry": {"checklist_id": checklist.pk, "entry_id": entry.pk},
        "assessments:delete_evidence": {"checklist_id": checklist.pk, "entry_id": entry.pk, "evidence_id": w.evidence.pk},
        "oit:organization_year": org_year,
        "oit:item": {**org_year, "item_code": entry.item.code},
        "oit:evidence_file": {**org_year, "item_code": entry.item.code, "evidence_id": w.evidence.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(type(report)).pk,
            "object_id": report.pk,
        },
        "admin:app_list": {"app_label": "plans"},
    }
    if key in table:
        return table[key]
    for prefix, kwargs in table.items():
        if key.startswith(prefix):
            return kwargs
    return {}


def _first_row(app: str, model: str):
    model_class = ContentType.objects.get_by_natural_key(app, model).model_class()
    return model_class._base_manager.order_by("pk").first()


def build_url(key: str, w) -> str:
    """The URL of pattern ``key`` for the world; admin model pages use the model's first row
    (an id that does not exist when the table is empty)."""
    route = URLS[key]
    if key == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    model_page = re.match(r"admin/(\w+)/(\w+)/(<path:object_id>|<id>|\^)", route)
    if model_page:
        app, model, _ = model_page.groups()
        first = _first_row(app, model)
        object_id = first.pk if first is not None else 987654321
        if key.endswith("_simple_history"):
            return reverse(key, args=[object_id, first.history.order_by("history_id").first().history_id])
        if key.endswith("_password_change"):
            return reverse(key, kwargs={"id": object_id})
        if not key.startswith("admin:"):  # the unnamed "<id>/" redirect to the change page
            return f"/admin/{app}/{model}/{object_id}/"
        return reverse(key, kwargs={"object_id": object_id})
    return reverse(key, kwargs=url_kwargs(key, w))


POST_DATA: dict[str, dict] = {
    "staff:report_start": {"quarter": "3"},  # the world's report is of quarter 2
}


def request(client, method: str, url: str, data=None):
    """One request whose database changes are rolled back and whose cookie changes (a new
    session after signing out) are undone, so the client stays as the world signed it in."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with rolled_back():
            return getattr(client, method.lower())(url, data or {})
    finally:
        client.cookies = cookies


def observe(key: str, w, clients) -> dict:
    url = build_url(key, w)
    seen = {m: [] for m in METHODS}
    for role in ROLES:
        client = clients[role]
        for method in METHODS:
            response = request(client, method, url, POST_DATA.get(key, {}) if method == "POST" else {})
            seen[method].append(outcome(response))
    return {m: tuple(v) for m, v in seen.items()}


# --- the tests -------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    missing = sorted(set(URLS) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(URLS))
    assert not missing, f"URL patterns without an expected outcome in tests/test_url_matrix.py EXPECTED: {missing}"
    assert not stale, f"EXPECTED entries whose URL pattern no longer exists: {stale}"


def _matrix_params():
    for key in sorted(URLS):
        yield pytest.param(key, id=key)


@pytest.mark.parametrize("key", list(_matrix_params()))
def test_url_matrix(db, world, clients, key):
    seen = observe(key, world, clients)
    if key not in EXPECTED:
        pytest.fail(f"URL pattern {key!r} ({URLS[key]}) has no expected outcome in EXPECTED")
    expected = EXPECTED[key]
    wrong = {
        f"{method} {role}": (expected[method][i], seen[method][i])
        for method in METHODS
        for i, role in enumerate(ROLES)
        if expected[method][i] != seen[method][i]
    }
    assert not wrong, f"{key} ({build_url(key, world)}): (expected, got) {wrong}"
    assert all(s != 500 for statuses in seen.values() for s in statuses)


@pytest.mark.parametrize("key", sorted(k for k in URLS if k in EXPECTED and not METHOD_UNRESTRICTED.match(k)))
def test_other_methods_are_refused(db, world, clients, key):
    """PUT, PATCH and DELETE: 405 for a signed-in member (before any other check)."""
    url = build_url(key, world)
    for method in OTHER_METHODS:
        response = request(clients["supervisor"], method, url)
        assert response.status_code == 405, f"{method} {key} ({url}) gave {response.status_code}"


def test_figures(db, world):
    """URLs × roles × methods checked by test_url_matrix (printed with -s)."""
    checked = len(URLS) * len(ROLES) * len(METHODS)
    print(f"\nURL matrix: {len(URLS)} URL patterns × {len(ROLES)} roles × {len(METHODS)} methods = {checked} requests")
    assert len(URLS) >= 250
