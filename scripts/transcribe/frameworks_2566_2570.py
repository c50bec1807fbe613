"""Write the NACC framework fixtures of fiscal years 2566–2570 (BE) from the research notes.

Run from the project folder::

    python -m scripts.transcribe.frameworks_2566_2570 [path/to/oit-items-2566-2569.json]

Input: ``../shared/domain/oit-items-2566-2569.json`` (candidate OIT item lists with a
confidence per list: ``{"nacc_2566": {"confidence", "sources", "items": [{"code",
"sub_indicator", "title", "note"?}]}, "nacc_2567": {...}, "nacc_2568": {"items": [{"code",
"title" | null}]}, "nacc_2569": {...}}``). What that file does not hold is transcribed here
from ``../shared/domain/ita-frameworks-2566-2569.md`` (the research report, "Q1a"/"Q1b"):
the evidence periods per item, the source addresses, the framework rules per year.

Output: ``fixtures/seed_0000_framework_nacc_{2566,2567,2568,2569,2570}.json`` and OBEC's
school round of 2566 (``seed_0000_framework_obec_school_2566.json``, assessing body
``obec_sch``: the offices assess their schools on O1–O43) in the ``"frameworks"`` seed format (``assessments/seeds.py``). The fixtures are committed; tests
read them, never the research notes.

How uncertainty becomes data (``assessments.models.Verification``):

* an item list's confidence "high" … "low-medium" (seen on agency pages, in news or in
  third-party code; NACC's own manuals for 2566–2569 could not be read) → ``secondary``;
  "medium-low" / "low", an item presumed from another year, a title not seen, or a copy →
  ``provisional``; nothing of 2566–2570 is ``verified``;
* a framework's state is the weakest of its rules (tools, weights, indicators, rating bands);
* a title the research did not see stays unknown (``UNKNOWN_TITLE``), never guessed; an
  evidence period no source states stays blank (``EvidencePeriod.UNKNOWN``);
* the sub-indicator grouping of 2568+ is not known from any source: items are placed under
  the 2566 sub-indicator of the same subject (``GROUPING_2568``, ``GROUPING_2569``) and their
  source says that this grouping is provisional.

2570 (the current fiscal year) has no source at all: it starts as a provisional copy of 2569.

Each item of 2567–2570 names the items of the previous year's framework it continues
(``continues``, ``DisclosureItem.continues``; the portal carries still-valid evidence along
it when a new ITA year starts) by the rule of ``continues_of``: a presumed copy continues item
by item; otherwise the same title, or a continuation written down in ``CONTINUATIONS``.

The ITAS calendars of 2568–2570 (``phases``, ``AssessmentPhase``) follow the only calendar seen
(2565), marked provisional, except the 2568 results day (news, ``secondary``).
"""

from __future__ import annotations

import calendar
import datetime
import json
import sys
from pathlib import Path

from scripts.transcribe.frameworks import FIXTURES, LETTER_BANDS, QUALITATIVE_BANDS, TOOLS, _indicators

BASE_DIR = Path(__file__).resolve().parents[2]
CANDIDATES = BASE_DIR.parent / "shared" / "domain" / "oit-items-2566-2569.json"

VERIFIED, SECONDARY, PROVISIONAL = "verified", "secondary", "provisional"
CURRENT_FY, PREVIOUS_FY, FIRST_HALF = "current_fy", "previous_fy", "first_half"

# Confidence words of the research notes → verification state (see the module docstring).
CONFIDENCE_STATE = {
    "high": SECONDARY,
    "medium-high": SECONDARY,
    "medium": SECONDARY,
    "low-medium": SECONDARY,
    "medium-low": PROVISIONAL,
    "low": PROVISIONAL,
}

UNKNOWN_TITLE = "ยังไม่ทราบชื่อรายการ (ไม่พบในแหล่งข้อมูล)"

