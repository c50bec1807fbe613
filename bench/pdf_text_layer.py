"""Measure: the PDF text layer of every seed document, without and with ``/ActualText`` spans.

    .venv/bin/python bench/pdf_text_layer.py [--timing 7] [--show]

One temporary SQLite database gets every seed file (``load_seed``; documents stay drafts, so
every PDF is rendered). For each seed document's PDF, as the administrator's GET of its PDF
URL renders it, and for the synthetic page (every Thai consonant with every vowel and tone
mark, regular and bold: ``tests/text_layer.py``), it prints the share of Thai runs of
``pdftotext`` (default and ``-layout``) that do not occur in the HTML's text with whitespace
removed (``tests.text_layer.run_share``), first with WeasyPrint's own text drawing
("before": ``ita_portal.pdf_actualtext.uninstall()``), then with the portal's
(``install()``); for the synthetic page also the share of syllables not extracted exactly
(``syllable_mismatch``). Goal: ≤ 0.5 % on every document.

``--timing N`` also renders the seed-000 report's HTML N times each way, alternating, in this
one warm process, and prints the median wall and CPU time (``time.process_time``: steadier on
a shared machine) with the extension over without it (the extension's own cost;
``bench/pdf_render.py`` gives the portal over bare WeasyPrint).
``--show`` prints the most frequent wrong runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_site import seed_admin_client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timing", type=int, default=0, metavar="N")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    client = seed_admin_client("ita-text-layer.")
    from ita_portal import pdf_actualtext
    from ita_portal.pdf import html_to_pdf
    from tests import text_layer

    supported, reason = pdf_actualtext.is_supported()
    print(f"WeasyPrint text layer, Thai runs not in the HTML text (goal ≤ {text_layer.GOAL_PERCENT} %); "
          f"extension {'supported' if supported else 'NOT SUPPORTED: ' + reason}")
    rows = {}
    tokens = text_layer.syllables()
    synthetic = text_layer.synthetic_html(tokens)
    for phase in ("before", "after"):
        pdf_actualtext.uninstall() if phase == "before" else pdf_actualtext.install()
        documents = list(text_layer.seed_pdfs(client))
        documents.append(("synthetic page", synthetic, html_to_pdf(synthetic)))
        for label, markup, pdf in documents:
            source = text_layer.html_text(markup)
            plain, layout = (text_layer.pdftotext(pdf, layout=flag) for flag in (False, True))
            row = rows.setdefault(label, {})
            row[phase] = (text_layer.run_share(plain, source), text_layer.run_share(layout, source))
            if label == "synthetic page":
                row[phase + " syllables"] = text_layer.syllable_mismatch(plain, tokens)

    print(f"  {'document':28} {'before: default':>24} {'-layout':>24} | {'after: default':>24} {'-layout':>24}")
    worst = 0.0
    for label, row in rows.items():
        (b_plain, b_layout), (a_plain, a_layout) = row["before"], row["after"]
        worst = max(worst, a_plain.percent, a_layout.percent)
        print(f"  {label:28} {str(b_plain):>24} {str(b_layout):>24} | {str(a_plain):>24} {str(a_layout):>24}")
        if "after syllables" in row:
            print(f"  {'  syllables exact, in order':28} {str(row['before syllables']):>24} {'':>24} | "
                  f"{str(row['after syllables']):>24}")
            worst = max(worst, row["after syllables"].percent)
        if args.show:
            for phase in ("before", "after"):
                print(f"      {phase}: {row[phase][0].examples} | -layout {row[phase][1].examples}")
    print(f"  worst after: {worst:.2f} % -> {'met' if worst <= text_layer.GOAL_PERCENT else 'MISSED'}")

    if args.timing:
        seen = []
        from ita_portal import pdf as pdf_module

        real = pdf_module.html_to_pdf
        pdf_module.html_to_pdf = lambda markup: seen.append(markup) or real(markup)
        client.get(text_layer.seed_models()[0][1].objects.order_by("pk").first().get_pdf_url())
        pdf_module.html_to_pdf = real
        times = {"without": [], "with": []}
        cpu = {"without": [], "with": []}
        for _ in range(args.timing + 1):  # the first round warms up
            for mode in ("without", "with"):
                pdf_actualtext.uninstall() if mode == "without" else pdf_actualtext.install()
                start, start_cpu = time.perf_counter(), time.process_time()
                html_to_pdf(seen[0])
                times[mode].append(time.perf_counter() - start)
                cpu[mode].append(time.process_time() - start_cpu)
        for name, series in (("wall", times), ("CPU", cpu)):
            without, with_ = (statistics.median(series[m][1:]) for m in ("without", "with"))
            print(f"  seed-000 render, {args.timing} alternating runs, median {name} time: without {without:.3f} s, "
                  f"with {with_:.3f} s, ratio {with_ / without:.3f}")


if __name__ == "__main__":
    main()
