"""Helpers for the seed 001/003 tests: load the fixtures and compare a page's text with a seed."""

import html
import json
import re
from pathlib import Path

from django.conf import settings

from ita_portal import thai

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_001 = FIXTURES / "seed_001_phitsanulok1_action_plan_2564.json"
SEED_003 = FIXTURES / "seed_003_samutsakhon_calendar_2561.json"
SEED_001_TEXT = SEEDS / "001_a9ee2c1cbcf48ffa.txt"
SEED_003_TEXT = SEEDS / "003_d951fafa94d13f66.txt"
# Marks that are drawn (schedule bars, check marks), not printed as text.
DRAWN = {"←→", "✓", "-"}


def page_text(markup: str) -> str:
    """The visible text of an HTML page, without tags, whitespace or digit-system differences."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return squash(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", thai.to_arabic_digits(text))


def seed_tokens(path: Path, first_line: int = 1, last_line: int = 10**6):
    """Every whitespace-separated phrase of a seed file from ``first_line`` on, with list
    numbering ("1.", "1)", "๑.") stripped, as ``(line number, phrase)``."""
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not first_line <= n <= last_line:
            continue
        for token in line.split():
            token = re.sub(r"^(\d+[.)]|-)+", "", thai.to_arabic_digits(token)).strip()
            if token and token not in DRAWN:
                yield n, token


def variant_texts(fixture: Path) -> str:
    """The source's words the fixture documents as printed otherwise: its
    ``source_variants`` and every ``source_*`` value and ``source_notes`` source of its
    documents (what the portal lists for staff instead of printing)."""
    data = json.loads(fixture.read_text(encoding="utf-8"))
    words = [v["seed_text"] for v in data.get("source_variants", [])]

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key.startswith("source_") and isinstance(item, str):
                    words.extend([item, f"({item})"])  # a signer's name is printed in brackets
                elif key == "source_notes":
                    words.extend(note["source"] for note in item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk({k: v for k, v in data.items() if k not in ("source_variants", "source_errors")})
    return squash(" ".join(words))


def missing_phrases(seed: Path, fixture: Path, text: str, first_line: int = 1, last_line: int = 10**6) -> list:
    """Phrases of the seed found neither in ``text`` (squashed) nor among the fixture's
    documented source variants."""
    variants = variant_texts(fixture)
    return [(n, t) for n, t in seed_tokens(seed, first_line, last_line) if squash(t) not in text and squash(t) not in variants]


def publish(*documents):
    """Mark seed documents approved (published) without rendering their PDFs, as
    ``load_demo`` publishes them; the public pages then show them to anyone."""
    for document in documents:
        type(document).objects.filter(pk=document.pk).update(status="approved")
        document.status = "approved"
    return documents
