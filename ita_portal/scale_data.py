"""National-scale generated data: every OBEC office with several fiscal years of documents.

``generate(offices=245, years=5)`` creates the offices, each with 3 members (supervisor,
director, viewer); each app adds its documents for every office and each of the last
``years`` fiscal years up to the current one through a part it registers with
``register_scale_part`` in its ``AppConfig.ready()``.

Parts run in the order they were registered (the order of ``INSTALLED_APPS``), on the same
chunk of offices and with the same random generator: a part may read the rows the parts
before it wrote, and the same seed gives the same data. Rows are written with
``bulk_create`` in batches, a chunk of offices per transaction: no ``save()``, no
``full_clean()``, no signals — and therefore no django-simple-history rows for generated
data (there is no edit history to show for it). Generated documents are written whole,
approved ones included, through each model's base manager.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ita_portal import thai
from ita_portal.models import Membership, Organization

CODE_PREFIX = "scale-"
PRIMARY_OFFICES = 183  # สพป. (the other 62 of OBEC's 245 offices are สพม.)
ROLES = (Membership.Role.SUPERVISOR, Membership.Role.DIRECTOR, Membership.Role.VIEWER)

PROVINCES = (
    "กรุงเทพมหานคร กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท ชัยภูมิ ชุมพร "
    "เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช นครสวรรค์ นนทบุรี "
    "นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา พะเยา พังงา "
    "พัทลุง พิจิตร พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด "
    "ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง ลำพูน เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม "
    "สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี สุโขทัย สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง "
    "อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี"
).split()
FIRST_NAMES = ("นางสาวธนพร", "นายสมชาย", "นางวิไลวรรณ", "นายประเสริฐ", "นางสาวกนกวรรณ", "นายวีระ", "นางพรทิพย์", "นายสุรชัย")
LAST_NAMES = ("มาใหม่", "ใจดี", "ศรีสุข", "พรหมจันทร์", "บุญมา", "แก้วมณี", "ทองดี", "สุขสวัสดิ์")


class ScaleDataError(RuntimeError):
    """The data cannot be generated here (e.g. it is already present); the message says why."""


@dataclass(frozen=True)
class ScalePart:
    """One app's share of the generated data.

    ``write(run, organizations, members)`` writes the app's rows for a chunk of new offices
    (``members``: {organization id: {role: user}}); ``prepare(run)``, if given, runs once
    before the offices are created (e.g. to find the reference data the rows point to).
    """

    name: str
    write: Callable
    prepare: Callable | None = None


SCALE_PARTS: dict[str, ScalePart] = {}


def register_scale_part(name: str, write: Callable, *, prepare: Callable | None = None) -> None:
    """Register an app's part of the generated data under ``name`` (see ``ScalePart``)."""
    SCALE_PARTS[name] = ScalePart(name, write, prepare)


class ScaleRun:
    """What every part shares: the random generator, the fiscal years, the row counts, the
    progress output, and ``state`` for what a part's ``prepare`` hands to its ``write``."""

    def __init__(self, *, rng: random.Random, fiscal_years: list[int], counts: Counter, out):
        self.rng = rng
        self.fiscal_years = fiscal_years
        self.current_fy = fiscal_years[-1]
        self.current_quarter = thai.fiscal_quarter(timezone.localdate())
        self.counts = counts
        self.out = out
        self.state: dict = {}
        self._fixtures: dict = {}

    def bulk(self, model, rows: list, batch_size: int = 2000) -> list:
        """Insert ``rows`` and count them under the model's name."""
        created = model._base_manager.bulk_create(rows, batch_size=batch_size)
        self.counts[model.__name__] += len(created)
        return created

    def fixture(self, name: str) -> dict:
        """``fixtures/<name>`` parsed (read once per run); real texts for generated rows."""
        if name not in self._fixtures:
            path = Path(settings.BASE_DIR) / "fixtures" / name
            self._fixtures[name] = json.loads(path.read_text(encoding="utf-8"))
        return self._fixtures[name]


