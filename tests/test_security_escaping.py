"""Script and HTML typed into any text field come out as text: escaped in
the HTML page, and printed literally in the PDF (pdftotext shows the characters; WeasyPrint
never sees them as elements)."""

import shutil
import subprocess

import pytest

PAYLOAD = "<script>alert('x')</script><b>ตัวหนา</b>"
MARK = "alert('x')"


@pytest.fixture
def hostile_report(seed_report):
    project = seed_report.project
    for field in ("name", "activity_title", "responsible", "objectives", "expected_results", "budget_note"):
        setattr(project, field, f"{field} {PAYLOAD}")
    project.save()
    for model_rows, field in ((project.activities.all(), "title"), (project.risks.all(), "management_plan")):
        for row in model_rows:
            setattr(row, field, f"{getattr(row, field)} {PAYLOAD}")
            row.save()
    for field in ("reporter_name", "reporter_position", "problems", "solutions"):
        setattr(seed_report, field, f"{field} {PAYLOAD}")
    seed_report.save()
    for step in seed_report.pdca_steps.all():
        step.methods = f"{step.methods}\n{PAYLOAD}"
        step.save()
    for result in seed_report.activity_results.all():
        result.result = f"{result.result}\n{PAYLOAD}"
        result.save()
    return seed_report


def test_payloads_are_escaped_in_every_html_page(hostile_report, cast):
    from django.urls import reverse

    client = cast.client_for("supervisor")
    for url in (
        hostile_report.get_absolute_url(),
        reverse("staff:report", args=[hostile_report.pk]),
        reverse("staff:report_edit", args=[hostile_report.pk]),
        reverse("staff:project_edit", args=[hostile_report.project_id]),
        reverse("staff:dashboard") + f"?fy={hostile_report.project.fiscal_year}",
    ):
        html = client.get(url).text
        assert "<script>alert" not in html and "<b>ตัวหนา</b>" not in html, url
        assert "&lt;script&gt;alert(" in html or "&lt;script&gt;alert(&#x27;x&#x27;)" in html, url


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_payloads_are_literal_text_in_the_pdf(hostile_report, cast, tmp_path):
    pdf = cast.client_for("supervisor").get(hostile_report.get_pdf_url()).content
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    squashed = "".join(text.split())
    assert squashed.count("".join(PAYLOAD.split())) >= 5  # every field printed as the typed characters