# Source keys of ita-frameworks-2566-2569.md with their addresses (URL or document name).
SOURCES = {
    "S-KRU66": "S-KRU66: https://www.kruachieve.com/ดาวน์โหลด/ตัวอย่าง-oitโรงเรียน-o1-o43/ (OIT ของโรงเรียน สพฐ. O1–O43, ITA Online 2566)",
    "S-ITASCH": "S-ITASCH: https://itaschool.pracharath.ac.th/ขนตอนการประเมน (ITA Online ของ สพฐ. สำหรับสถานศึกษา: สำนักงานเขตพื้นที่การศึกษาเป็นผู้ประเมินสถานศึกษาในสังกัด)",
    "S-SCHOOL66": "S-SCHOOL66: โค้ดสาธารณะบน GitHub ของเว็บไซต์โรงเรียนบ้านสามแยก — รายการ O1–O43 ปี 2566 พร้อมช่วงของแต่ละกลุ่ม",
    "S-SKM66": "S-SKM66: https://75010020.skm.go.th/ — O31–O33 และ O39–O41 \"เป็นการดำเนินการในปี พ.ศ. 2566\"",
    "S-MK66": "S-MK66: https://sites.google.com/pracharath.ac.th/mkschool/ita-2566/การสงเสรมความโปรงใส",
    "S-SAKON": "S-SAKON: https://www.sakonarea1.go.th/new2024/oit-open-data-integrity/",
    "S-VRU67": "S-VRU67: http://agri.vru.ac.th/th/?page=ITA",
    "S-OBEC67": "S-OBEC67: https://www.obec.go.th/oit_report2567",
    "S-TNA67": "S-TNA67: https://tna.mcot.net/politics-1399345",
    "S-CPRU68": "S-CPRU68: https://apll.cpru.ac.th/ggovernance2568/",
    "S-TOMWIT68": "S-TOMWIT68: https://sites.google.com/tomwit.ac.th/tomwitschool/ita/ita-online-2568/o1-โครงสรางและอำนาจหนาท",
    "S-PSU68": "ita.psu.ac.th — องค์ประกอบ (1)–(6) ของข้อ O9 ปี 2568 (ไม่ได้บันทึกข้อความ)",
    "S-RTRDA": "S-RTRDA: GitHub rtrdasmartrailway/web-app-rtrda — หัวข้อ OIT ปี 2568 และ 2569 ของหน่วยงาน พร้อมไฟล์หลักฐานที่ระบุปี",
    "S-UPOIT": "S-UPOIT: GitHub pongvarid/upoit — เกณฑ์ระดับผล AA–F (ก่อนปี 2567) และเชิงคุณภาพ (ตั้งแต่ปี 2567), น้ำหนัก 30/30/40",
    "S-MGR68": "S-MGR68: https://mgronline.com/uptodate/detail/9680000079675 — คะแนนรวม 94.64 แต่ EIT ต่ำกว่า 85 จึงได้ระดับ \"ผ่าน\" ไม่ใช่ \"ผ่านดี\"",
    "S-MAT68": "S-MAT68: https://www.matichon.co.th/politics/news_5328750 — ผ่านเกณฑ์ 7,832 จาก 8,317 หน่วยงาน",
    "S-MGR65": "S-MGR65: https://mgronline.com/politics/detail/9650000073040 — ระดับ AA–F ปี 2565",
    "S-TSK65": "S-TSK65: https://thansettakij.com/insights/535730 — เกณฑ์ผ่าน 85 คะแนน",
    "S-SURAT": "S-SURAT: https://surat1.go.th/index.php?d=article&id=3802 — ITA Online 2568 ของ สพฐ.: 10 ตัวชี้วัด 3 เครื่องมือ",
    "seed 002": "เอกสารต้นฉบับ 002: มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน สพป.ตาก เขต 2 ปีงบประมาณ 2566 (น้ำหนัก ตัวชี้วัด ตัวชี้วัดย่อย และระดับ A ตรวจด้วยการคำนวณ)",
    "S-CAL65": "S-CAL65: https://www.ts-local.com/2021/12/06/ปฏิทินการประเมิน-ita-2565-oit/ — ปฏิทินการประเมิน ITA ปี 2565",
    "S-ITAS2761": "S-ITAS2761: https://itas.nacc.go.th/home/detailnews/2761 — ปี 2565: ดูคะแนน OIT รายข้อได้ตั้งแต่ 1 มิ.ย. ชี้แจงได้ 1–15 มิ.ย.",
    "S-ITAS2162": "S-ITAS2162: https://itas.nacc.go.th/home/detailnews/2162 — ปี 2564: ขยายปฏิทินเพราะปิดปรับปรุงระบบ ITAS",
    "S-MGRinfo68": "S-MGRinfo68: https://mgronline.com/infographic/detail/9680000078862 — ประกาศผล ITA 2568 วันที่ 15 ส.ค. 2568",
    "research": "บันทึกการค้นคว้า ita-frameworks-2566-2569.md (ยังไม่ได้อ่านคู่มือการประเมิน ITA ของสำนักงาน ป.ป.ช. ปี 2566–2569)",
}

