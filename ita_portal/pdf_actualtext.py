"""Give WeasyPrint's PDF text layer the logical text of every cluster it cannot map glyph by glyph.

Why. A PDF viewer, ``pdftotext``, a search box or a screen reader turns drawn glyphs back into
text with the font's ``/ToUnicode`` CMap: one entry per glyph id, the same for every use of the
glyph (ISO 32000-1 §9.10.3). Complex scripts break that model. HarfBuzz shapes Thai SARA AM
(U+0E33 ำ) as NIKHAHIT + SARA AA, so the SARA AA glyph stands for both า and ำ, and a tone mark
before ำ becomes one ligature glyph with the nikhahit; WeasyPrint 70.0
(``weasyprint.draw.text.draw_first_line``) maps each glyph to the text of the first cluster it
meets and gives the other glyphs of a multi-glyph cluster an empty mapping, so a PDF reads
ดาเนินการ for ดำเนินการ or กำรศึกษำ for การศึกษา, and น้ำ as นำ.

What. PDF's own answer is the marked-content property ``/ActualText`` (ISO 32000-1 §14.9.4,
"Replacement Text"): the glyphs drawn between ``/Span <</ActualText …>> BDC`` and ``EMC`` are read
as the given text instead of through the CMap. This module draws each line as WeasyPrint 70.0
does, glyph for glyph and offset for offset (the page looks the same), and additionally, per
cluster of Pango's glyph-to-character mapping (``PangoGlyphString.log_clusters``: the glyphs that
share one value come from the characters between that byte offset and the next cluster's):

* a cluster of exactly one glyph maps that glyph in the CMap to the cluster's text (the first
  such use wins, as in WeasyPrint); when the glyph is already mapped to other text it is wrapped
  in an ``/ActualText`` span;
* a cluster of several glyphs whose CMap texts do not concatenate to the cluster's text (ำ, a
  tone mark + ำ, a base + combining mark drawn as separate glyphs, …) is wrapped in an
  ``/ActualText`` span; its not yet mapped glyphs get a provisional CMap entry (the matching
  character of the cluster's compatibility decomposition, NFKD, when it has one character per
  glyph, else nothing) that a later one-glyph cluster replaces. So SARA AA maps to า in every
  CMap, whatever the order in which a document uses า and ำ;
* in left-to-right runs, a base cluster and the combining-mark clusters after it form a
  grapheme cluster (Unicode Standard Annex #29); one drawn with more than one glyph (a
  consonant with its upper or lower vowel and tone mark: สี่, ผู้) is wrapped as a whole, since
  the font places its zero-advance marks where extractors sort them after the next letter
  (เสี่ยง read as เสีย่ง). Its trailing marks get a second span with an empty ``/ActualText``
  (see ``_add_span``).

Measured with poppler's ``pdftotext`` on every seed document and on a page of every Thai
consonant × vowel × tone mark (``bench/pdf_text_layer.py``): no wrong Thai run remains.

The span's text is a PDF hex string, UTF-16BE with a byte-order mark (ISO 32000-1 §7.9.2.2,
text strings). Spans nest inside the ``/MCID`` marked content of tagged PDFs (§14.6) and never
cross a ``TJ`` array: the array is closed before ``BDC`` and reopened after ``EMC``.

Cost: one extra pass per glyph run over ``log_clusters`` and a few content-stream lines per
wrapped cluster (a Thai document's PDF grows by about 12 %); measured on the seed-000 report,
about 4 % more CPU time than WeasyPrint's own drawing. Clusters of one glyph are drawn exactly
as before.

Pinning. ``draw_first_line`` below is WeasyPrint 70.0's function of the same name with the
additions marked ``# ActualText``; it is only valid for that exact version. ``install()``
replaces ``weasyprint.draw.text.draw_first_line`` (used for HTML text and, imported at call
time, SVG text) only when ``weasyprint.__version__ == WEASYPRINT_VERSION`` and the source of the
function it replaces hashes to ``UPSTREAM_SHA256``; otherwise it warns and leaves WeasyPrint
alone, and ``tests/test_pdf_text_layer.py`` fails until this module is ported to the new
version. Written to be proposed upstream (WeasyPrint's issue on Thai text extraction): the change
there is the body of ``draw_first_line`` and ``_cluster_spans``.
"""

