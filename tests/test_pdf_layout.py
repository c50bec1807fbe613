"""Tables and page breaks of the printed documents (the WeasyPrint PDFs of every seed document).

Every seed document's PDF is fetched once through the client as the seed world's superuser
(``tests.text_layer.seed_pdfs``); the layout WeasyPrint made for it (its pages and boxes) is
kept from that same render. On those pages:

* no table row is split across two pages (every seed row fits on a page);
* no page but the last ends with a heading: an ``h1``–``h4``, a label line, a PDCA step title
  or a group-heading row of an activity table (``tr.parent``);
* every page holding a signature block also holds text of the document above it;
* a merged cell (``rowspan``) is on every page holding rows it spans (the ITA result table's
  tool and weighted-score cells: OIT / 39.00 beside rows 9.5–10.2);
* no text of a header cell is wider than its cell;
* the 6-month progress report takes at most ``PROGRESS_PAGES`` pages, each at least
  ``MIN_FILL`` % full but where it must break, and turns landscape once.

Two checks do not depend on where the seeds' page breaks happen to fall: the ITA result
table is slid down a whole page (a longer introduction) and its merged cells checked at each
step, and a header row of words in columns set too narrow for them is laid out on its own.

The print rules are in ``static/css/document.css`` (``@media print``). Positions are CSS px
of WeasyPrint's layout boxes (``weasyprint.formatting_structure.boxes``).
"""

from __future__ import annotations

import contextlib
import tempfile

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from tests import text_layer
from tests.assessments_fixtures import seed_002  # noqa: F401 (a fixture)

HEADING_TAGS = {"h1", "h2", "h3", "h4"}
HEADING_CLASSES = {"label-line", "step-title", "part-title"}
EPSILON = 0.5  # CSS px: rounding of WeasyPrint's positions


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _walk(box, ancestors=()):
    """Yield ``(box, ancestors)`` for ``box`` and every box inside it, depth first."""
    yield box, ancestors
    for child in getattr(box, "children", ()):
        yield from _walk(child, ancestors + (box,))


def _page_boxes(page):
    """``(box, ancestors)`` of one page's content, without its margin boxes (page numbers)."""
    for child in page._page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from _walk(child)


def _text(box) -> str:
    return "".join(b.text for b, _ in _walk(box) if isinstance(b, boxes.TextBox)).strip()


def _in_header(ancestors) -> bool:
    return any(isinstance(a, boxes.TableRowGroupBox) and a.is_header for a in ancestors)


def row_pages(document) -> dict:
    """{row element: (row text, [page numbers])} of every body row (not a repeated header)."""
    rows: dict = {}
    for number, page in enumerate(document.pages, 1):
        for box, ancestors in _page_boxes(page):
            if isinstance(box, boxes.TableRowBox) and not _in_header(ancestors):
                text, pages = rows.setdefault(box.element, (_text(box), []))
                if number not in pages:
                    pages.append(number)
    return rows


def split_rows(document) -> list:
    """Body rows printed on more than one page: [(text, pages)]."""
    return [(text[:60], pages) for text, pages in row_pages(document).values() if len(pages) > 1]


def _is_heading(box, ancestors) -> bool:
    for item in (*ancestors, box):
        element = getattr(item, "element", None)
        if element is None or not isinstance(item, boxes.Box):
            continue
        if item.element_tag in HEADING_TAGS or _classes(element) & HEADING_CLASSES:
            return True
        if isinstance(item, boxes.TableRowBox) and "parent" in _classes(element):
            return True
    return False


def pages_ending_with_a_heading(document) -> list:
    """[(page number, text)] of every page but the last whose lowest line of text is a
    heading (repeated table headers left out)."""
    out = []
    for number, page in enumerate(document.pages[:-1], 1):
        texts = [(b, a) for b, a in _page_boxes(page) if isinstance(b, boxes.TextBox) and b.text.strip() and not _in_header(a)]
        if not texts:
            continue
        lowest = max(b.position_y + b.height for b, _ in texts)
        last_line = [(b, a) for b, a in texts if b.position_y + b.height > lowest - EPSILON]
        if any(_is_heading(b, a) for b, a in last_line):
            out.append((number, "".join(b.text for b, _ in last_line)))
    return out