# Faults of the candidate file, not of the sources: the report's table (Q1b) has "O1 โครงสร้าง".
TITLE_CORRECTIONS = {("nacc_2566", "O1"): ("โครงสร้", "โครงสร้าง")}

# Indicator and sub-indicator wording of the 2566+ layout: seed 002's result table (the NACC
# wording of 9.3 and 10.2 is not verified; 9.3 has been procurement since 2566).
INDICATOR_NAMES = {4: "การใช้ทรัพย์สินของทางราชการ", 8: "การปรับปรุงการทำงาน"}
SUB_NAMES = {"9.3": "การจัดซื้อจัดจ้าง"}
PROVISIONAL_GROUPING = "ตัวชี้วัดย่อย: จัดกลุ่มชั่วคราวตามหัวข้อของกรอบปี 2566 (ไม่พบแหล่งข้อมูลการจัดกลุ่มของปีนี้)"

# 2568+: no source names the sub-indicators; each item goes under the 2566 sub-indicator of
# its subject (ethics under 10.2 as O39–O41 of 2566); unseen items under their neighbours'.
GROUPING_2568 = {
    **{f"O{n}": "9.1" for n in range(1, 8)},
    **{f"O{n}": "9.2" for n in range(8, 12)},
    "O12": "9.3", "O13": "9.3", "O14": "9.4", "O15": "9.4", "O16": "10.2",
    **{f"O{n}": "9.5" for n in range(17, 21)},
    **{f"O{n}": "10.1" for n in range(21, 25)},
}
GROUPING_2569 = {
    **{f"O{n}": "9.1" for n in range(1, 8)},
    **{f"O{n}": "9.2" for n in range(8, 11)},
    "O11": "9.3", "O12": "9.3", "O13": "9.4", "O14": "9.4", "O15": "10.2",
    **{f"O{n}": "9.5" for n in range(16, 20)},
    **{f"O{n}": "10.1" for n in range(20, 25)},
    "O25": "10.2", "O26": "10.2",
}

# Evidence periods stated by a source (report Q1a "Evidence date rules", Q1b tables); a
# "รอบ 6 เดือน" in the item's own title means the first six months of the assessed year.
TITLE_SIX_MONTHS = "ชื่อรายการระบุ \"รอบ 6 เดือน\""
PERIODS = {
    2566: {
        **{code: (CURRENT_FY, "S-SKM66") for code in ("O31", "O32", "O33", "O39", "O40", "O41")},
        "O37": (FIRST_HALF, TITLE_SIX_MONTHS),
    },
    2567: {"O37": (FIRST_HALF, TITLE_SIX_MONTHS)},
    2568: {
        "O13": (PREVIOUS_FY, "S-RTRDA"), "O14": (CURRENT_FY, "S-RTRDA"), "O15": (PREVIOUS_FY, "S-RTRDA"),
        "O19": (PREVIOUS_FY, "S-RTRDA"), "O23": (CURRENT_FY, "S-RTRDA"), "O24": (PREVIOUS_FY, "S-RTRDA"),
    },
    2569: {
        "O11": (CURRENT_FY, "S-RTRDA"), "O12": (PREVIOUS_FY, "S-RTRDA"), "O13": (CURRENT_FY, "S-RTRDA"),
        "O14": (PREVIOUS_FY, "S-RTRDA"), "O18": (PREVIOUS_FY, "S-RTRDA"), "O21": (CURRENT_FY, "S-RTRDA"),
        "O22": (PREVIOUS_FY, "S-RTRDA"), "O23": (CURRENT_FY, "S-RTRDA"), "O24": (PREVIOUS_FY, "S-RTRDA"),
        "O26": (PREVIOUS_FY, "S-RTRDA"),
    },
}

# Where each item's title was seen, beyond the list's own sources.
EXTRA_TITLE_SOURCES = {
    2566: {**{c: ["S-SKM66"] for c in ("O31", "O32", "O33", "O39", "O40", "O41")}, "O27": ["S-MK66"], "O28": ["S-MK66"]},
    2567: {"O1": ["S-VRU67", "S-OBEC67"], "O2": ["S-VRU67", "S-OBEC67"]},
    2568: {"O1": ["S-CPRU68", "S-TOMWIT68"], "O9": ["S-PSU68"]},
    2569: {},
}