from __future__ import annotations

import hashlib
import inspect
import unicodedata
import warnings
from io import BytesIO
from xml.etree import ElementTree

import weasyprint
import weasyprint.draw.text as weasyprint_text
from PIL import Image
from weasyprint.images import RasterImage, SVGImage
from weasyprint.logger import LOGGER
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

#: The WeasyPrint release whose ``draw_first_line`` this module copies and extends.
WEASYPRINT_VERSION = "70.0"
#: SHA-256 of ``inspect.getsource(weasyprint.draw.text.draw_first_line)`` in that release.
UPSTREAM_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"

_UPSTREAM = weasyprint_text.draw_first_line
# Name of the per-font set of glyph ids whose CMap entry is provisional (see module docstring).
_PROVISIONAL = "_actualtext_provisional"
_GLYPH_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
assert _GLYPH_INFO_SIZE == 20, "PangoGlyphInfo is no longer five 32-bit fields"
_GLYPH_EMPTY = pango.PANGO_GLYPH_EMPTY
_GLYPH_UNKNOWN_FLAG = pango.PANGO_GLYPH_UNKNOWN_FLAG
# Unicode general categories of combining marks (Unicode Standard §4.5).
_MARKS = frozenset(("Mn", "Mc", "Me"))


def upstream_source_sha256() -> str:
    """SHA-256 (hex) of the source of WeasyPrint's own ``draw_first_line``, as installed."""
    return hashlib.sha256(inspect.getsource(_UPSTREAM).encode()).hexdigest()


def is_supported() -> tuple[bool, str]:
    """Whether the installed WeasyPrint is the one this module was written for.

    Returns ``(True, "")`` or ``(False, reason)``; the reason names the version or the hash that
    differs, so a failing test or warning says what to port.
    """
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return False, f"WeasyPrint {weasyprint.__version__} installed, pdf_actualtext written for {WEASYPRINT_VERSION}"
    digest = upstream_source_sha256()
    if digest != UPSTREAM_SHA256:
        return False, f"weasyprint.draw.text.draw_first_line changed (source sha256 {digest}, expected {UPSTREAM_SHA256})"
    return True, ""


def install() -> bool:
    """Make WeasyPrint draw text with ``draw_first_line`` of this module (idempotent).

    Returns whether it is installed. On an unsupported WeasyPrint (see ``is_supported``) it
    warns (``RuntimeWarning``) and returns ``False``: PDFs are then drawn by WeasyPrint alone,
    with its text layer, and the pinning test fails.
    """
    supported, reason = is_supported()
    if not supported:
        warnings.warn(f"PDF /ActualText extension not installed: {reason}", RuntimeWarning, stacklevel=2)
        return False
    weasyprint_text.draw_first_line = draw_first_line
    return True


def uninstall() -> None:
    """Give WeasyPrint back its own ``draw_first_line`` (for measurements before/after)."""
    weasyprint_text.draw_first_line = _UPSTREAM


def is_installed() -> bool:
    """Whether WeasyPrint currently draws text with this module's ``draw_first_line``."""
    return weasyprint_text.draw_first_line is draw_first_line


def actual_text_operand(text: str) -> str:
    """The property list of an ``/ActualText`` span for ``text`` (str, any Unicode).

    Returns ``'<</ActualText <FEFF…>>>'``: a PDF hex string holding the UTF-16BE encoding of
    ``text`` after its byte-order mark (ISO 32000-1 §7.9.2.2 and §14.9.4); for an empty
    ``text``, ``'<</ActualText ()>>'`` (the glyphs stand for no text).
    """
    if not text:
        return "<</ActualText ()>>"
    return f"<</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>>"