def lonely_signatures(document) -> list:
    """Page numbers of the pages holding signature blocks but no text of the document above
    the first of them."""
    out = []
    for number, page in enumerate(document.pages, 1):
        items = list(_page_boxes(page))
        signatures = [b for b, a in items if "signature" in _classes(getattr(b, "element", None))
                      and isinstance(b, boxes.BlockBox)]
        if not signatures:
            continue
        top = min(b.position_y for b in signatures)
        above = [b for b, a in items if isinstance(b, boxes.TextBox) and b.text.strip()
                 and b.position_y + b.height <= top + EPSILON
                 and not any(_classes(getattr(x, "element", None)) & {"signature", "signatures"} for x in a)]
        if not above:
            out.append(number)
    return out


def lost_merged_cells(document) -> list:
    """Merged body cells (rowspan > 1) missing from a page that holds rows they span:
    [(cell text, pages of its rows, pages showing the cell)]."""
    rows = row_pages(document)
    cells: dict = {}
    for number, page in enumerate(document.pages, 1):
        for box, ancestors in _page_boxes(page):
            if isinstance(box, boxes.TableCellBox) and box.rowspan > 1 and not _in_header(ancestors):
                text, pages = cells.setdefault(box.element, (_text(box), set()))
                if _text(box):
                    pages.add(number)
    root = document.pages[0]._page_box.children[0].element
    parent = {child: element for element in root.iter() for child in element}
    out = []
    for cell, (text, shown) in cells.items():
        row = parent[cell]
        siblings = [child for child in parent[row] if child.tag == "tr"]
        start = siblings.index(row)
        spanned = set()
        for tr in siblings[start:start + int(cell.get("rowspan"))]:
            spanned.update(rows.get(tr, ("", []))[1])
        if not spanned <= shown:
            out.append((text, sorted(spanned), sorted(shown)))
    return out


def overflowing_header_text(document) -> list:
    """Text of header cells (``th``) wider than the inside of its cell: [(text, overflow px)]."""
    out = []
    for page in document.pages:
        for box, _ in _page_boxes(page):
            if not (isinstance(box, boxes.TableCellBox) and box.element_tag == "th"):
                continue
            left = box.padding_box_x()
            right = left + box.padding_width()
            for text_box, _ in _walk(box):
                if isinstance(text_box, boxes.TextBox) and text_box.text.strip():
                    over = max(left - text_box.position_x, text_box.position_x + text_box.width - right)
                    if over > EPSILON:
                        out.append((text_box.text, round(over, 1)))
    return out


def page_fills(document) -> list[tuple[int, float, str]]:
    """``[(page number, percent full 0–100, why it may be emptier)]`` of every page: the
    height from the top of the page's content area to the bottom of its lowest line of text
    or table row, over the content area's height. ``why`` is ``""`` unless the page ends
    where the document must break: the last page, the page before a page of another size
    (a landscape part starts; WeasyPrint breaks there), or a page ending a part set to end
    its page (the cover, ``break-after: page``)."""
    out = []
    for number, page in enumerate(document.pages, 1):
        area = page._page_box
        top, height = area.content_box_y(), area.height
        bottoms = [
            b.position_y + b.margin_height() for b, a in _page_boxes(page)
            if isinstance(b, (boxes.TextBox, boxes.TableRowBox)) and (not isinstance(b, boxes.TextBox) or b.text.strip())
        ]
        fill = 100 * (max(bottoms, default=top) - top) / height
        why = ""
        if number == len(document.pages):
            why = "last page"
        elif (document.pages[number].width, document.pages[number].height) != (page.width, page.height):
            why = "next page changes orientation"
        elif any(getattr(b, "style", None) is not None and b.style["break_after"] == "page" for b, _ in _page_boxes(page)
                 if isinstance(b, boxes.BlockBox)):
            why = "ends with a part that ends its page"
        out.append((number, round(fill), why))
    return out


@contextlib.contextmanager
def kept_layouts():
    """Within the block, every PDF the portal prints (``ita_portal.pdf.html_to_pdf``) also
    appends the layout WeasyPrint made for it (a ``weasyprint.Document``) to the list yielded."""
    from ita_portal import pdf as pdf_module

    kept = []

    class KeepLayout(HTML):
        """``HTML.write_pdf`` (render, then write) that keeps the rendered document."""

        def write_pdf(self, target=None, zoom=1, finisher=None, font_config=None, counter_style=None,
                      color_profiles=None, **options):
            document = self.render(font_config, counter_style, color_profiles, **options)
            kept.append(document)
            return document.write_pdf(target, zoom, finisher)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_module, "HTML", KeepLayout)
        yield kept