# Year-to-year continuation, the rule of ``continues_of`` (item codes of the previous year):
# 1. a year presumed to be a copy of the one before (2567 of 2566, 2570 of 2569) continues it
#    item by item, same code;
# 2. otherwise an item continues the previous year's item of the same title (spaces and dashes
#    normalised, ``_same_title``; an unknown title matches nothing);
# 3. otherwise only what is written below, each with its reason: a renamed item of the same
#    subject, two items merged into one whose title joins both, or what a source says.
# An item found by none of them continues nothing (its evidence is made anew).
COPIED_YEARS = {2567, 2570}
CONTINUATIONS = {
    2568: {
        "O1": (["O1", "O3"], "รวม O1 โครงสร้าง และ O3 อำนาจหน้าที่ เป็น \"โครงสร้างและอำนาจหน้าที่\""),
        "O8": (["O14"], "คู่มือหรือมาตรฐานการปฏิบัติงาน → คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่"),
        "O9": (["O15"], "คู่มือหรือมาตรฐานการให้บริการ → คู่มือหรือแนวทางการขอรับบริการ"),
        "O11": (["O16"], "ข้อมูลเชิงสถิติการให้บริการ → ข้อมูลสถิติการให้บริการ"),
        "O16": (["O39", "O40"], "รวม O39 ประมวลจริยธรรม และ O40 การขับเคลื่อนจริยธรรม"),
        "O19": (["O29"], "ข้อมูลเชิงสถิติเรื่องร้องเรียน… → ข้อมูลสถิติเรื่องร้องเรียน…"),
        "O21": (["O31", "O32"], "รวม O31 ประกาศเจตนารมณ์ และ O32 การสร้างวัฒนธรรม No Gift Policy"),
        "O24": (["O35"], "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต… → รายงานผลการดำเนินการเพื่อจัดการความเสี่ยง…"),
    },
    2569: {
        **{code: ([code], "S-RTRDA: ข้อ O2, O4–O9 ไม่เปลี่ยนจากปี 2568 (ชื่อไม่พบในแหล่งข้อมูล)") for code in ("O2", "O5", "O6", "O7")},
        "O1": (["O1"], "โครงสร้างและอำนาจหน้าที่ → โครงสร้าง หน้าที่และอำนาจ"),
        "O3": (["O3"], "ข้อมูลการติดต่อ → ข้อมูลการติดต่อและช่องทางการสอบถาม"),
        "O10": (["O10"], "E–Service → ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)"),
        "O11": (["O12"], "research: \"2568 O12 → 2569 O11\" (รายการและความก้าวหน้าการจัดซื้อจัดจ้าง → สรุปผลรายเดือน)"),
        "O12": (["O13"], "รายงานผลการจัดซื้อจัดจ้าง…ประจำปี → รายงานสรุปผลการจัดซื้อจัดจ้าง…ประจำปี"),
        "O13": (["O14"], "แผนการบริหารและพัฒนาทรัพยากรบุคคล → หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล"),
        "O14": (["O15"], "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี → …(ไม่มีคำว่าประจำปี)"),
        "O18": (["O19"], "ข้อมูลสถิติเรื่องร้องเรียน…ประจำปี → …(ไม่มีคำว่าประจำปี)"),
        "O19": (["O20"], "การเปิดโอกาสให้เกิดการมีส่วนร่วม → ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน"),
        "O20": (["O21", "O22"], "รวม No Gift Policy (O21) และหลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา (O22)"),
        "O21": (["O23"], "การประเมินความเสี่ยง (การให้หรือรับสินบน) → การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ"),
        "O22": (["O24"], "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต → รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยง"),
    },
}


def _same_title(title: str) -> str:
    """``title`` compared for rule 2: spaces collapsed, "–" read as "-"."""
    return " ".join(title.replace("–", "-").split())


def continues_of(year: int, items: list[dict], previous: list[dict]) -> dict[str, list[str]]:
    """``{code: [codes of the previous year's items it continues]}`` for the items of ``year``
    (rule above); every item has a key, maybe with an empty list."""
    codes = {it["code"] for it in previous}
    by_title: dict[str, list[str]] = {}
    for it in previous:
        if it["title"] != UNKNOWN_TITLE:
            by_title.setdefault(_same_title(it["title"]), []).append(it["code"])
    result = {}
    for it in items:
        code = it["code"]
        if year in COPIED_YEARS:
            found = [code] if code in codes else []
        elif code in CONTINUATIONS.get(year, {}):
            found = CONTINUATIONS[year][code][0]
        elif it["title"] != UNKNOWN_TITLE:
            found = by_title.get(_same_title(it["title"]), [])
        else:
            found = []
        missing = [c for c in found if c not in codes]
        if missing:
            raise ValueError(f"{year} {code}: continues unknown item(s) {missing} of {year - 1}")
        result[code] = found
    return result


