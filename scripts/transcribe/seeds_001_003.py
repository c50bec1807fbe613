"""Transcribe seeds 001 and 003 (tests/seeds/*.txt) into fixtures/seed_001_*.json and
fixtures/seed_003_*.json.

Texts are cut from the seed files by line number and tab-separated cell, not retyped;
``join()`` only removes the line-wrap spaces the PDF extraction put inside table cells where
the same phrase appears unwrapped elsewhere in the seed. ``tests/test_action_plan_seed.py``
and ``tests/test_calendar_seed.py`` check that every text of the seeds appears in the
fixtures (whitespace aside) or is listed under ``source_variants``.

Run: .venv/bin/python scripts/transcribe/seeds_001_003.py (writes fixtures/; the result is
the committed fixtures byte for byte, ``tests/test_transcribe.py``)
"""

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = HERE.parent / "tests" / "seeds"
S1 = (SEEDS / "001_a9ee2c1cbcf48ffa.txt").read_text(encoding="utf-8").split("\n")
S3 = (SEEDS / "003_d951fafa94d13f66.txt").read_text(encoding="utf-8").split("\n")


def line(seed, n):
    """Line ``n`` (1-based) of a seed, stripped."""
    return seed[n - 1].strip()


def cell(seed, n, i):
    """Tab-separated cell ``i`` of line ``n``, stripped."""
    return seed[n - 1].split("\t")[i].strip()


def after(text, prefix):
    assert text.startswith(prefix), (text, prefix)
    return text[len(prefix):].strip()


def squash(text):
    """Collapse runs of whitespace (the seed's own single spaces stay)."""
    return re.sub(r"\s+", " ", text).strip()


def unwrap(text, *pieces):
    """Remove line-wrap spaces: each piece "a b" in ``pieces`` becomes "ab"."""
    text = squash(text)
    for piece in pieces:
        assert piece in text, (piece, text)
        text = text.replace(piece, piece.replace(" ", ""))
    return text


# ---------------------------------------------------------------------------------------
# Seed 001: สพป.พิษณุโลก เขต 1, action plan FY 2564 + 6-month report
ORG1 = "spp-phitsanulok-1"
org1_name = line(S1, 10)
responsible_1 = "กลุ่มนิเทศ ติดตามและประเมินผลการศึกษา"  # cell(65, 15) unwrapped
assert squash(cell(S1, 65, 15)).replace(" ", "") == responsible_1.replace(" ", "")
responsible_trunc = cell(S1, 85, 15)  # "…การศึกษ": the seed's own truncation, kept
covid = unwrap(
    cell(S1, 117, 4) + " " + cell(S1, 120, 4),
)
covid_13 = unwrap(cell(S1, 121, 4), "การแพร่ ระบาด", "เดือน แรก", "ไม่ สามารถ", "และ ธรรมาภิบาล")
covid_14 = unwrap(cell(S1, 122, 4) + " " + cell(S1, 125, 4), "การแพร่ ระบาด", "เดือน แรก", "ไม่ สามารถ", "และ ธรรมาภิบาล")
covid = unwrap(covid, "ไม่ สามารถ", "และ ธรรมาภิบาล")
assert covid == covid_13 == covid_14, (covid, covid_13, covid_14)

title_112 = "กิจกรรมประชุมชี้แจงแนวทิศทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ และเตรียมความพร้อมการตอบแบบสำรวจหลักฐานเชิงประจักษ์ ประจำปี 2564"
assert title_112.replace(" ", "") in line(S1, 71).replace(" ", "")
done = "ดำเนินการเสร็จสิ้น"
in_progress = cell(S1, 117, 3)