@pytest.fixture(scope="module")
def seed_layouts(django_db_setup, django_db_blocker):
    """Every seed document's PDF as the superuser GETs it, with the layout WeasyPrint made for
    it in that render: {label: weasyprint Document}."""
    from django.test import Client, override_settings

    from tests.security_world import module_world

    out = {}
    with tempfile.TemporaryDirectory() as media, override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ), kept_layouts() as kept:
        with module_world(django_db_blocker) as world:
            client = Client()
            client.force_login(world.cast.superuser)
            for label, _html, pdf in text_layer.seed_pdfs(client):
                assert len(kept) == 1 and pdf.startswith(b"%PDF"), label
                out[label] = kept.pop()
    return out


SEED_LABELS = [label for label, _ in text_layer.seed_models()]


@pytest.mark.parametrize("label", SEED_LABELS)
def test_no_table_row_is_split_across_pages(seed_layouts, label):
    document = seed_layouts[label]
    assert row_pages(document), f"{label}: no table rows found"
    assert split_rows(document) == []


@pytest.mark.parametrize("label", SEED_LABELS)
def test_no_page_ends_with_a_heading(seed_layouts, label):
    assert pages_ending_with_a_heading(seed_layouts[label]) == []


@pytest.mark.parametrize("label", SEED_LABELS)
def test_a_signature_block_keeps_text_above_it_on_its_page(seed_layouts, label):
    assert lonely_signatures(seed_layouts[label]) == []


@pytest.mark.parametrize("label", SEED_LABELS)
def test_a_merged_cell_is_on_every_page_holding_its_rows(seed_layouts, label):
    assert lost_merged_cells(seed_layouts[label]) == []


def test_the_ita_result_table_shows_oit_beside_every_oit_row(seed_layouts):
    document = seed_layouts["002 ITA result + measures"]
    rows = row_pages(document)
    oit_pages = {page for text, pages in rows.values() if text.startswith(("9.", "10.")) for page in pages}
    assert oit_pages, "rows 9.x and 10.x not found"
    for page in oit_pages:
        texts = {b.text.strip() for b, _ in _page_boxes(document.pages[page - 1]) if isinstance(b, boxes.TextBox)}
        assert "OIT" in texts, f"page {page} holds OIT rows without the OIT cell"


def test_the_ita_result_opens_with_its_cover_page(seed_layouts):
    """Like its source, the measures document opens with a cover (title, fiscal year, office)
    alone on page 1; the analysis starts page 2."""
    document = seed_layouts["002 ITA result + measures"]
    cover, second = ("".join(b.text for b, _ in _page_boxes(document.pages[n]) if isinstance(b, boxes.TextBox)).replace(" ", "") for n in (0, 1))
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in cover
    assert "ประจำปีงบประมาณพ.ศ.2566" in cover
    assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตากเขต2" in cover
    assert "ผลการวิเคราะห์" not in cover and "ลำดับ" not in cover
    assert "ผลการวิเคราะห์" in second


# About one printed line of the ITA result's introduction (TH Sarabun New 16 pt, 16 cm).
INTRODUCTION_LINE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2 ได้นำผลการประเมินมาวิเคราะห์เพื่อกำหนดมาตรการส่งเสริมคุณธรรม "


def test_the_tool_cells_stay_beside_their_rows_wherever_the_table_meets_a_page_end(seed_002, admin_client):
    """The ITA result table moved down the page 8 introduction lines at a time (less than the
    OIT group's height), over a page: wherever a page ends, the merged tool and weighted-score
    cells are on every page holding rows of their tool."""
    with kept_layouts() as kept:
        for lines in range(0, 48, 8):
            seed_002.introduction = INTRODUCTION_LINE * lines
            seed_002.save(update_fields=["introduction"])
            response = admin_client.get(seed_002.get_pdf_url())
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            (document,) = kept
            kept.clear()
            assert lost_merged_cells(document) == [], f"{lines} introduction lines"
            assert split_rows(document) == [], f"{lines} introduction lines"


@pytest.mark.parametrize("label", SEED_LABELS)
def test_no_header_text_is_wider_than_its_cell(seed_layouts, label):
    assert overflowing_header_text(seed_layouts[label]) == []


