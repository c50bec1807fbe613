"""Measure a PDF's text layer against the HTML it was printed from (Thai runs).

Used by ``tests/test_pdf_text_layer.py`` and ``bench/pdf_text_layer.py``. The measure is the
one of the portal's document-system issue on the PDF text layer:

* the *text layer* is what ``pdftotext`` (poppler-utils) extracts, in its default reading
  order and with ``-layout``;
* a *Thai run* is a maximal run of Thai letters, vowels and marks (U+0E01–U+0E4F; digits and
  punctuation end a run);
* a run is *wrong* when it does not occur in the HTML's visible text with whitespace and
  invisible format characters (Unicode category Cf: zero-width space, word joiner, soft
  hyphen) removed; the figure is wrong runs / all runs, in per cent.

A second, stricter figure is kept for the synthetic page (every Thai consonant with every
vowel and tone mark, one syllable per token): the share of its syllables that are not
extracted exactly, in order (``syllable_mismatch``). A wrong syllable there can be another
valid syllable of the page (กา read as กำ), which the substring test above cannot see.
"""

from __future__ import annotations

import difflib
import html as html_lib
import io
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

THAI_RUN = re.compile("[\u0e01-\u0e4f]+")
GOAL_PERCENT = 0.5

# The 44 consonants (ก–ฮ without the vowel letters ฤ U+0E24 and ฦ U+0E26).
CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F) if c not in (0x0E24, 0x0E26)]
TONES = ["", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b"]  # none, ่ ้ ๊ ๋
# Vowel forms in spelling order: C is the consonant, T where a tone mark goes (after the
# consonant and its upper or lower vowel, before a following vowel letter).
VOWEL_FORMS = [
    "CT", "CTะ", "CTา", "CTำ", "CิT", "CีT", "CึT", "CืT", "CืTอ", "CุT", "CูT",
    "เCTะ", "เCT", "แCTะ", "แCT", "โCTะ", "โCT", "เCTาะ", "CTอ", "เCTอ", "เCิTน",
    "เCีTยะ", "เCีTย", "เCืTอะ", "เCืTอ", "CัTวะ", "CัTว", "ใCT", "ไCT", "เCTา", "CัTก",
    "CุTน", "CูTก", "CิTก",
]
# Forms that take no tone mark: mai taikhu, thanthakhat (also over an upper or lower
# vowel), yamakkan, maiyamok and paiyannoi, and the vowel letters ฤ ฤๅ ฦ ฦๅ.
TONELESS_FORMS = ["เC็ก", "C็อก", "Cน์", "Cิ์", "Cุ์", "Cๆ", "Cฯ", "C๎"]
VOWEL_LETTERS = ["ฤ", "ฤๅ", "ฦ", "ฦๅ", "ฤา", "ฤๅษี"]


def syllables() -> list[str]:
    """Every Thai consonant × every vowel form × every tone (and the toneless marks): the
    tokens of the synthetic page, in order (about 7,200 strings of 1–5 characters)."""
    out = []
    for consonant in CONSONANTS:
        for form in VOWEL_FORMS:
            for tone in TONES:
                out.append(form.replace("C", consonant).replace("T", tone))
        out.extend(form.replace("C", consonant) for form in TONELESS_FORMS)
    out.extend(VOWEL_LETTERS)
    return out


def synthetic_html(tokens: list[str], per_line: int = 10) -> str:
    """A standalone HTML page printing ``tokens`` with the portal's print font (document.css's
    TH Sarabun New, regular then bold), ``per_line`` tokens a line separated by spaces. Lines are
    ``white-space: pre`` so that they break only between tokens."""
    lines = "\n".join(" ".join(tokens[i:i + per_line]) for i in range(0, len(tokens), per_line))
    return (
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="/static/css/document.css">'
        "<style>@page { size: A4; margin: 1.5cm } pre { font-family: \"TH Sarabun New\"; font-size: 14pt;"
        " line-height: 1.3; white-space: pre; margin: 0 } pre.b { font-weight: 700 }</style>"
        f'</head><body><pre>{html_lib.escape(lines)}</pre><pre class="b">{html_lib.escape(lines)}</pre>'
        "</body></html>"
    )


def html_text(markup: str) -> str:
    """The visible text of an HTML page (the markup handed to WeasyPrint), without tags,
    ``<head>``, scripts, styles, whitespace or format characters (category Cf)."""
    markup = re.sub(r"<(head|script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))
    return squash(text)


def squash(text: str) -> str:
    """``text`` without whitespace and without format characters (category Cf)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    """What poppler's ``pdftotext`` extracts from ``pdf`` (bytes), default or ``-layout``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@dataclass
class RunShare:
    """Thai runs of one extraction: ``total`` runs, ``wrong`` of them not in the HTML text,
    ``examples``: the most frequent wrong runs with their counts."""

    total: int
    wrong: int
    examples: list = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.wrong / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.percent:5.2f} % ({self.wrong}/{self.total})"


def run_share(extracted: str, source_text: str) -> RunShare:
    """Compare the Thai runs of ``extracted`` (pdftotext output) with ``source_text`` (the
    output of ``html_text``): see the module docstring."""
    runs = THAI_RUN.findall(extracted)
    counts: dict[str, int] = {}
    for run in runs:
        if run not in source_text:
            counts[run] = counts.get(run, 0) + 1
    examples = sorted(counts.items(), key=lambda item: -item[1])[:8]
    return RunShare(len(runs), sum(counts.values()), examples)


def syllable_mismatch(extracted: str, tokens: list[str]) -> RunShare:
    """Share of the synthetic page's ``tokens`` not extracted exactly and in order: the Thai
    runs of ``extracted`` are aligned with the tokens (``difflib``, twice: the page prints
    them in regular and in bold); unmatched tokens are wrong."""
    runs = THAI_RUN.findall(extracted)
    expected = tokens + tokens
    matcher = difflib.SequenceMatcher(None, expected, runs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    wrong = [expected[i] for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete") for i in range(i1, i2)]
    examples: dict[str, int] = {}
    for token in wrong:
        examples[token] = examples.get(token, 0) + 1
    return RunShare(len(expected), len(expected) - matched, sorted(examples.items(), key=lambda item: -item[1])[:8])


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of the fonts embedded in ``pdf``, without the subset prefix (``ABCDEF+``)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])))
    return names