activities = [
    {
        "title": cell(S1, 111, 1),
        "indicator": unwrap(cell(S1, 65, 1), "ร้อยละของบุคลากร ในสำนักงานเขต พื้นที่การศึกษา", "ตระหนักรู้ ในการป้องกันการ ทุจริต", "ค่านิยมร่วม ด้านทุจริต", "จิตสำนึก สาธารณะ", "และ สามารถแยกแยะ ระหว่าง ผลประโยชน์ส่วน ตนและ ผลประโยชน์ ส่วนรวม"),
        "unit": cell(S1, 65, 2), "target_amount": cell(S1, 65, 3),
        "stated_budget": cell(S1, 65, 4).replace(",", ""),
        "responsible": responsible_1,
        "children": [
            {
                "title": cell(S1, 112, 1), "responsible": responsible_1,
                "children": [
                    {"title": cell(S1, 113, 1)[3:], "indicator": "ร้อยละของบุคลากรในสำนักงานเขตพื้นที่การศึกษา เกิดความตระหนักรู้ในการป้องกันการทุจริต", "unit": "ร้อยละ", "target_amount": "85", "budget": cell(S1, 66, 4).replace(",", "")},
                    {"title": title_112, "indicator": "ร้อยละของบุคลากรในสำนักงานเขตพื้นที่การศึกษามีความรู้ความเข้าใจแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ", "unit": cell(S1, 71, 2), "target_amount": cell(S1, 71, 3), "budget": cell(S1, 71, 4).replace(",", "")},
                    {"title": cell(S1, 115, 1)[3:], "budget": cell(S1, 115, 2).replace(",", "")},
                ],
            },
            {
                "title": cell(S1, 116, 1), "responsible": responsible_1,
                "children": [
                    {"title": cell(S1, 117, 1)[3:], "indicator": "ร้อยละของบุคลากรในสำนักงานเขตพื้นที่การศึกษา มีค่านิยมร่วมด้านทุจริต", "unit": cell(S1, 72, 2), "target_amount": cell(S1, 72, 3), "budget": cell(S1, 72, 4).replace(",", ""), "months": [4]},
                ],
            },
            {
                "title": "กิจกรรมสร้างจิตสำนึกสาธารณะ", "responsible": responsible_1,
                "stated_budget": cell(S1, 78, 4).replace(",", ""),
                "children": [
                    {"title": "กิจกรรมทำความดีเพื่อสังคม การช่วยเหลือ แบ่งปัน และการต่อต้านการทุจริตในองค์กร", "indicator": "ร้อยละของบุคลากรในสำนักงานเขตพื้นที่การศึกษา มีจิตสำนึกสาธารณะ ช่วยเหลือแบ่งปัน ทำความดีเพื่อสังคม", "unit": "ร้อยละ", "target_amount": "85", "budget": "3000"},
                    {"title": "กิจกรรมสร้างสื่อประชาสัมพันธ์แนวสร้างสรรค์เพื่อให้เข้าถึงได้ง่าย น่าสนใจ และกระตุ้นให้ผู้มีส่วนได้ส่วนเสียได้รู้สึกมีส่วนร่วมเป็นหนึ่ง ในการต่อต้านการทุจริต", "indicator": "ร้อยละของบุคลากรในสำนักงานเขตพื้นที่การศึกษา และผู้มีส่วนได้ส่วนเสียสามารถเข้าถึงสื่อได้ง่าย", "unit": "ร้อยละ", "target_amount": "85", "budget": "3000"},
                ],
            },
            {
                "title": "กิจกรรมเสริมสร้างการคิดแยกแยะระหว่างผลประโยชน์ส่วนตนและผลประโยชน์ส่วนรวม", "responsible": responsible_1,
                "children": [
                    {"title": cell(S1, 84, 0)[3:], "indicator": cell(S1, 84, 1), "unit": cell(S1, 84, 2), "target_amount": cell(S1, 84, 3), "budget": cell(S1, 84, 4).replace(",", "")},
                ],
            },
        ],
    },
]
for n in (85, 86, 87):
    activities.append({
        "title": cell(S1, n, 0)[3:], "indicator": cell(S1, n, 1), "unit": cell(S1, n, 2),
        "target_amount": cell(S1, n, 3), "budget": cell(S1, n, 4).replace(",", ""), "responsible": responsible_trunc,
    })
activities.append({"title": cell(S1, 129, 1), "budget": cell(S1, 129, 2).replace(",", ""), "listed_in_plan": False})

