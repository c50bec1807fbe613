"""Staff pages of background exports (``ita_portal.exports``): start one, follow its
progress, download the zip.

Every page goes through ``_get_export_for_user``: the task result must exist and the user
must be able to read every organization it covers (404 otherwise, as for documents). The
requests only enqueue and read rows and small files; none renders a PDF.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal import access, thai
from ita_portal.documents import fiscal_year_validators
from ita_portal.exports import export_reports, read_progress

REFRESH_SECONDS = 2
STATUS_LABELS = {
    TaskResultStatus.READY: "รอคิว",
    TaskResultStatus.RUNNING: "กำลังจัดทำ",
    TaskResultStatus.SUCCESSFUL: "เสร็จแล้ว",
    TaskResultStatus.FAILED: "ไม่สำเร็จ",
}


class ExportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="หน่วยงาน", queryset=None, required=False, empty_label="ทุกหน่วยงานที่ท่านเข้าถึงได้"
    )
    fiscal_year = forms.IntegerField(label="ปีงบประมาณ (พ.ศ.)", validators=fiscal_year_validators)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.organizations_for(user).order_by("code")


def _get_export_for_user(user, result_id):
    """The export's task result; 404 when unknown or when ``user`` cannot read one of its organizations."""
    try:
        result = export_reports.get_result(str(result_id))
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError) as exc:
        raise Http404("ไม่พบรายการส่งออก") from exc
    for organization_id in result.kwargs["organization_ids"]:
        access.check(user, organization_id, access.READ)
    return result


@login_required
@require_http_methods(["GET", "POST"])
def exports(request):
    """Choose organizations and a fiscal year; the POST enqueues the export and redirects
    to its status page."""
    initial = {"fiscal_year": thai.fiscal_year(timezone.localdate())}
    form = ExportForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        chosen = [organization] if organization else list(form.fields["organization"].queryset)
        if not chosen:
            form.add_error("organization", "บัญชีของคุณยังไม่เป็นสมาชิกของหน่วยงานใด")
        else:
            result = export_reports.enqueue(
                organization_ids=[o.pk for o in chosen],
                fiscal_year=form.cleaned_data["fiscal_year"],
                requested_by=request.user.pk,
            )
            return redirect("staff:export_status", result.id)
    return render(request, "staff/exports.html", {"form": form})


@login_required
@require_safe
def export_status(request, result_id):
    """Progress of an export; refreshes itself (``Refresh`` header) until it has finished,
    then links the file."""
    result = _get_export_for_user(request.user, result_id)
    finished = result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    progress = read_progress(str(result.id))
    percent = 100 if result.status == TaskResultStatus.SUCCESSFUL else (
        int(100 * progress["done"] / progress["total"]) if progress["total"] else 0
    )
    context = {
        "result": result,
        "status_label": STATUS_LABELS.get(result.status, result.status),
        "finished": finished,
        "successful": result.status == TaskResultStatus.SUCCESSFUL,
        "progress": progress,
        "percent": percent,
        "output": result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None,
        "fiscal_year": result.kwargs["fiscal_year"],
        "organization_count": len(result.kwargs["organization_ids"]),
        "refresh_seconds": REFRESH_SECONDS,
    }
    response = render(request, "staff/exports_status.html", context)
    if not finished:
        # The browser reloads the page by itself (no script needed) until the export ends.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
@require_safe
def export_download(request, result_id):
    """The finished zip (404 until it is ready)."""
    result = _get_export_for_user(request.user, result_id)
    if result.status != TaskResultStatus.SUCCESSFUL:
        raise Http404("ไฟล์ยังไม่พร้อม")
    name = result.return_value["file"]
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1])
