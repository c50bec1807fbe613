"""One-off transcription of seeds 002 and 004 (prose, scores, item scores) into fixtures/seed_002_*.json
and fixtures/seed_004_*.json, by slicing the seed text between its headings (never retyped)."""
import json, re
from pathlib import Path
T = Path(__file__).resolve().parents[2].joinpath('tests', 'seeds', '002_3f3d384fc5e338e5.txt').read_text().splitlines()
T = [l.rstrip() for l in T]
def idx(s, start=0):
    for i in range(start, len(T)):
        if T[i].strip().startswith(s): return i
    raise KeyError(s)
def between(a, b, start=0):
    i = idx(a, start); j = idx(b, i+1)
    return [l for l in T[i+1:j] if l.strip()]
def strip_item(l):
    l = l.strip().lstrip('-').strip()
    l = re.sub(r'^\d+\)\s*', '', l)
    return l.replace('**:', '').replace('**', '').strip()
intro = T[idx('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2 ได้รับการประเมิน')].strip()
analysis = [strip_item(l) for l in between('ผลการวิเคราะห์', 'ประเด็นที่เป็นข้อบกพร่อง')]
weak = between('ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน', 'ประเด็นที่จะต้องพัฒนา')
dev = [strip_item(l) for l in between('ประเด็นที่จะต้องพัฒนาให้ดีขึ้น', 'มาตรการสู่การปฏิบัติ')]
def grouped(a, b):
    rows = between(a, b); out = []
    for l in rows:
        s = l.strip()
        if s.startswith('- ') and re.match(r'- \d+\)', s):
            out.append({'title': strip_item(s), 'lines': []})
        else:
            out[-1]['lines'].append(strip_item(s))
    return out
measures = grouped('มาตรการสู่การปฏิบัติ', 'กิจกรรมที่ปฏิบัติ')
acts = [strip_item(l) for l in between('กิจกรรมที่ปฏิบัติ', 'ขั้นตอนการปฏิบัติ')]
steps = grouped('ขั้นตอนการปฏิบัติ', 'ระยะเวลา')
times = grouped('ระยะเวลา', '3. การวิเคราะห์ข้อจำกัด')
assert len(acts) == len(steps) == len(times) == 5, (len(acts), len(steps), len(times))
i = idx('3.1 ด้านงบประมาณ')
def lim(h, nxt):
    a = idx(h); l = between('ข้อจำกัด', 'สิ่งที่ขอรับการสนับสนุน', a); s = between('สิ่งที่ขอรับการสนับสนุน', nxt, a)
    return [strip_item(x) for x in l], [strip_item(x) for x in s]
b = lim('3.1 ด้านงบประมาณ', '3.2 ด้านทรัพยากรบุคคล'); p = lim('3.2 ด้านทรัพยากรบุคคล', '3.3 ด้านไอซีที'); ict = lim('3.3 ด้านไอซีที', 'ข้อเสนอแนะในการจัดทำ')
pol_intro = T[idx('ผู้บริหารระดับสูงของสำนักงานคณะกรรมการ')].strip()
pols = [l.strip() for l in between('1. ข้อเสนอแนะระดับนโยบาย', '2. ข้อเสนอแนะระดับปฏิบัติ') if l.strip().startswith('นโยบายที่')]
prac_intro = T[idx('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2 ควรพิจารณาจัดทำ')].strip()
pr = between('2. ข้อเสนอแนะระดับปฏิบัติ', 'ผู้รายงาน')[1:]
joined = []
for l in pr:
    s = l.strip()
    if re.match(r'^\d+\. ', s): joined.append(re.sub(r'^\d+\.\s*', '', s))
    else: joined[-1] += s