lines_half = [
    {"activity": "1.1.1", "result": cell(S1, 113, 3), "obstacles": cell(S1, 113, 4), "remarks": cell(S1, 113, 5), "status": "done"},
    {"activity": "1.1.2", "reported_title": cell(S1, 114, 1)[3:], "result": cell(S1, 114, 3), "obstacles": cell(S1, 114, 4), "remarks": cell(S1, 114, 5), "status": "done"},
    {"activity": "1.1.3", "result": cell(S1, 115, 3), "obstacles": cell(S1, 115, 4), "remarks": cell(S1, 115, 5), "status": "done"},
    {"activity": "1.2.1", "result": in_progress, "obstacles": covid, "status": "in_progress"},
    {"activity": "1.3", "obstacles": covid},
    {"activity": "1.3.1", "result": in_progress, "status": "in_progress"},
    {"activity": "1.3.2", "result": in_progress, "status": "in_progress"},
    {"activity": "1.4.1", "result": in_progress, "obstacles": covid, "status": "in_progress"},
    {"activity": "2", "result": cell(S1, 126, 3), "status": "in_progress"},
    {"activity": "3", "result": cell(S1, 127, 3), "status": "in_progress"},
    {"activity": "4", "result": unwrap(cell(S1, 128, 3), "การ ปรับปรุง", "พื้นที่ การศึกษา", "หน้าแสดงผล การเปิดเผย"), "obstacles": cell(S1, 128, 4), "status": "done"},
    {"activity": "5", "result": unwrap(cell(S1, 129, 3), "สถานการณ์ การแพร่", "ห้าม ข้าราชการ"), "obstacles": unwrap(cell(S1, 129, 4), "ใช้ใน การส่งเสริม", "การศึกษา สุจริต"), "status": "not_started"},
]