def _cluster_spans(font, glyphs_info, num_glyphs, clusters, item_text, rtl):
    """Map a run's glyphs to Unicode and find the clusters that need an ``/ActualText`` span.

    ``glyphs_info``/``num_glyphs``/``clusters``: the run's ``PangoGlyphString`` fields;
    ``item_text``: the run's characters as UTF-8 bytes (``log_clusters`` are byte offsets into
    it); ``rtl``: whether the run is right-to-left (clusters then decrease along the glyphs).
    Sets ``font.to_unicode`` for the run's glyphs (see the module docstring) and returns
    ``{first glyph index: (last glyph index, cluster text)}`` for the clusters to wrap.

    In a left-to-right run, Pango clusters whose text starts with a combining mark (Unicode
    categories Mn, Mc, Me: Thai upper and lower vowels, tone marks, thanthakhat …) are joined
    to the cluster before them, making grapheme clusters (a base and its marks, as in Unicode
    Standard Annex #29); a grapheme cluster drawn with more than one glyph is wrapped too. Its
    marks have no advance and are placed by the font's mark positioning (GPOS), at or beyond
    the origin of the next base glyph or in another order than spelt, so text extractors that
    order glyphs by position misplace them (เสี่ยง read as เสีย่ง, ผู้รับ as ผูร้ บั).
    """
    to_unicode = font.to_unicode
    provisional = getattr(font, _PROVISIONAL, None)
    if provisional is None:
        provisional = set()
        setattr(font, _PROVISIONAL, provisional)
    length = len(item_text)
    # Read the C arrays once (PangoGlyphInfo: glyph, geometry.width, x_offset, y_offset, attr;
    # five 32-bit fields) instead of one cffi access per field.
    clusters = ffi.unpack(clusters, num_glyphs)
    fields = memoryview(ffi.buffer(glyphs_info, num_glyphs * _GLYPH_INFO_SIZE)).cast("i")
    glyphs, widths = fields[0::5].tolist(), fields[1::5].tolist()
    spans = {}
    # The grapheme cluster being gathered: first glyph, text start, glyph count, whether a
    # glyph of it does not map one-to-one.
    first = begin = last_advancing = -1
    count = 0
    wrong = False
    end = 0
    i = 0
    while i < num_glyphs:
        start = clusters[i]
        j = i
        while j + 1 < num_glyphs and clusters[j + 1] == start:
            j += 1
        if rtl:
            end = length if i == 0 else clusters[i - 1]
        else:
            end = length if j == num_glyphs - 1 else clusters[j + 1]
        text = item_text[start:end].decode()
        glyph_ids = []
        advancing = -1  # the cluster's last glyph with an advance
        for k in range(i, j + 1):
            glyph_id = glyphs[k] & 0xFFFFFFFF
            if glyph_id == _GLYPH_EMPTY:
                continue
            if glyph_id & _GLYPH_UNKNOWN_FLAG:
                glyph_id = font.get_unused_glyph_id(glyph_id - _GLYPH_UNKNOWN_FLAG)
            glyph_ids.append(glyph_id)
            if widths[k]:
                advancing = k
        if len(glyph_ids) == 1:
            (glyph_id,) = glyph_ids
            mapped = to_unicode.get(glyph_id)
            if mapped is None or glyph_id in provisional:
                to_unicode[glyph_id] = mapped = text
                provisional.discard(glyph_id)
            mismatch = mapped != text
        elif glyph_ids:
            parts = unicodedata.normalize("NFKD", text)
            if len(parts) != len(glyph_ids):
                parts = [""] * len(glyph_ids)
            for glyph_id, part in zip(glyph_ids, parts):
                if glyph_id not in to_unicode:
                    to_unicode[glyph_id] = part
                    provisional.add(glyph_id)
            mismatch = "".join(to_unicode[glyph_id] for glyph_id in glyph_ids) != text
        else:
            mismatch = False
        if rtl:
            if mismatch:
                spans[i] = (j, text)
        elif first >= 0 and text and unicodedata.category(text[0]) in _MARKS:
            count += len(glyph_ids)  # a combining mark: part of the grapheme cluster
            wrong = wrong or mismatch
            last_advancing = max(last_advancing, advancing)
        else:
            if first >= 0 and (wrong or count > 1):
                _add_span(spans, first, i - 1, last_advancing, item_text[begin:start].decode())
            first, begin, count, wrong, last_advancing = i, start, len(glyph_ids), mismatch, advancing
        i = j + 1
    if first >= 0 and (wrong or count > 1):
        _add_span(spans, first, num_glyphs - 1, last_advancing, item_text[begin:end].decode())
    return spans