seed002 = {
 "source": "../shared/seeds/002_3f3d384fc5e338e5.txt",
 "organizations": [{
   "code": "spp-tak-2", "name": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2", "short_name": "สพป.ตาก เขต 2",
   "parent_body": "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (สพฐ.)", "ministry": "กระทรวงศึกษาธิการ", "address": "",
   "director_name": "", "director_position": "", "default_digit_system": "arabic",
   "demo_supervisor": {"first_name": "นายเสกฐวุฒิ", "last_name": "กลิ่นหอม", "position": "ศึกษานิเทศก์ชำนาญการ"},
   "demo_director": {"first_name": "ผู้อำนวยการ", "last_name": "สพป.ตาก เขต 2", "position": ""}}],
 "ita_results": [{
   "organization": "spp-tak-2", "assessing_body": "obec", "fiscal_year": 2566, "digit_system": "arabic",
   "introduction": intro,
   "scores": {"1": "98.10", "2": "93.51", "3": "90.85", "4": "91.39", "5": "90.23", "6": "94.41", "7": "94.29", "8": "92.41",
              "9": "95.00", "9.1": "100.00", "9.2": "100.00", "9.3": "100.00", "9.4": "100.00", "9.5": "75.00",
              "10": "100.00", "10.1": "100.00", "10.2": "100.00"},
   "target_score": "90.00",
   "focuses": [{"kind": "urgent", "indicator": 9, "sub_indicator": "9.5", "analysis": analysis, "weakness": [w.strip() for w in weak],
                "development": dev, "measures": [{"title": m['title'], "details": m['lines']} for m in measures],
                "activities": [{"title": a, "steps": s['lines'], "timeline": t['lines'], "responsible": ""} for a, s, t in zip(acts, steps, times)]}],
   "limitations": [{"area": "budget", "limitations": b[0], "support_requested": b[1]},
                   {"area": "people", "limitations": p[0], "support_requested": p[1]},
                   {"area": "ict", "limitations": ict[0], "support_requested": ict[1]}],
   "policy_recommendations_intro": pol_intro, "policy_recommendations": pols,
   "practice_recommendations_intro": prac_intro, "practice_recommendations": joined,
   "reporter_name": "นายเสกฐวุฒิ กลิ่นหอม", "reporter_position": "ศึกษานิเทศก์ชำนาญการ"}]}
Path(__file__).resolve().parents[2].joinpath('fixtures', 'seed_002_tak2_2566.json').write_text(json.dumps(seed002, ensure_ascii=False, indent=1) + "\n")

# seed 004
S = Path(__file__).resolve().parents[2].joinpath('tests', 'seeds', '004_b1fe4880d3f28ec7.txt').read_text().splitlines()
def sidx(s, start=0):
    for i in range(start, len(S)):
        if S[i].strip().startswith(s): return i
    raise KeyError(s)
def sbetween(a, b):
    i = sidx(a); j = sidx(b, i+1)
    return [l.strip() for l in S[i+1:j] if l.strip()]
rationale = S[sidx('การประเมินคุณธรรมและความโปร่งใส ในการดำเนินงาน')].strip()
weak = sbetween('3.1 ประเด็นที่เป็นข้อบกพร่อง', '3.2 ประเด็นที่จะต้องพัฒนา')
dev = [re.sub(r'^-?\s*\d+\)\s*', '', l) for l in sbetween('3.2 ประเด็นที่จะต้องพัฒนา', '3.3 แนวทาง')]
appr = [re.sub(r'^\d+\)\s*', '', l) for l in sbetween('3.3 แนวทาง', '4. มาตรการ')]
i = sidx('4. มาตรการ'); meas = [re.sub(r'^4\.\d+\s*', '', l.strip()) for l in S[i+1:] if l.strip()]
seed004 = {"source": "../shared/seeds/004_b1fe4880d3f28ec7.txt",
 "organizations": [{"code": "moe-chiangmai", "name": "สำนักงานศึกษาธิการจังหวัดเชียงใหม่", "short_name": "ศธจ.เชียงใหม่",
   "parent_body": "สำนักงานปลัดกระทรวงศึกษาธิการ", "ministry": "กระทรวงศึกษาธิการ", "address": "", "director_name": "",
   "director_position": "ศึกษาธิการจังหวัดเชียงใหม่", "default_digit_system": "arabic",
   "demo_supervisor": {"first_name": "ผู้รับผิดชอบ", "last_name": "ศธจ.เชียงใหม่", "position": ""},
   "demo_director": {"first_name": "ศึกษาธิการจังหวัด", "last_name": "เชียงใหม่", "position": "ศึกษาธิการจังหวัดเชียงใหม่"}}],
 "oit_checklists": [{"organization": "moe-chiangmai", "assessing_body": "moe", "fiscal_year": 2563, "digit_system": "arabic",
   "rationale": rationale, "result_note": "เนื่องจากไม่ได้เข้าร่วมการประเมิน", "weaknesses": weak, "development": dev,
   "approach": appr, "measures": meas,
   "entries": [{"item": f"{n:02d}", "score": 0} for n in range(1, 40)]}]}
Path(__file__).resolve().parents[2].joinpath('fixtures', 'seed_004_moe_chiangmai_2563.json').write_text(json.dumps(seed004, ensure_ascii=False, indent=1) + "\n")
print(json.dumps(seed002['ita_results'][0]['focuses'][0]['activities'][4], ensure_ascii=False, indent=1))
print(joined, weak, dev, appr, meas[-1], sep='\n')