def with_continues(year: int, items: list[dict], previous: list[dict]) -> list[dict]:
    """``items`` each with its ``continues`` (``continues_of``) as the last key."""
    found = continues_of(year, items, previous)
    return [{**it, "continues": found[it["code"]]} for it in items]


# The ITAS calendar (report Q1a "Calendar", Q3a). Only the 2565 round's calendar was seen
# (S-CAL65, S-ITAS2761): registration Jan–Feb, OIT answers Mar–Apr, scoring May,
# clarification 1–15 Jun, confirmation 16–30 Jun; 2567 ran 1 Jan–30 Jun (S-TNA67); the 2568
# results were announced on 15 Aug 2568 (S-MAT68, S-MGRinfo68: news, "high" → secondary).
# No source gives the phases of 2568–2570: the 2565 pattern is carried to each year as
# provisional (ITAS has moved its calendar, S-ITAS2162), and so are the 2569/2570 results on
# the date of 2568. Dates are Common Era; (month, day) pairs below, "last" = end of February.
# Reminders: the phases in which the office acts (days before the end), none for the others.
CALENDAR_PATTERN = (
    ("registration", (1, 1), (2, "last"), 7),
    ("oit_answer", (3, 1), (4, 30), 14),
    ("scoring", (5, 1), (5, 31), None),
    ("clarification", (6, 1), (6, 15), 5),
    ("confirmation", (6, 16), (6, 30), None),
)
PATTERN_NOTE = "สันนิษฐานตามปฏิทินการประเมินปี 2565 (ยังไม่พบประกาศกำหนดการของปีนี้) ตรวจสอบกับประกาศในระบบ ITAS"
RESULTS_DAY = (8, 15)


def _day(year: int, month_day) -> str:
    ce = year - 543
    month, day = month_day
    if day == "last":
        day = calendar.monthrange(ce, month)[1]
    return datetime.date(ce, month, day).isoformat()


def phases(year: int) -> list[dict]:
    """The ITAS phases of fiscal year ``year`` (BE): the 2565 pattern, provisional; the
    results on 15 Aug, ``secondary`` for 2568 (announced that day), provisional after."""
    rows = [
        {
            "kind": kind, "starts_on": _day(year, start), "ends_on": _day(year, end), "remind_days_before": remind,
            "note": PATTERN_NOTE, "verification": PROVISIONAL, "source": _source_lines(["S-CAL65", "S-ITAS2761", "S-ITAS2162"]),
        }
        for kind, start, end, remind in CALENDAR_PATTERN
    ]
    day = _day(year, RESULTS_DAY)
    if year == 2568:
        results = {"note": "ประกาศผลการประเมินและรางวัล ITA Awards", "verification": SECONDARY,
                   "source": _source_lines(["S-MAT68", "S-MGRinfo68"])}
    else:
        results = {"note": "สันนิษฐานตามวันประกาศผลปี 2568 (15 ส.ค. 2568)", "verification": PROVISIONAL,
                   "source": _source_lines(["S-MGRinfo68"])}
    rows.append({"kind": "results", "starts_on": day, "ends_on": day, "remind_days_before": None, **results})
    return rows


def _name(year: int) -> str:
    return f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {year}"


def state_of(confidence: str) -> str:
    """The verification state of a list's confidence text ("medium-high (numbering), …" →
    its first word)."""
    return CONFIDENCE_STATE[confidence.split()[0].strip(",")]


def _source_lines(keys) -> list[str]:
    return [SOURCES.get(key, key) for key in keys]


def _item(code, title, sub, state, sources, year) -> dict:
    period, period_source = PERIODS.get(year, {}).get(code, ("", None))
    lines = list(sources)
    if period_source:
        lines.append("ช่วงเวลาของหลักฐาน: " + SOURCES.get(period_source, period_source))
    return {
        "code": code,
        "title": title,
        "sub_indicator": sub,
        "content_elements": [],
        "evidence_period": period,
        "verification": state,
        "source": lines,
    }


def _framework(year, *, verification, verification_source, source_note, bands, items) -> dict:
    return {
        "assessing_body": "nacc",
        "fiscal_year": year,
        "name": _name(year),
        "pass_mark": "85.00",
        "source_note": source_note,
        "verification": verification,
        "verification_source": _source_lines(verification_source),
        "tools": TOOLS,
        "indicators": _indicators(names=INDICATOR_NAMES, sub_names=SUB_NAMES),
        "rating_bands": bands,
        "items": items,
    }