seed_001 = {
    "source": "../shared/seeds/001_a9ee2c1cbcf48ffa.txt",
    "organizations": [{
        "code": ORG1, "name": org1_name, "short_name": "สพป.พิษณุโลก เขต 1",
        "parent_body": line(S1, 12), "ministry": line(S1, 14), "address": "",
        "director_name": "", "director_position": "", "default_digit_system": "arabic",
        "demo_supervisor": {"first_name": "ผู้รับผิดชอบ", "last_name": "(สาธิต)", "position": "ศึกษานิเทศก์"},
        "demo_director": {"first_name": "ผู้อำนวยการ", "last_name": "(สาธิต)", "position": ""},
    }],
    "action_plans": [{
        "organization": ORG1, "fiscal_year": 2564, "digit_system": "arabic",
        "programme": after(line(S1, 18), "แผนงาน"),
        "project_name": after(line(S1, 20), "โครงการ"),
        "headline_activities": [after(line(S1, n), "กิจกรรม") for n in (22, 24, 26)],
        "rationale": [line(S1, 32), line(S1, 34), line(S1, 36)],
        "objectives": [line(S1, n)[3:] for n in (40, 41, 42)],
        "targets": [line(S1, 46)],
        "target_group": line(S1, 50),
        "master_plan_issue": after(line(S1, 52), "5. ค่าเป้าหมายและตัวชี้วัด แผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็น"),
        "sub_plans": [{
            "title": line(S1, 54)[3:], "value_year": 2564,
            "targets": [{"text": cell(S1, 57, 0)[3:], "indicators": [
                {"text": cell(S1, 57, 1)[3:], "value": cell(S1, 57, 2)},
                {"text": cell(S1, 58, 1)[3:], "value": cell(S1, 58, 2)},
            ]}],
        }],
        "period_start": "2563-10-01", "period_end": "2564-09-30",
        "location": line(S1, 93),
        "expected_impact": [line(S1, n)[3:] for n in (97, 98, 99)],
        "evaluation_methods": [line(S1, n)[3:] for n in (103, 104, 105)],
        "activities": activities,
    }],
    "progress_reports": [{
        "organization": ORG1, "fiscal_year": 2564, "project_name": after(line(S1, 20), "โครงการ"),
        "period": "half", "digit_system": "arabic", "lines": lines_half,
        # Part 2 reports an activity the plan (part 1) does not list: its totals disagree by
        # that activity's budget; the reason is printed as the report's footnote.
        "totals_reason": "กิจกรรมที่ 5 ศึกษาดูงานเขตพื้นที่สุจริตต้นแบบ เพิ่มระหว่างปี ไม่อยู่ในแผน (ส่วนที่ 1) งบประมาณของกิจกรรมนี้จึงรวมอยู่ในรายงานผล (ส่วนที่ 2) แต่ไม่อยู่ในงบประมาณตามแผน",
    }],
    "source_variants": [
        {"where": "ส่วนที่ 1 ข้อ 6 ตารางกิจกรรม: ข้อความในเซลล์ถูกตัดบรรทัดตามความกว้างคอลัมน์ (มีช่องว่างกลางคำ) ระบบเก็บข้อความที่ต่อบรรทัดแล้ว", "seed_text": cell(S1, 65, 0), "portal_uses": cell(S1, 111, 1)},
        {"where": "ส่วนที่ 2 กิจกรรม 1.1 2): ชื่อกิจกรรมในรายงานต่างจากในแผน (\"แนวทาง\" / \"แนวทิศทาง\") ระบบเก็บชื่อตามแผน และชื่อตามรายงานไว้ใน reported_title", "seed_text": cell(S1, 114, 1), "portal_uses": title_112},
        {"where": "ส่วนที่ 1 ข้อ 6 ผู้รับผิดชอบกิจกรรม 2–4: คำว่า \"การศึกษ\" ถูกตัดท้าย ระบบเก็บตามต้นฉบับ", "seed_text": responsible_trunc, "portal_uses": responsible_trunc},
        {"where": "ส่วนที่ 1 ข้อ 6 ระยะเวลาดำเนินการ: ข้อความที่ได้จาก PDF มีเครื่องหมาย ←→ เพียงแห่งเดียว (กิจกรรม 1.2 1) ในคอลัมน์ เม.ย. 64) เครื่องหมายเดือนอื่นสูญหายไปกับภาพ ระบบจึงบันทึกเฉพาะเดือนนี้; ตารางของระบบแสดงครบ 4 ไตรมาส (ต้นฉบับแสดงไตรมาส 2–4)", "seed_text": "←→", "portal_uses": "schedule_months [4]"},
        {"where": "ส่วนที่ 2: กิจกรรมที่ 5 ไม่มีในส่วนที่ 1 (แผน) ระบบเก็บเป็นกิจกรรมที่เพิ่มระหว่างปี (listed_in_plan = false) แสดงเฉพาะในรายงาน", "seed_text": cell(S1, 129, 1), "portal_uses": cell(S1, 129, 1)},
        {"where": "ส่วนที่ 1 ข้อ 6 กิจกรรม 1.1 3): ส่วนที่ 1 ไม่ระบุงบประมาณ ระบบใช้ 1,000 บาทจากส่วนที่ 2", "seed_text": cell(S1, 115, 2), "portal_uses": "1000"},
        {"where": "ส่วนที่ 2 กิจกรรมที่ 4: ต้นฉบับไม่ระบุสถานะ ระบบบันทึกว่า \"ดำเนินการแล้ว\" ตามผลการดำเนินงานที่เขียนเป็นอดีต", "seed_text": cell(S1, 128, 3), "portal_uses": "status = done"},
    ],
    "source_errors": [
        {"where": "ส่วนที่ 1 ข้อ 6 กิจกรรม 1.3: แถวของกิจกรรม 1.3 ระบุงบประมาณ 3,000 บาท",
         "stated": "3000", "computed": "6000", "difference": "-3000",
         "description": "กิจกรรม 1.3 มีกิจกรรมย่อย 2 รายการ รายการละ 3,000 บาท (ตามส่วนที่ 2) รวม 6,000 บาท แต่ส่วนที่ 1 ระบุ 3,000 บาท; กิจกรรมที่ 1 ระบุ 100,000 บาท ตรงกับผลรวมที่คำนวณได้ (3,000 + 30,000 + 1,000 + 30,000 + 6,000 + 30,000)"},
    ],
}

