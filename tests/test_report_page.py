"""The report's HTML page shows the seed's texts and computed figures."""

from ita_portal import thai


def test_it_shows_the_seed(member_client, seed_report, seed_data):
    response = member_client.get(seed_report.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    org = seed_data["organizations"][0]
    p = seed_data["projects"][0]
    r = p["quarterly_reports"][0]
    expected = [
        "รายงานผลกำกับติดตามการดำเนินการป้องกันการทุจริตรายไตรมาส",
        org["name"],
        "ไตรมาสที่ ๒ เดือนมกราคม – มีนาคม ๒๕๖๓",
        p["responsible"],
        *p["policy_alignment"],
        *p["objectives"],
        *p["quantitative_targets"],
        *p["qualitative_targets"],
        *p["expected_results"],
        *(a["title"] for a in p["activities"]),
        *(b["item"] for b in p["budget_line_items"]),
        *(line for risk in p["risks"] for line in risk["opportunity_impact"] + risk["management_plan"]),
        *(s["indicator"] for s in p["success_indicators"]),
        *r["problems"],
        *r["solutions"],
        *(m for step in r["pdca_steps"] for m in step["methods"]),
        r["reporter_name"],
        org["director_name"],
        "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๖",
        "ผู้รายงาน",
        "ผู้รับรอง",
    ]
    missing = [text for text in expected if _escaped(text) not in html]
    assert missing == []


def _escaped(text):
    from django.utils.html import escape

    return escape(text)


def test_it_prints_computed_totals_in_thai_digits(member_client, seed_report):
    html = member_client.get(seed_report.get_absolute_url()).text
    assert "๑๐๑,๐๐๐" in html  # the activities' real total
    assert "๑๑๐,๐๐๐" in html  # the budget line items' total
    for amount in ("๑๘,๓๐๐", "๒๙,๒๘๐", "๖๒,๔๒๐", "๑๑,๐๐๐", "๑๐,๐๐๐"):
        assert amount in html
    assert 'กุมภาพันธ์ – <span class="nowrap">มิถุนายน ๒๕๖๓</span>' in html  # a month and its year on one line
    assert 'สิงหาคม – <span class="nowrap">กันยายน ๒๕๖๓</span>' in html


def test_arabic_digit_reports_use_arabic_digits_everywhere(member_client, seed_report):
    seed_report.digit_system = thai.ARABIC
    seed_report.save(update_fields=["digit_system"])
    html = member_client.get(seed_report.get_absolute_url()).text
    assert "101,000" in html
    assert "มกราคม – มีนาคม 2563" in html
    document = html[html.index('<article class="document">') :]
    assert not any(d in document for d in "๐๑๒๓๔๕๖๗๘๙")


def test_staff_see_the_discrepancy_note_and_the_public_does_not(client, approved_report, cast):
    note = "ข้อสังเกตสำหรับเจ้าหน้าที่"
    public = client.get(approved_report.get_absolute_url())
    assert public.status_code == 200 and note not in public.text
    client.force_login(cast.viewer)
    html = client.get(approved_report.get_absolute_url()).text
    assert note in html
    assert "ต้นฉบับระบุ “๑๑๐,๐๐๐ บาท” / ระบบพิมพ์ “๑๐๑,๐๐๐ บาท (ผลรวมของรายการ; ต่างกัน ๙,๐๐๐ บาท)”" in html


def test_it_links_to_the_pdf(member_client, seed_report):
    assert f'href="{seed_report.get_pdf_url()}"' in member_client.get(seed_report.get_absolute_url()).text


def test_a_draft_is_hidden_from_the_public_and_an_approved_report_is_published(client, seed_report, cast):
    from ita_portal import transitions

    for url in (seed_report.get_absolute_url(), seed_report.get_pdf_url()):
        assert client.get(url).status_code == 404
    assert seed_report.get_absolute_url() not in client.get("/").text
    transitions.submit(seed_report, by=cast.supervisor)
    assert client.get(seed_report.get_absolute_url()).status_code == 404
    transitions.approve(seed_report, by=cast.director)
    for url in (seed_report.get_absolute_url(), seed_report.get_pdf_url()):
        assert client.get(url).status_code == 200
    assert seed_report.get_absolute_url() in client.get("/").text


def test_an_unknown_report_is_404(client, db):
    assert client.get("/reports/999999/").status_code == 404
    assert client.get("/reports/999999/pdf/").status_code == 404


def test_the_page_refuses_post(client, seed_report):
    assert client.post(seed_report.get_absolute_url()).status_code == 405


def test_the_home_page_lists_the_published_report(client, approved_report):
    html = client.get("/").text
    assert approved_report.get_absolute_url() in html
    assert approved_report.get_pdf_url() in html
