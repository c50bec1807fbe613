"""Measure the printed typeface: pages of every seed document's PDF and characters per line.

    .venv/bin/python bench/pdf_typeface.py [--out DIR]

One temporary SQLite database gets every seed file (``load_seed``; documents stay drafts, so
every PDF is rendered), and the administrator GETs each seed document's PDF URL
(``tests.text_layer.seed_pdfs``). Printed per document: its pages (pypdf) and the fonts
embedded in it (base names without the subset prefix).

Characters per line: one long paragraph of seed-000 Thai prose (``PROSE``, spaces only between
sentences, as the seeds are typed) set as a ``.document`` paragraph with the portal's
``document.css`` on an A4 page with the official margins (3 cm left, 2 cm right: a 16 cm
body); WeasyPrint's line boxes give the characters of each full line (the last line left
out), whitespace counted. The figure is their mean, rounded.

``--out DIR`` also writes each PDF there (``NNN-label.pdf``) to look at with
``pdftoppm -png -r 80``.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_site import seed_admin_client  # noqa: E402

PROSE = (
    "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๖ ได้ดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต"
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ โดยมีวัตถุประสงค์เพื่อส่งเสริมให้บุคลากรในสังกัดมีความรู้ความเข้าใจ"
    "เกี่ยวกับการป้องกันผลประโยชน์ทับซ้อนและการประพฤติปฏิบัติตนตามประมวลจริยธรรมของข้าราชการ "
    "ทั้งนี้ได้จัดกิจกรรมอบรมเชิงปฏิบัติการให้แก่ผู้บริหารสถานศึกษาและครูผู้รับผิดชอบงานป้องกันการทุจริต"
    "ในสถานศึกษาทุกแห่ง และติดตามผลการดำเนินงานเป็นรายไตรมาสตามวงจรคุณภาพ พี ดี ซี เอ "
    "ผลการดำเนินงานพบว่าบุคลากรร้อยละแปดสิบห้ามีความรู้ความเข้าใจเพิ่มขึ้น และสถานศึกษาได้นำแนวทาง"
    "ไปปรับใช้ในการบริหารงานอย่างโปร่งใส ตรวจสอบได้ ปัญหาและอุปสรรคที่พบคือระยะเวลาในการดำเนินงาน"
    "มีจำกัดและงบประมาณไม่เพียงพอ จึงเสนอให้มีการบูรณาการกิจกรรมร่วมกับโครงการอื่นของสำนักงาน"
)


def chars_per_line() -> tuple[float, list[int]]:
    """Mean characters of the full lines of ``PROSE`` in a ``.document`` paragraph on an A4
    body (16 cm wide), and the per-line counts."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    static = (ROOT / "static").as_uri() + "/"
    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{static}css/document.css"></head>'
        f'<body><article class="document"><p>{PROSE * 3}</p></article></body></html>'
    )
    document = HTML(string=html, base_url=static).render()
    counts = []

    def walk(box):
        if isinstance(box, boxes.LineBox):
            counts.append(sum(len(t.text) for t in _texts(box)))
            return
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    full = counts[:-1]
    return statistics.mean(full), full


def _texts(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    client = seed_admin_client("ita-typeface.")
    from pypdf import PdfReader
    from tests import text_layer

    mean, counts = chars_per_line()
    print(f"characters per line, A4 body 16 cm, .document paragraph: mean {mean:.0f} "
          f"(min {min(counts)}, max {max(counts)}, {len(counts)} full lines)")
    print(f"  {'document':28} {'pages':>5}  fonts")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for label, _markup, pdf in text_layer.seed_pdfs(client):
        reader = PdfReader(io.BytesIO(pdf))
        fonts = set()
        for page in reader.pages:
            for font in (page.get("/Resources", {}).get("/Font") or {}).values():
                fonts.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])))
        print(f"  {label:28} {len(reader.pages):>5}  {', '.join(sorted(fonts))}")
        if args.out:
            (args.out / (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".pdf")).write_bytes(pdf)


if __name__ == "__main__":
    main()