# ---------------------------------------------------------------------------------------
# Seed 003: สพป.สมุทรสาคร, memo + monitoring calendar + monitoring report, FY ๒๕๖๑
ORG3 = "spp-samutsakhon"
G_ADMIN = "กลุ่มอำนวยการ"
G_PROMOTE = "กลุ่มส่งเสริมการจัดการศึกษา"
G_POLICY = "กลุ่มนโยบายและแผน"
G_FINANCE = "กลุ่มบริหารงานการเงินและสินทรัพย์"
G_PERSONNEL = "กลุ่มบริหารงานบุคคล"
G_SUPERVISION = "กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา"

org3_name = after(line(S3, 44), "ผู้อำนวยการ")
memo_group = after(line(S3, 7), "ส่วนราชการ").replace(org3_name, "").strip()
assert memo_group == G_SUPERVISION, memo_group
number_part, date_part = line(S3, 8).split(" วันที่ ")
calendar_title = squash(line(S3, 55) + line(S3, 56)).rsplit(" ประจำปีงบประมาณ", 1)[0]
# The source's heading names another office (สพป.มุกดาหาร): the portal prints its own.
ack_heading = cell(S3, 100, 6).replace("สพป.มุกดาหาร", "สพป.สมุทรสาคร")
assert ack_heading != cell(S3, 100, 6)
copied_elsewhere = (
    "คัดลอกมาจากเอกสารของหน่วยงานอื่น ระบบพิมพ์ผู้อำนวยการและชื่อหน่วยงานจากข้อมูลหน่วยงาน (สพป.สมุทรสาคร) "
    "และเก็บถ้อยคำต้นฉบับเป็นข้อสังเกตในหน้าเจ้าหน้าที่ของเอกสาร"
)
monitoring_report_title = squash(line(S3, 97) + line(S3, 98)).rsplit(" ประจำปีงบประมาณ", 1)[0]


def items_of(text):
    """Split a cell holding several numbered items "1.… 2.…" into their texts."""
    parts = re.split(r"(?:^|\s)\d+\.(?=\S)", squash(text))
    return [p.strip() for p in parts if p.strip()]


cal_rows = [  # (line, date, [[groups of each item in the cell]])
    (60, "2018-01-10", [[G_ADMIN], [G_ADMIN]]),
    (61, "2018-02-10", [[G_PROMOTE, G_POLICY], [G_PROMOTE, G_POLICY]]),
    (62, "2018-03-10", [[G_FINANCE], [G_FINANCE]]),
    (63, "2018-03-10", [[G_POLICY]]),
    (64, "2018-04-10", [[G_PERSONNEL], [G_SUPERVISION]]),
    (65, "2018-05-10", [[G_PERSONNEL]]),
    (72, "2018-05-10", [[G_PERSONNEL]]),
    (73, "2018-05-12", [[G_SUPERVISION]]),
    (74, "2018-06-10", [[G_PERSONNEL]]),
    (75, "2018-06-12", [[G_SUPERVISION, G_POLICY]]),
    (76, "2018-06-15", [[G_PERSONNEL, G_ADMIN]]),
]
calendar_items = []
for n, date, groups in cal_rows:
    texts = items_of(cell(S3, n, 1))
    assert len(texts) == len(groups), (n, texts)
    for text, g in zip(texts, groups):
        calendar_items.append({"date": date, "text": text, "groups": g})
assert len(calendar_items) == 15

track_groups = {
    102: [G_ADMIN], 103: [G_PROMOTE, G_POLICY], 104: [G_FINANCE], 108: [G_FINANCE], 109: [G_POLICY],
    110: [G_PERSONNEL], 111: [G_SUPERVISION], 112: [G_PERSONNEL], 122: [G_PERSONNEL], 123: [G_SUPERVISION],
    124: [G_PERSONNEL], 125: [G_SUPERVISION, G_POLICY], 126: [G_PERSONNEL, G_ADMIN],
}
monitoring_report_items = []
for n, groups in track_groups.items():
    cells = [c.strip() for c in S3[n - 1].split("\t")]
    ack = cells[6].lstrip("- ").strip()
    m = re.match(r"^\((.+?)\)\s*(.+)$", ack) or re.match(r"^(.+?)\s*\((.+?)\)$", ack)
    name, position = (m.group(1), m.group(2)) if ack.startswith("(") else (m.group(2), m.group(1))
    monitoring_report_items.append({
        "continues_previous": cells[0] == "",
        "text": [p.strip() for p in re.split(r"\s(?=-)", squash(cells[1]))],
        "status": "done" if cells[2] == "✓" else "in_progress",
        "result": squash(cells[4]),
        "groups": groups,
        "signer": "director",
        "source_acknowledged_by_name": name.strip(),
        "source_acknowledged_by_position": position.strip(),
    })