def items_2566(candidates: dict) -> list[dict]:
    """O1–O43 of 2566 with the list's sub-indicators; every item ``secondary``."""
    lst = candidates["nacc_2566"]
    state = state_of(lst["confidence"])
    rows = []
    for it in lst["items"]:
        title = it["title"]
        wrong, right = TITLE_CORRECTIONS.get(("nacc_2566", it["code"]), (None, None))
        if title == wrong:
            title = right
        sources = _source_lines(["S-SCHOOL66", *EXTRA_TITLE_SOURCES[2566].get(it["code"], [])])
        if it.get("note"):
            sources.append("หมายเหตุ: ชื่อรายการไม่มีคำว่า \"รอบ 6 เดือน\" เพราะไม่พบในแหล่งข้อมูล (ไม่ได้สันนิษฐานตามปี 2563–2565)")
        rows.append(_item(it["code"], title, it["sub_indicator"], state, sources, 2566))
    return rows


def items_2567(items_of_2566: list[dict]) -> list[dict]:
    """The 2566 list presumed for 2567: ``secondary`` where the 2567 title was seen (O1, O2),
    ``provisional`` otherwise."""
    rows = []
    for it in items_of_2566:
        seen = EXTRA_TITLE_SOURCES[2567].get(it["code"])
        if seen:
            state, sources = SECONDARY, _source_lines(seen)
        else:
            state, sources = PROVISIONAL, ["สันนิษฐานว่าเหมือนกรอบปี 2566 (ไม่พบรายการปี 2567 ครบทุกข้อ): " + SOURCES["research"]]
        rows.append(_item(it["code"], it["title"], it["sub_indicator"], state, sources, 2567))
    return rows


def items_regrouped(candidates: dict, year: int, grouping: dict) -> list[dict]:
    """The 2568 / 2569 list: a seen title takes the list's state, an unseen one stays
    unknown and provisional; the grouping is provisional (named in every item's source)."""
    lst = candidates[f"nacc_{year}"]
    state = state_of(lst["confidence"])
    rows = []
    for it in lst["items"]:
        code = it["code"]
        if it["title"]:
            title, item_state = it["title"], state
            sources = _source_lines(["S-RTRDA", *EXTRA_TITLE_SOURCES[year].get(code, [])])
        else:
            title, item_state = UNKNOWN_TITLE, PROVISIONAL
            sources = ["ไม่พบชื่อรายการในแหล่งข้อมูล: " + SOURCES["S-RTRDA"]]
        rows.append(_item(code, title, grouping[code], item_state, [*sources, PROVISIONAL_GROUPING], year))
    if [r["code"] for r in rows] != sorted(grouping, key=lambda c: int(c[1:])):
        raise ValueError(f"{year}: the grouping does not cover the items of the candidate list")
    return rows


def items_copied(items: list[dict], from_year: int, year: int) -> list[dict]:
    """``items`` of ``from_year`` as provisional items of ``year`` (same codes, titles, groups, periods)."""
    return [
        {**it, "verification": PROVISIONAL,
         "source": [f"คัดลอกจากกรอบปี {from_year} (ยังไม่พบแหล่งข้อมูลของปี {year})", *it["source"]]}
        for it in items
    ]


# Titles of the school round where the school source (S-SCHOOL66) adapts NACC's wording; the
# research gives only "…สถานศึกษา" for O4, so the adapted title is provisional.
SCHOOL_TITLES_2566 = {"O4": "แผนยุทธศาสตร์หรือแผนพัฒนาสถานศึกษา"}


