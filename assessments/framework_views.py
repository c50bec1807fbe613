"""Administrators' pages of the frameworks (ITA/OIT rules of each assessing body and year):
the list of every year, a framework's page (tools → indicators → sub-indicators → OIT items
with their verification state and source, the framework's own state, copy to next year, new
revision, add an item, history) and an item's page (correct, move, mark, remove).

Every page fetches its framework through ``views._get_framework_for_admin``
(``access.MANAGE_FRAMEWORKS``: members get 403). Forms validate; ``framework_editing``
changes, each in one transaction; a framework in use by something approved refuses the
change with its reason and the button "สร้างฉบับแก้ไข".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from assessments import framework_editing as editing
from assessments.forms import AddItemForm, CopyForwardForm, ItemTextForm, MoveItemForm, VerificationForm
from assessments.models import DisclosureItem, Framework, Indicator, SubIndicator, Verification
from assessments.views import _get_framework_for_admin
from ita_portal import access
from ita_portal.history import history_entries


@require_safe
@login_required
def framework_list(request):
    """Every framework of every year and body, newest year first, with its verification state,
    its revision and how many of its OIT items are verified."""
    access.check_portal(request.user, access.MANAGE_FRAMEWORKS)
    frameworks = Framework.objects.annotate(
        item_count=Count("items"), verified_count=Count("items", filter=Q(items__verification="verified"))
    ).order_by("-fiscal_year", "assessing_body", "-revision")
    return render(request, "assessments/framework_list.html", {"frameworks": frameworks})


def _history(framework: Framework):
    """The recorded changes of the framework and of its items (removed ones too), newest
    first; rows created without a user (loaded from the transcribed frameworks, or the
    migration's baseline) are the starting point, not changes, and are left out."""
    entries = history_entries([
        (Framework, Q(id=framework.pk), lambda r: "กรอบการประเมิน"),
        (DisclosureItem, Q(framework_id=framework.pk), lambda r: f"ข้อ {r.code}"),
    ])
    entries = [e for e in entries if e.kind != "+" or e.who is not None]
    # Stored values as people read them: the state's Thai name, the sub-indicator's number.
    names = {
        str(DisclosureItem._meta.get_field("verification").verbose_name): dict(Verification.choices),
        str(DisclosureItem._meta.get_field("sub_indicator").verbose_name): {
            str(pk): number for pk, number in SubIndicator.objects.filter(indicator__framework=framework).values_list("pk", "number")
        },
    }
    for entry in entries:
        for change in entry.changes:
            shown = names.get(change.field, {})
            change.old, change.new = shown.get(change.old, change.old), shown.get(change.new, change.new)
    return entries


def _refused(request, exc: editing.FrameworkInUseError) -> None:
    messages.error(request, f"{exc} (ใช้ปุ่ม “สร้างฉบับแก้ไข” ด้านบน)")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def framework_detail(request, framework_id: int):
    """A framework's page. POST ``action``: ``verify`` (the framework's state and source),
    ``add`` (a new item), ``copy`` (to a later year: a year that has one is refused beside
    the year) or ``revise`` (new revision of a framework in use; then its page opens)."""
    framework = _get_framework_for_admin(request.user, framework_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    verify_form = VerificationForm(
        request.POST if action == "verify" else None, prefix="fw",
        initial={"verification": framework.verification, "source": framework.verification_source},
    )
    add_form = AddItemForm(request.POST if action == "add" else None, prefix="add", framework=framework)
    copy_form = CopyForwardForm(request.POST if action == "copy" else None, prefix="copy", framework=framework)
    try:
        if action == "verify" and verify_form.is_valid():
            editing.mark_framework(framework, verification=verify_form.cleaned_data["verification"], source=verify_form.cleaned_data["source"])
            messages.success(request, "บันทึกสถานะการยืนยันของกรอบการประเมินแล้ว")
            return redirect(request.path)
        if action == "add" and add_form.is_valid():
            data = add_form.cleaned_data
            item = editing.add_item(
                framework, sub_indicator=data["sub_indicator"], code=data["code"], title=data["title"], content_elements=data["content_elements"]
            )
            messages.success(request, f"เพิ่มข้อ {item.code} แล้ว (สถานะ: ชั่วคราว จนกว่าจะยืนยัน)")
            return redirect(request.path + f"#item-{item.pk}")
        if action == "copy" and copy_form.is_valid():
            copy = editing.copy_forward(framework, fiscal_year=copy_form.cleaned_data["fiscal_year"])
            messages.success(request, f"คัดลอกกรอบการประเมินไปปีงบประมาณ {copy.fiscal_year} แล้ว ทุกข้ออยู่ในสถานะชั่วคราวจนกว่าจะยืนยัน")
            return redirect("assessments:framework_detail", framework_id=copy.pk)
        if action == "revise":
            revision = editing.new_revision(framework)
            messages.success(request, f"สร้างฉบับแก้ไขที่ {revision.revision} แล้ว แบบตรวจ OIT ที่เริ่มใหม่จะใช้ฉบับนี้ แก้ไขได้ในหน้านี้")
            return redirect("assessments:framework_detail", framework_id=revision.pk)
    except editing.FrameworkInUseError as exc:
        _refused(request, exc)
    except ValidationError as exc:
        form = {"add": add_form, "copy": copy_form}.get(action)
        if form is not None and hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            messages.error(request, " ".join(exc.messages))
    indicators = (
        Indicator.objects.filter(framework=framework)
        .select_related("tool")
        .prefetch_related(
            Prefetch(
                "sub_indicators",
                queryset=SubIndicator.objects.order_by("order").prefetch_related(
                    Prefetch("items", queryset=DisclosureItem.objects.filter(framework=framework).order_by("order"))
                ),
            )
        )
        .order_by("tool__order", "number")
    )
    context = {
        "framework": framework,
        "tools": framework.tools.order_by("order"),
        "indicators": indicators,
        "locked": framework.in_use_by_approved(),
        "newer": framework.newer_revision(),
        "verify_form": verify_form,
        "add_form": add_form,
        "copy_form": copy_form,
        "history": _history(framework),
    }
    return render(request, "assessments/framework_detail.html", context, status=200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def framework_item(request, framework_id: int, item_id: int):
    """An OIT item of a framework. POST ``action``: ``text`` (title and content elements),
    ``move`` (another sub-indicator of the framework), ``verify`` (state and source; a source
    is required for verified and secondary, said beside it) or ``remove``."""
    framework = _get_framework_for_admin(request.user, framework_id)
    item = get_object_or_404(
        DisclosureItem.objects.select_related("sub_indicator__indicator", "framework"), pk=item_id, framework=framework
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    text_form = ItemTextForm(
        request.POST if action == "text" else None, prefix="text", initial={"title": item.title, "content_elements": item.content_elements}
    )
    move_form = MoveItemForm(
        request.POST if action == "move" else None, prefix="move", framework=framework, initial={"sub_indicator": item.sub_indicator_id}
    )
    verify_form = VerificationForm(
        request.POST if action == "verify" else None, prefix="item", initial={"verification": item.verification, "source": item.source}
    )
    back = redirect("assessments:framework_item", framework_id=framework.pk, item_id=item.pk)
    try:
        if action == "text" and text_form.is_valid():
            editing.correct_item(item, **text_form.cleaned_data)
            messages.success(request, f"บันทึกการแก้ไขข้อ {item.code} แล้ว")
            return back
        if action == "move" and move_form.is_valid():
            editing.move_item(item, sub_indicator=move_form.cleaned_data["sub_indicator"])
            messages.success(request, f"ย้ายข้อ {item.code} ไปตัวชี้วัดย่อย {item.sub_indicator.number} แล้ว")
            return back
        if action == "verify" and verify_form.is_valid():
            editing.mark_item(item, **verify_form.cleaned_data)
            messages.success(request, f"บันทึกสถานะการยืนยันของข้อ {item.code} แล้ว")
            return back
        if action == "remove":
            code = item.code
            editing.remove_item(item)
            messages.success(request, f"ลบข้อ {code} แล้ว")
            return redirect("assessments:framework_detail", framework_id=framework.pk)
    except editing.FrameworkInUseError as exc:
        _refused(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    item.refresh_from_db()
    context = {
        "framework": framework,
        "item": item,
        "locked": framework.in_use_by_approved(),
        "text_form": text_form,
        "move_form": move_form,
        "verify_form": verify_form,
    }
    return render(request, "assessments/framework_item.html", context)