# Header words of the seed documents' tables that crossed their cell borders when the
# colgroup widths were fixed, and the twelve month headers of the action plan's schedule.
HEADER_WORDS = ["งบประมาณ", "จำนวน", "เครื่องมือ", "หมายเหตุ", "วัตถุประสงค์", "หน่วยนับ"]
MONTHS = ["ต.ค. 63", "พ.ย. 63", "ธ.ค. 63", "ม.ค. 64", "ก.พ. 64", "มี.ค. 64",
          "เม.ย. 64", "พ.ค. 64", "มิ.ย. 64", "ก.ค. 64", "ส.ค. 64", "ก.ย. 64"]


def test_header_words_stay_inside_columns_set_too_narrow_for_them():
    """A schedule header row printed with the portal's stylesheets on a portrait A4 body
    (16 cm, narrower than the landscape page the schedule gets), each header word in a column
    set to 2 % of the table: every column takes at least its longest word."""
    from django.conf import settings

    static = (settings.BASE_DIR / "static").as_uri() + "/"
    cols = '<col style="width:40%">' + '<col style="width:2%">' * len(HEADER_WORDS) + '<col class="c-month">' * len(MONTHS)
    heads = "".join(f"<th>{word}</th>" for word in HEADER_WORDS) + "".join(f'<th class="month">{m}</th>' for m in MONTHS)
    cells = "<td>กิจกรรมเสริมสร้างคุณธรรมและความโปร่งใส</td>" + "<td>1</td>" * (len(HEADER_WORDS) + len(MONTHS))
    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="css/document.css"><link rel="stylesheet" href="css/action_plan.css"></head>'
        '<body><article class="document"><table class="doc-table schedule">'
        f'<colgroup>{cols}</colgroup><thead><tr><th>กิจกรรม</th>{heads}</tr></thead>'
        f"<tbody><tr>{cells}</tr></tbody></table></article></body></html>"
    )
    document = HTML(string=html, base_url=static).render()
    headers = [box for box, _ in _page_boxes(document.pages[0]) if isinstance(box, boxes.TableCellBox) and box.element_tag == "th"]
    assert len(headers) == 1 + len(HEADER_WORDS) + len(MONTHS)
    assert overflowing_header_text(document) == []


# Observed: 11 pages before the print rules for tables (its table on 4 landscape pages, 83–97 %
# full but the last), 11 after; 10 since the report stays landscape from the plan's schedule on
# (no portrait page of the plan's last sections, 34 % full, between two landscape parts) and
# its progress table is set at 13 pt in columns shared by what the rows hold.
PROGRESS_PAGES = 10
MIN_FILL = 66  # percent of a page's content height: no page more than about a third empty


def test_the_6_month_progress_report_takes_at_most_its_pages(seed_layouts):
    assert len(seed_layouts["001 6-month progress"].pages) <= PROGRESS_PAGES


def test_the_6_month_progress_report_fills_its_pages(seed_layouts):
    """Every page of the 6-month progress report is at least ``MIN_FILL`` % full but where
    the document must break (``page_fills``: the cover, the page before the plan's landscape
    schedule, the last page), and the report turns landscape once: from the plan's schedule
    on, the plan's last sections and part 2 follow on landscape pages."""
    document = seed_layouts["001 6-month progress"]
    fills = page_fills(document)
    assert [(number, fill) for number, fill, why in fills if fill < MIN_FILL and not why] == []
    sizes = [(page.width, page.height) for page in document.pages]
    turns = [number for number, (a, b) in enumerate(zip(sizes, sizes[1:]), 1) if a != b]
    assert len(turns) == 1, f"orientation changes after pages {turns}: {fills}"
    assert sizes[-1][0] > sizes[-1][1], "part 2 is not on landscape pages"


def test_a_nearly_empty_page_is_measured_so():
    """``page_fills`` on a page of two lines: far below ``MIN_FILL``, and the last page."""
    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"></head><body>'
        '<p style="font-size:16pt">หนึ่ง</p><p style="font-size:16pt;break-before:page">สอง</p></body></html>'
    )
    document = HTML(string=html).render()
    fills = page_fills(document)
    assert [number for number, _fill, _why in fills] == [1, 2]
    assert all(fill < 10 for _number, fill, _why in fills)
    assert fills[-1][2] == "last page" and fills[0][2] == ""