def generate(*, offices: int, years: int, seed: int = 0, password: str, out=None, chunk_offices: int = 10) -> Counter:
    """Generate the offices, their members and every registered part's rows; return row
    counts per model.

    ``out`` (a callable taking one line) receives progress lines. Raises ``ScaleDataError``
    when generated offices already exist (use a fresh database).
    """
    out = out or (lambda line: None)
    if offices < 1 or years < 1:
        raise ScaleDataError("offices and years must be at least 1")
    if Organization.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise ScaleDataError(f"generated offices ({CODE_PREFIX}…) already exist; use a fresh database")
    started = time.perf_counter()
    counts: Counter = Counter()
    current_fy = thai.fiscal_year(timezone.localdate())
    run = ScaleRun(rng=random.Random(seed), fiscal_years=list(range(current_fy - years + 1, current_fy + 1)), counts=counts, out=out)
    parts = list(SCALE_PARTS.values())
    for part in parts:
        if part.prepare is not None:
            part.prepare(run)

    with transaction.atomic():
        organizations = _organizations(offices)
        counts["Organization"] += len(organizations)
        members = _members(organizations, make_password(password))  # hashed once: ~0.3 s, not 735 × 0.3 s
        counts["User"] += len(members) * len(ROLES)
        counts["Membership"] += len(members) * len(ROLES)
    out(f"[{time.perf_counter() - started:6.1f} s] {offices} offices, {counts['User']} users")

    for start in range(0, len(organizations), chunk_offices):
        chunk = organizations[start : start + chunk_offices]
        with transaction.atomic():
            for part in parts:
                part.write(run, chunk, members)
        done = start + len(chunk)
        out(f"[{time.perf_counter() - started:6.1f} s] offices {done}/{offices}: {sum(counts.values()):,} rows")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _organizations(count: int) -> list[Organization]:
    rows = []
    for i in range(count):
        primary = i < PRIMARY_OFFICES
        kind, long_kind = ("spp", "ประถมศึกษา") if primary else ("spm", "มัธยมศึกษา")
        n = i if primary else i - PRIMARY_OFFICES
        province, area = PROVINCES[n % len(PROVINCES)], n // len(PROVINCES) + 1
        short_kind = "สพป." if primary else "สพม."
        rows.append(
            Organization(
                code=f"{CODE_PREFIX}{kind}-{n + 1:03d}",
                name=f"สำนักงานเขตพื้นที่การศึกษา{long_kind}{province} เขต {thai.to_thai_digits(area)}",
                short_name=f"{short_kind}{province} เขต {thai.to_thai_digits(area)}",
                parent_body="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
                ministry="กระทรวงศึกษาธิการ",
                address=f"ถนนราชดำเนิน อำเภอเมือง จังหวัด{province}",
                director_name=f"{FIRST_NAMES[i % 8]} {LAST_NAMES[(i // 8) % 8]}",
                default_digit_system=thai.THAI,
            )
        )
    return Organization.objects.bulk_create(rows, batch_size=500)


def _members(organizations: list[Organization], password_hash: str) -> dict:
    """{organization id: {role: user}}: ``<code>-supervisor``, ``-director``, ``-viewer``."""
    User = get_user_model()
    users = []
    for i, org in enumerate(organizations):
        for j, role in enumerate(ROLES):
            users.append(
                User(
                    username=f"{org.code}-{role}",
                    email=f"{org.code}-{role}@example.invalid",
                    first_name=FIRST_NAMES[(i + j) % 8],
                    last_name=LAST_NAMES[(i + 3 * j) % 8],
                    password=password_hash,
                )
            )
    users = User.objects.bulk_create(users, batch_size=1000)
    members, rows = {}, []
    for k, user in enumerate(users):
        org, role = organizations[k // len(ROLES)], ROLES[k % len(ROLES)]
        members.setdefault(org.pk, {})[role] = user
        position = "ศึกษานิเทศก์" if role == Membership.Role.SUPERVISOR else ""
        rows.append(Membership(user=user, organization=org, role=role, position=position))
    Membership.objects.bulk_create(rows, batch_size=1000)
    return members


def joined(value) -> str:
    """A fixture's multi-line text (a list of lines) as one text."""
    return "\n".join(value) if isinstance(value, list) else (value or "")


def moment(fy: int, quarter: int, days: int = 0) -> datetime.datetime:
    """An aware moment near the end of ``quarter`` of fiscal year ``fy`` (BE)."""
    last_month = thai.quarter_months(fy, quarter)[-1]
    return datetime.datetime.combine(last_month.replace(day=20), datetime.time(10), tzinfo=datetime.UTC) + datetime.timedelta(days=days)