def school_2566(items_of_2566: list[dict]) -> dict:
    """OBEC's school round of 2566 (ITA Online ของสถานศึกษา, ``obec_sch``): the educational
    service area office assesses its schools on O1–O43, the list S-SCHOOL66 and S-KRU66 give
    for schools (NACC's 2566 list in a school's wording), with the tools, indicators and rating
    bands of the NACC 2566 framework. The list's state stays as in 2566 (``secondary``); an
    item whose school wording is adapted here is ``provisional``; the framework as a whole is
    ``provisional`` (OBEC's school manual of 2566 was not read)."""
    rows = []
    for it in items_of_2566:
        row = {**it, "source": [*it["source"], SOURCES["S-KRU66"]]}
        if it["code"] in SCHOOL_TITLES_2566:
            row["title"] = SCHOOL_TITLES_2566[it["code"]]
            row["verification"] = PROVISIONAL
            row["source"].append(
                f"ชื่อรายการของสถานศึกษา: S-SCHOOL66 ใช้ \"…สถานศึกษา\" แทนชื่อของสำนักงาน ป.ป.ช. (\"{it['title']}\"); ถ้อยคำเต็มยังไม่ได้ยืนยัน"
            )
        rows.append(row)
    framework = _framework(
        2566, verification=PROVISIONAL, bands=LETTER_BANDS, items=rows,
        verification_source=["S-SCHOOL66", "S-KRU66", "S-ITASCH", "research"],
        source_note=(
            "รอบการประเมินสถานศึกษาของ สพฐ. (ITA Online): สำนักงานเขตพื้นที่การศึกษาประเมินสถานศึกษาในสังกัด (S-ITASCH). "
            "รายการ O1–O43 ตามรายการของโรงเรียน (S-SCHOOL66, S-KRU66) ซึ่งตรงกับรายการปี 2566 ของสำนักงาน ป.ป.ช.; "
            "เครื่องมือ น้ำหนัก ตัวชี้วัด และระดับผลการประเมินคัดลอกจากกรอบปี 2566 ของสำนักงาน ป.ป.ช. (ยังไม่ได้อ่านคู่มือของ สพฐ. สำหรับสถานศึกษา); "
            "ชุดเครื่องมือของ สพฐ. มีแผ่นงาน \"Score-School(not4243)\" ซึ่งอาจหมายถึงการคิดคะแนนสถานศึกษาโดยไม่รวม O42–O43 (ยังไม่ได้ยืนยัน จึงรวมไว้ทุกข้อ); "
            "ยังไม่ได้บันทึกองค์ประกอบด้านข้อมูลของแต่ละข้อ"
        ),
    )
    framework["assessing_body"] = "obec_sch"
    framework["name"] = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของสถานศึกษา (ITA Online รอบสถานศึกษา สพฐ.) ประจำปีงบประมาณ พ.ศ. 2566"
    return framework