seed_003 = {
    "source": "../shared/seeds/003_d951fafa94d13f66.txt",
    "organizations": [{
        "code": ORG3, "name": org3_name, "short_name": "สพป.สมุทรสาคร",
        "parent_body": "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "ministry": "กระทรวงศึกษาธิการ", "address": "",
        "director_name": line(S3, 41).strip("()"), "director_position": "", "default_digit_system": "thai",
        "demo_supervisor": {"first_name": "นางทวิกา", "last_name": "บำรุงสวัสดิ์", "position": line(S3, 37)},
        "demo_director": {"first_name": "นายมารุต", "last_name": "อุปนิสากร", "position": ""},
    }],
    "responsible_groups": [{"organization": ORG3, "names": [G_ADMIN, G_PROMOTE, G_POLICY, G_FINANCE, G_PERSONNEL, G_SUPERVISION]}],
    "monitoring_calendars": [{
        "key": "calendar-2561", "organization": ORG3, "fiscal_year": 2561, "digit_system": "arabic",
        "title": calendar_title,
        "items": calendar_items,
        "signatures": [
            {"caption": line(S3, 78), "signer": "director", "source_name": line(S3, 67).strip("()"), "source_position": line(S3, 69)},
            {"caption": line(S3, 78), "signer": "director", "source_name": line(S3, 87).strip("()"), "source_position": line(S3, 90)},
        ],
        "monitoring_reports": [{
            "key": "monitoring-report-2561", "title": monitoring_report_title, "digit_system": "arabic",
            "acknowledgement_heading": ack_heading,
            "items": monitoring_report_items,
            "signatures": [
                {"caption": line(S3, 114), "signer": "director", "source_name": line(S3, 117).strip("()"), "source_position": line(S3, 116).rstrip(",")},
                {"caption": line(S3, 128), "signer": "director", "source_name": line(S3, 130).strip("()"), "source_position": line(S3, 132)},
            ],
            "source_notes": [{"where": "หัวคอลัมน์ลงนามรับทราบ", "source": cell(S3, 100, 6), "printed": "ลงนามรับทราบ โดย ผอ.{short_name}"}],
        }],
    }],
    "memos": [{
        "organization": ORG3, "digit_system": "thai", "group": memo_group,
        "document_number": after(number_part, "ที่"),
        "date": "2561-06-15",
        "subject": squash(after(line(S3, 10), "เรื่อง") + line(S3, 11)),
        "addressee": after(line(S3, 13), "เรียน"),
        "body": [line(S3, 15), line(S3, 17)],
        "proposals": [line(S3, 19)[3:], line(S3, 20)[3:]],
        "closing": line(S3, 22),
        "writer_name": line(S3, 36).strip("()"), "writer_position": line(S3, 37),
        "group_head_note": [line(S3, n) for n in (24, 26, 27, 28, 29)],
        "group_head_name": line(S3, 31).strip("()"), "group_head_position": line(S3, 33),
        "group_head_signed_on": "2561-06-15",
        "endorsement": [line(S3, n) for n in (46, 47, 48, 49)],
        "monitoring_report": "monitoring-report-2561", "calendar": "calendar-2561",
        "signatures": [{"caption": line(S3, 39), "name": line(S3, 41).strip("()"), "position": line(S3, 44)}],
    }],
    "source_variants": [
        {"where": "บันทึกข้อความ วันที่ที่หัวหน้ากลุ่มลงนาม: ต้นฉบับปนเลขไทยกับเลขอารบิก ระบบพิมพ์ด้วยระบบตัวเลขเดียวของเอกสาร", "seed_text": line(S3, 34), "portal_uses": "๑๕ มิ.ย. ๖๑"},
        {"where": "ปฏิทิน: ช่องผู้รับผิดชอบรายการ 9 เขียนย่อ ระบบใช้ชื่อกลุ่มเต็ม", "seed_text": "กลุ่มนิเทศ ติดตามและ ประเมินผล", "portal_uses": G_SUPERVISION},
        {"where": "ปฏิทิน: ข้อความ \"สำเนาถูกต้อง\" ท้ายหน้าที่ 1 ปนอยู่ในช่องผู้รับผิดชอบรายการ 10", "seed_text": cell(S3, 65, 2), "portal_uses": G_PERSONNEL},
        {"where": "ปฏิทิน: รายการ 11 ต่อหน้า ไม่มีวันที่ ระบบใช้วันที่ของแถวก่อนหน้า (10 พฤษภาคม 2561)", "seed_text": "", "portal_uses": "2018-05-10"},
        {"where": "รายงานผล รายการ 2: ช่องผู้รับผิดชอบมีตำแหน่งผู้ลงนามปนอยู่", "seed_text": cell(S3, 103, 5), "portal_uses": f"{G_PROMOTE}, {G_POLICY}"},
        {"where": "รายงานผล รายการ 3: ชื่อกลุ่มพิมพ์ตกคำว่า \"เงิน\"", "seed_text": cell(S3, 104, 5), "portal_uses": G_FINANCE},
        {"where": "รายงานผล หน้า 2 และ 3: หัวคอลัมน์ใช้คำว่า \"ลงนามรับรอง\" (หน้า 1 \"ลงนามรับทราบ\") และหัวคอลัมน์การปฏิบัติใช้ \"ไม่ดำเนินการ\" แทน \"กำลังดำเนินการ\" ระบบแสดงสถานะทั้ง 3 คอลัมน์", "seed_text": cell(S3, 106, 6) + " / " + cell(S3, 107, 3), "portal_uses": ack_heading},
        {"where": "รายงานผล แถวต่อจากรายการ 3 (ไม่มีเลขลำดับ) เป็นส่วนต่อของรายการ 3 (continues_previous)", "seed_text": cell(S3, 108, 1), "portal_uses": "continues_previous = true"},
        {"where": "รายงานผล รายการ 8–12: ช่องลงนามขึ้นต้นด้วย \"-\" และชื่ออยู่หลังตำแหน่ง", "seed_text": cell(S3, 122, 6), "portal_uses": "(นายพัชรุต อุปัติสาร) ผู้ช่วยราชการสำนักงานเขตพื้นที่การศึกษามุกดาหาร"},
        {"where": "รายงานผล ท้ายหน้า 2: ตำแหน่งอยู่ก่อนชื่อและลงท้ายด้วยจุลภาค", "seed_text": line(S3, 116), "portal_uses": line(S3, 116).rstrip(",")},
        {"where": "บันทึกข้อความ: ส่วนราชการพิมพ์ชื่อหน่วยงานตามด้วยชื่อกลุ่ม ระบบเก็บชื่อกลุ่ม และดึงชื่อหน่วยงานจากข้อมูลหน่วยงาน", "seed_text": line(S3, 7), "portal_uses": G_SUPERVISION},
    ],
    "source_errors": [
        {"where": "ลายมือชื่อ \"สำเนาถูกต้อง\" ท้ายปฏิทินหน้า 1 และหน้า 2 ระบุตำแหน่งผู้อำนวยการ สพป.ชุมพร และ สพป.สมุทรปราการ แม้ผู้ลงนาม (นายมารุต อุปนิสากร) เป็นผู้อำนวยการ สพป.สมุทรสาคร",
         "description": copied_elsewhere},
        {"where": "รายงานผลการกำกับ ติดตาม: ผู้ลงนามรับทราบทุกรายการเป็นบุคลากรของ สพป.มุกดาหาร (หัวคอลัมน์ \"ลงนามรับทราบ โดย ผอ.สพป.มุกดาหาร\") และรายการ 4–7 (หน้า 2) เขียนว่า \"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา\"",
         "description": copied_elsewhere},
    ],
}

(HERE / "seed_001_phitsanulok1_action_plan_2564.json").write_text(json.dumps(seed_001, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
(HERE / "seed_003_samutsakhon_calendar_2561.json").write_text(json.dumps(seed_003, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print("written")
