"""The monitoring part of the generated national-scale data (``ita_portal.scale_data``):
the 4 quarterly reports of every generated project (4 PDCA steps and a result for every
activity each) in a realistic mix of workflow states, with the texts of the quarterly
report of สพป.เชียงใหม่ เขต ๖. Runs after the plans' part, whose projects it reports on.
Approved reports get no stored PDF; the PDF view renders those live.
"""

from __future__ import annotations

from ita_portal import thai
from ita_portal.fields import ProgressStatus
from ita_portal.scale_data import joined, moment
from ita_portal.workflow import Status
from monitoring.models import ActivityResult, PDCAStep, QuarterlyReport
from plans.models import Activity, Project
from plans.scale_data import source_project


def write(run, organizations: list, members: dict) -> None:
    source = source_project(run)["quarterly_reports"][0]
    texts = [joined(a["result"]) for a in source["activity_results"]]
    pdca = {s["step"]: "\n".join(s["methods"]) for s in source["pdca_steps"]}
    projects = list(Project.objects.filter(organization__in=organizations).select_related("organization").order_by("pk"))
    reports = []
    for project in projects:
        for quarter in thai.QUARTERS:
            reports.append(_report(run, source, project, quarter, members[project.organization_id]))
    reports = run.bulk(QuarterlyReport, reports, batch_size=1000)
    steps, results = [], []
    for report in reports:
        months = thai.quarter_months(report.project.fiscal_year, report.quarter)
        done = report.status == Status.APPROVED
        for k, step in enumerate(PDCAStep.STEP_ORDER):
            steps.append(
                PDCAStep(
                    report=report,
                    step=step,
                    month=months[min(k, 2)],
                    methods=pdca.get(step, ""),
                    status=ProgressStatus.DONE if done else run.rng.choice(ProgressStatus.values),
                    outcome=PDCAStep.Outcome.ACHIEVED if done else "",
                )
            )
    by_project = {}
    for activity in Activity.objects.filter(project__in=projects).order_by("pk"):
        by_project.setdefault(activity.project_id, []).append(activity)
    for report in reports:
        for n, activity in enumerate(by_project[report.project_id]):
            results.append(ActivityResult(report=report, activity=activity, result=texts[n % len(texts)]))
    run.bulk(PDCAStep, steps, batch_size=4000)
    run.bulk(ActivityResult, results, batch_size=4000)


def _report(run, source: dict, project, quarter: int, people: dict) -> QuarterlyReport:
    fy = project.fiscal_year
    roll = run.rng.random()
    if fy < run.current_fy or quarter < run.current_quarter:
        status = Status.APPROVED if roll < 0.9 else (Status.SUBMITTED if roll < 0.95 else Status.RETURNED)
    elif quarter == run.current_quarter:
        status = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)[min(3, int(roll * 4))]
    else:
        status = Status.DRAFT
    supervisor, director = people["supervisor"], people["director"]
    report = QuarterlyReport(
        project=project,
        quarter=quarter,
        status=status,
        digit_system=thai.THAI,
        reporter=supervisor,
        reporter_name=supervisor.get_full_name(),
        reporter_position="ศึกษานิเทศก์",
        problems=joined(source.get("problems")),
        solutions=joined(source.get("solutions")),
    )
    if status != Status.DRAFT:
        report.submitted_at, report.submitted_by = moment(fy, quarter), supervisor
    if status in (Status.APPROVED, Status.RETURNED):
        report.reviewed_at, report.reviewed_by = moment(fy, quarter, days=3), director
    if status == Status.RETURNED:
        report.review_comment = "กรุณาเพิ่มผลการดำเนินงานของกิจกรรมที่ ๓"
    if status == Status.APPROVED:
        report.approver_name = director.get_full_name()
        report.approver_position = project.organization.director_title
    return report