def seed_models():
    """(label, model) of every document model whose PDF the portal prints from a seed, in
    seed order (the models of ``bench/pdf_all.py``)."""
    from assessments.models import ITAResult, OITChecklist
    from monitoring.calendar import Memo, MonitoringCalendar, MonitoringReport
    from monitoring.models import QuarterlyReport
    from monitoring.progress import ProgressReport
    from plans.action_plans import ActionPlan

    return [
        ("000 quarterly report", QuarterlyReport),
        ("001 action plan", ActionPlan),
        ("001 6-month progress", ProgressReport),
        ("002 ITA result + measures", ITAResult),
        ("003 monitoring calendar", MonitoringCalendar),
        ("003 monitoring report", MonitoringReport),
        ("003 memo (bundle)", Memo),
        ("004 OIT checklist report", OITChecklist),
    ]


def seed_pdfs(client):
    """Yield ``(label, html, pdf)`` for every seed document in the database, as ``client``
    (signed in, allowed to read them) GETs each one's PDF URL; ``html`` is the markup the
    portal handed to WeasyPrint (captured around ``ita_portal.pdf.html_to_pdf``). Each GET
    runs with an empty ``MEDIA_ROOT``, so no PDF stored earlier (``ita_portal.pdf_cache``)
    stands in for a fresh render."""
    from django.test import override_settings

    from ita_portal import pdf as pdf_module

    for label, model in seed_models():
        for document in model.objects.order_by("pk"):
            seen = []
            real = pdf_module.html_to_pdf

            def capture(markup, real=real, seen=seen):
                seen.append(markup)
                return real(markup)

            pdf_module.html_to_pdf = capture
            try:
                with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
                    response = client.get(document.get_pdf_url())
            finally:
                pdf_module.html_to_pdf = real
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (label, response.status_code)
            assert len(seen) == 1, f"{label}: expected the PDF to be rendered once, saw {len(seen)} renders"
            yield label, seen[0], response.content
