"""``{{ evidence_check|link_problem:ds }}``: the Thai sentence of a broken or changed evidence
link ("ลิงก์ใช้งานไม่ได้ (404) ตรวจเมื่อ …"), written by ``EvidenceCheck.problem_text`` — the
same sentence the e-mail carries."""

from django import template

register = template.Library()


@register.filter
def link_problem(check, system):
    """``check.problem_text(system)``; "" for ``None`` or a check that found no problem."""
    return check.problem_text(system) if check is not None else ""