def build(candidates: dict) -> dict[str, dict]:
    """``{file name: fixture}`` for the NACC frameworks 2566–2570 from the candidate lists."""
    header = {"source": "../shared/domain/oit-items-2566-2569.json และ ita-frameworks-2566-2569.md (generated by scripts/transcribe/frameworks_2566_2570.py)"}
    i2566 = items_2566(candidates)
    i2567 = items_2567(i2566)
    i2568 = items_regrouped(candidates, 2568, GROUPING_2568)
    i2569 = items_regrouped(candidates, 2569, GROUPING_2569)
    i2570 = items_copied(i2569, 2569, 2570)
    i2567, i2568, i2569, i2570 = (
        with_continues(2567, i2567, i2566), with_continues(2568, i2568, i2567),
        with_continues(2569, i2569, i2568), with_continues(2570, i2570, i2569),
    )
    frameworks = {
        2566: _framework(
            2566, verification=SECONDARY, bands=LETTER_BANDS, items=i2566,
            verification_source=["seed 002", "S-UPOIT", "S-MGR65", "S-TSK65", "S-SCHOOL66", "S-SKM66", "S-SAKON", "research"],
            source_note=(
                "รายการ O1–O43 ตามหน้าเว็บของหน่วยงานและโค้ดสาธารณะ (ยังไม่ได้อ่านคู่มือของสำนักงาน ป.ป.ช. ปี 2566): "
                "เพิ่ม O10 นโยบายคุ้มครองข้อมูลส่วนบุคคล, O31–O33 No Gift Policy, O39–O41 จริยธรรม; "
                "รายการด้านงบประมาณเดิมรวมเป็น O11–O12; ตัวชี้วัดย่อย 9.3 เป็นการจัดซื้อจัดจ้าง. "
                "ชื่อตัวชี้วัดและตัวชี้วัดย่อยตามเอกสารต้นฉบับ 002 (ถ้อยคำของสำนักงาน ป.ป.ช. สำหรับ 9.3 และ 10.2 ยังไม่ได้ยืนยัน); "
                "น้ำหนัก 30/30/40 และระดับ AA–F ตรวจด้วยการคำนวณของเอกสารต้นฉบับ 002 (ITA Online ของ สพฐ.); "
                "ยังไม่ได้บันทึกองค์ประกอบด้านข้อมูลของแต่ละข้อ"
            ),
        ),
        2567: _framework(
            2567, verification=SECONDARY, bands=QUALITATIVE_BANDS, items=i2567,
            verification_source=["S-UPOIT", "S-MGR68", "S-TNA67", "S-VRU67", "S-OBEC67", "research"],
            source_note=(
                "ระดับผลการประเมินเชิงคุณภาพ (ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน) ตามโค้ดของบุคคลที่สาม (S-UPOIT); "
                "เงื่อนไข \"ผ่านดี\" ต้องได้ทุกเครื่องมือตั้งแต่ 85 ยืนยันด้วยข่าว (S-MGR68); น้ำหนัก 30/30/40 ตาม S-UPOIT. "
                "รายการ O1–O43 สันนิษฐานว่าเหมือนกรอบปี 2566 (พบเฉพาะ O1–O2 ของปี 2567); "
                "ตัวชี้วัดและตัวชี้วัดย่อยตามกรอบปี 2566 (9.3 การจัดซื้อจัดจ้าง); ยังไม่ได้บันทึกองค์ประกอบด้านข้อมูล"
            ),
        ),
        2568: _framework(
            2568, verification=PROVISIONAL, bands=QUALITATIVE_BANDS, items=i2568,
            verification_source=["S-MGR68", "S-MAT68", "S-UPOIT", "S-SURAT", "S-RTRDA", "S-CPRU68", "research"],
            source_note=(
                "ระดับผลเชิงคุณภาพและเงื่อนไข \"ผ่านดี\" ทุกเครื่องมือตั้งแต่ 85 ยืนยันด้วยข่าว (S-MGR68: คะแนนรวม 94.64 แต่ EIT ต่ำกว่า 85 จึงได้ \"ผ่าน\"); "
                "เกณฑ์ผ่าน 85 (S-MAT68). ยังไม่ได้ยืนยัน: น้ำหนัก 30/30/40 (ใช้ตามปีก่อน), ชื่อและการจัดกลุ่มตัวชี้วัดย่อย "
                "(จัดชั่วคราวตามหัวข้อของปี 2566), ชื่อรายการ O2 และ O5–O7 (ไม่พบ), ข้อ O25–O26 ที่พบในหน่วยงานเดียว (ไม่ได้รวมไว้). "
                "รายการ O1–O24 จากหน้าเว็บและโค้ดของหน่วยงาน (S-RTRDA); ยังไม่ได้บันทึกองค์ประกอบด้านข้อมูล"
            ),
        ),
        2569: _framework(
            2569, verification=PROVISIONAL, bands=QUALITATIVE_BANDS, items=i2569,
            verification_source=["S-RTRDA", "research"],
            source_note=(
                "รายการ O1–O26 จากการปรับหัวข้อของหน่วยงานเดียว (S-RTRDA) ซึ่งเคยจับคู่ผิดแล้วแก้ไข: ความเชื่อมั่นต่ำ. "
                "ยังไม่ได้ยืนยัน: เครื่องมือ น้ำหนัก ตัวชี้วัด ระดับผลการประเมิน (ใช้เชิงคุณภาพตามปี 2567–2568), "
                "การจัดกลุ่มตัวชี้วัดย่อย (จัดชั่วคราวตามหัวข้อของปี 2566), ชื่อรายการ O2 และ O5–O7 (ไม่พบ); "
                "ยังไม่ได้บันทึกองค์ประกอบด้านข้อมูล"
            ),
        ),
        2570: _framework(
            2570, verification=PROVISIONAL, bands=QUALITATIVE_BANDS, items=i2570,
            verification_source=["คัดลอกจากกรอบปี 2569 (ยังไม่พบคู่มือหรือแหล่งข้อมูลของปีงบประมาณ 2570)"],
            source_note=(
                "สำเนาชั่วคราวของกรอบปี 2569 ทุกข้อ (รายการ การจัดกลุ่ม ช่วงเวลาของหลักฐาน ระดับผลการประเมิน): "
                "ต้องปรับตามคู่มือการประเมิน ITA ปี 2570 ของสำนักงาน ป.ป.ช. เมื่อเผยแพร่"
            ),
        ),
    }
    for year in (2568, 2569, 2570):
        frameworks[year]["phases"] = phases(year)
    files = {f"seed_0000_framework_nacc_{year}.json": {**header, "frameworks": [f]} for year, f in frameworks.items()}
    files["seed_0000_framework_obec_school_2566.json"] = {**header, "frameworks": [school_2566(i2566)]}
    return files


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else CANDIDATES
    candidates = json.loads(source.read_text(encoding="utf-8"))
    for name, data in build(candidates).items():
        (FIXTURES / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote fixtures/{name}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
