"""Load the seed documents in ``fixtures/`` (real documents transcribed as data).

A seed file is JSON with ``organizations`` and one top-level section per kind of data
(``projects``, ``action_plans``, ``frameworks`` …). The core loads the organizations; each
app registers a loader for its own sections from its ``AppConfig.ready()`` with
``register_section``. Every row goes through ``full_clean()``, so a fixture obeys the same
rules as a user's input, and a file loads whole or not at all. Loading again updates the
documents a file names in place, so their URLs stay the same.

Conventions of the files: amounts and quantities are strings of Arabic digits (baht);
months are ``"BBBB-MM"`` with a Buddhist Era year; multi-line texts are lists of lines.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ita_portal import thai
from ita_portal.models import Organization

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
ORGANIZATION_FIELDS = (
    "name",
    "short_name",
    "parent_body",
    "ministry",
    "address",
    "director_name",
    "director_position",
    "default_digit_system",
)


class SeedError(ValueError):
    """A seed file that cannot be loaded; the message names the file and the row."""


def seed_files() -> list[Path]:
    """Every seed file in ``fixtures/``, in name order."""
    return sorted(FIXTURES_DIR.glob("seed_*.json"))


def parse_month(value: str) -> datetime.date:
    """``"2563-02"`` (BE year-month) → ``date(2020, 2, 1)``. Raises ``SeedError`` otherwise."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(thai.ce_year(year), month, 1)
    except (ValueError, AttributeError) as exc:
        raise SeedError(f"month {value!r} is not BBBB-MM (Buddhist Era)") from exc


def _lines(value) -> str:
    return "\n".join(value) if isinstance(value, list) else (value or "")


def _save(obj, where: str):
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise SeedError(f"{where}: {exc.message_dict}") from exc
    obj.save()
    return obj


@transaction.atomic
def load_seed(path: Path) -> dict:
    """Load one seed file; return ``{"organizations": [...], "documents": [...], "data": {...}}``.

    ``documents`` lists what the section loaders returned, in the order of their
    registration. Raises ``SeedError`` (and saves nothing) when any row breaks a rule.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    organizations = {}
    for row in data.get("organizations", []):
        org, _ = Organization.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
        for field in ORGANIZATION_FIELDS:
            setattr(org, field, row.get(field, ""))
        organizations[org.code] = _save(org, f"{path.name}: organization {org.code}")
    documents = []
    for key, loader in SECTION_LOADERS.items():
        if key in data:
            documents.extend(loader(path, data[key], organizations))
    return {"organizations": list(organizations.values()), "documents": documents, "data": data}


# Apps add loaders for their own top-level keys with ``register_section``; each gets
# (path, rows, {code: Organization}) and returns the documents it loaded, each with
# ``get_absolute_url()`` and ``str()``, for load_demo to publish and list.
SECTION_LOADERS: dict = {}


def register_section(key: str, loader) -> None:
    """Register ``loader(path, rows, organizations) -> list`` for seed files' top-level ``key``."""
    SECTION_LOADERS[key] = loader


def source_notes(rows, organization: Organization, where: str) -> list[dict]:
    """A seed document's ``source_notes`` (``WorkflowDocument.source_notes``) from its
    file's ``source_notes`` rows ``{"where", "source", "printed"}``: what the source said
    and what the portal prints instead. ``printed`` may name the organization's record as
    ``{name}``, ``{short_name}``, ``{director_name}`` or ``{director_title}``, so that it
    says what the portal derives. Raises ``SeedError`` on a row without ``where`` or
    ``source``."""
    notes = []
    fields = {
        "name": organization.name, "short_name": organization.short_name,
        "director_name": organization.director_name, "director_title": organization.director_title,
    }
    for n, row in enumerate(rows or [], 1):
        if not row.get("where") or "source" not in row:
            raise SeedError(f"{where}: source note {n} needs 'where' and 'source'")
        notes.append({"where": row["where"], "source": row["source"], "printed": row.get("printed", "").format(**fields)})
    return notes


def signer(row: dict, organization: Organization, where: str, notes: list, *, name: str = "name", position: str = "position") -> tuple[str, str]:
    """``(name, position)`` a seed signature prints. With ``"signer": "director"`` both are
    the organization's director from its record (``Organization.director_title``), whatever
    the source printed; the source's own words (``"source_<name>"``, ``"source_<position>"``)
    are appended to ``notes`` (stored form of ``SourceNote``) under ``where`` where they
    differ. Without it, the row's own ``name`` and ``position``."""
    if row.get("signer") == "director":
        printed = (organization.director_name, organization.director_title)
    else:
        printed = (row.get(name, ""), row.get(position, ""))
    source = (row.get(f"source_{name}", printed[0]), row.get(f"source_{position}", printed[1]))
    if source != printed:
        notes.append({
            "where": where,
            "source": f"({source[0]}) {source[1]}".strip(),
            "printed": f"({printed[0]}) {printed[1]}".strip(),
        })
    return printed