def _add_span(spans, first, last, advancing, text):
    """Record the span of glyphs ``first``–``last`` (indexes in the run) for ``text``.

    When glyphs without advance (marks) end the cluster (``advancing``, the index of its last
    glyph with an advance, is before ``last``), the span is split in two: the glyphs up to
    ``advancing`` carry ``text`` and the trailing marks an empty ``/ActualText`` (they stand for
    no further text). A mark shifted left by the font (over a tall consonant: ปื่, ฟั้) would
    otherwise end the span left of where the cluster ends, and extractors that take a span's
    extent from its first and last glyphs (poppler) read a word break after it (ปื่ อ).
    """
    if first <= advancing < last:
        spans[first] = (advancing, text)
        spans[advancing + 1] = (last, "")
    else:
        spans[first] = (last, text)


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream``.

    WeasyPrint 70.0's ``weasyprint.draw.text.draw_first_line`` (same arguments: a
    ``weasyprint.pdf.stream.Stream``, a ``TextBox``, the ``text-overflow`` and ``block-ellipsis``
    values, the text ``Matrix``; returns the emojis to draw) plus ``/ActualText`` spans around
    the clusters chosen by ``_cluster_spans``. Lines marked ``# ActualText`` are the additions.
    """
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(
            textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(
                textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])],
                    textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)],
                textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ''
    x_advance = 0
    emojis = []
    utf8_text = textbox.pango_layout.text.encode()  # ActualText: needed for every run
    run = first_line.runs[0]
    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style['font_size']

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += '<'
        # ActualText: map this run's glyphs to Unicode, find the clusters to wrap.
        item_offset = glyph_item.item.offset
        spans = _cluster_spans(
            font, glyphs_info, num_glyphs, clusters,
            utf8_text[item_offset:item_offset + glyph_item.item.length],
            glyph_item.item.analysis.level % 2)
        span_end = -1
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            if i in spans:  # ActualText: close the TJ array, open the span.
                span_end, span_text = spans[i]
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                stream.begin_marked_content('Span', actual_text_operand(span_text))
                string = '<'
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f'>{-width / font_size}<'
                if i == span_end:  # ActualText: close the span (rare: a cluster ending empty).
                    string, span_end = _end_span(stream, string), -1
                continue

            # Display .notdef and log warning for missing glyphs.
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: '
                    '"%s" (U+%04X)', chr(codepoint), codepoint)
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    # "width" is actually Pango’s get_approximate_char_width. Force
                    # .notdef’s to use this width, even if it’s not the right, as we
                    # want to keep Pango’s layout for next glyphs.
                    font.widths[0] = font.widths[glyph_id]

            # ActualText: the mapping between glyphs and Unicode codepoints is set by
            # _cluster_spans above.

            # Set horizontal and vertical offsets.
            offset = glyph_info.geometry.x_offset / font_size
            rise = glyph_info.geometry.y_offset / 1000
            if rise:
                if string[-1] == '<':
                    string = string[:-1]
                else:
                    string += '>'
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ''
                if offset:
                    string = f'{-offset}'
                string += f'<{glyph_id:02x}>' if font.bitmap else f'<{glyph_id:04x}>'
                stream.show_text(string)
                stream.set_text_rise(0)
                string = '<'
            else:
                if offset:
                    string += f'>{-offset}<'
                string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(
                    pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f'>{int(kerning)}<'

            # Create list of emojis.
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                if svg_data:
                    # Do as explained in specification
                    # https://learn.microsoft.com/typography/opentype/spec/svg
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get('id') != f'glyph{glyph_id}':
                        defs = ElementTree.Element('defs')
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(
                            tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                    if 'viewBox' not in tree.attrib:
                        tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f'{font.hash}{glyph_id}'
                    image = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect,
                        stream.logical_rect)
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([image, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])

            x_advance += (logical_width + offset - kerning) / 1000

            if i == span_end:  # ActualText: close the span.
                string, span_end = _end_span(stream, string), -1

        # Close the last glyphs list, remove if empty.
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'

    # Draw text.
    stream.show_text(string)

    return emojis


def _end_span(stream, string):
    """Show the open ``TJ`` array ``string`` (WeasyPrint's ``'<…'`` form), end the span with
    ``EMC`` and return a fresh array opening, ``'<'``."""
    if string[-1] == '<':
        string = string[:-1]
    else:
        string += '>'
    if string:
        stream.show_text(string)
    stream.end_marked_content()
    return '<'
