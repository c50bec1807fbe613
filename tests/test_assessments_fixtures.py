"""The framework fixtures: seed 004's 39 items transcribed verbatim, NACC O1–O43, loading."""

import json
import re

from assessments.models import DisclosureItem, Framework
from scripts.transcribe.frameworks import CORRECTIONS, build_fixtures, parse_seed_004, squash
from tests.assessments_fixtures import FIXTURES, SEED_004_TEXT, _framework_ids, frameworks  # noqa: F401


def _seed_text() -> str:
    text = SEED_004_TEXT.read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


def test_it_transcribes_all_39_items_of_seed_004_in_order():
    items = parse_seed_004(SEED_004_TEXT.read_text(encoding="utf-8"))
    assert [i["code"] for i in items] == [f"{n:02d}" for n in range(1, 40)]
    assert all(i["elements"] for i in items)


def test_every_title_and_element_of_the_fixture_is_in_the_seed_text(frameworks):
    text = " ".join(_seed_text().split())
    squashed = squash(text)
    moe = frameworks[("moe", 2563)]
    items = list(moe.items.order_by("order"))
    assert len(items) == 39
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^(\d\d)\t([^\t]+)\t", _seed_text(), re.M)}
    for item in items:
        # Titles: the same text as the seed's cell, up to the spaces the PDF's wrapping added.
        assert squash(item.title) == squash(rows[item.code]), item.code
        for _level, element in item.element_lines():
            assert element in text, (item.code, element)
    # Nothing of the seed's table is left out: the elements of all items together cover
    # every bullet of the seed.
    bullets = len(re.findall(r"(?:(?<=\s)|^)[o○](?=\s)", "\n".join(re.findall(r"^\d\d\t.*$", _seed_text(), re.M))))
    assert sum(len(i.element_lines()) for i in items) == bullets
    assert "Twitter" in squashed and "คandidate" not in "".join(i.content_elements for i in items)


def test_item_05_keeps_its_nested_contact_elements(frameworks):
    item = DisclosureItem.objects.get(framework=frameworks[("moe", 2563)], code="05")
    assert item.element_tree() == [
        ("แสดงข้อมูลการติดต่อ อย่างน้อยประกอบด้วย", ["ที่อยู่หน่วยงาน", "หมายเลขโทรศัพท์", "หมายเลขโทรสาร", "ที่อยู่ไปรษณีย์อิเล็กทรอนิกส์", "แผนที่ตั้งหน่วยงาน"])
    ]


def test_moe_items_fall_into_the_nacc_sub_indicators(frameworks):
    moe = frameworks[("moe", 2563)]
    counts = {}
    for item in moe.items.select_related("sub_indicator"):
        counts[item.sub_indicator.number] = counts.get(item.sub_indicator.number, 0) + 1
    assert counts == {"9.1": 9, "9.2": 4, "9.3": 7, "9.4": 4, "9.5": 5, "10.1": 8, "10.2": 2}


def test_nacc_2563_to_2565_have_o1_to_o43(frameworks):
    for year in (2563, 2564, 2565):
        codes = list(frameworks[("nacc", year)].items.order_by("order").values_list("code", flat=True))
        assert codes == [f"O{n}" for n in range(1, 44)]


def test_the_fixture_files_are_what_the_transcription_script_writes():
    for name, data in build_fixtures().items():
        on_disk = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        assert on_disk == json.loads(json.dumps(data, ensure_ascii=False)), name


def test_frameworks_load_twice_without_duplicates(frameworks):
    from ita_portal.seeds import load_seed

    for path in sorted(FIXTURES.glob("seed_0000_framework_*.json")):
        load_seed(path)
    assert Framework.objects.count() == 11  # NACC 2563–2570 (8), MOE 2563, OBEC 2566 (offices and schools)
    assert DisclosureItem.objects.filter(framework=frameworks[("nacc", 2563)]).count() == 43


def test_the_qualitative_scale_is_a_2567_framework(frameworks):
    labels = [b.label for b in frameworks[("nacc", 2567)].rating_bands.all()]
    assert labels == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
