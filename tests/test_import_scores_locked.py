"""``import_ita_scores`` never changes a result submitted to the director (rule "a submitted
or approved document is locked"): it stops with a Thai reason (a ``CommandError``, no
traceback) and saves nothing — neither the locked result's scores nor any other row of the
file, also when the result is submitted between the command's check and its write."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import IndicatorScore, ITAResult
from ita_portal import transitions
from ita_portal.models import Organization
from ita_portal.workflow import SUBMITTED_MESSAGE
from tests.assessments_fixtures import _framework_ids, frameworks, seed_002  # noqa: F401
from tests.conftest import Cast

HEADER = "organization,fiscal_year,1,2,3,4,5,6,7,8,9,9.1,9.2,9.3,9.4,9.5,10,10.1,10.2"
# seed 002's scores with indicator 1 changed from 98.10 to 50.00
TAK2 = "spp-tak-2,2566,50.00,93.51,90.85,91.39,90.23,94.41,94.29,92.41,95.00,100,100,100,100,75,100,100,100"
OTHER = TAK2.replace("spp-tak-2", "spp-other-1")


@pytest.fixture
def submitted(seed_002):
    transitions.submit(seed_002, by=Cast(seed_002.organization).supervisor)
    seed_002.refresh_from_db()
    assert seed_002.status == "submitted"
    assert Organization.objects.filter(code="spp-other-1").exists()  # the cast's other office
    return seed_002


def _scores(result) -> list:
    return sorted(IndicatorScore.objects.filter(result=result).values_list("indicator__number", "score"))


def _file(tmp_path, *rows):
    path = tmp_path / "scores.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8-sig")
    return str(path)


def test_a_submitted_result_is_refused_with_its_status_and_nothing_is_saved(tmp_path, submitted):
    before = _scores(submitted)
    with pytest.raises(CommandError) as exc:
        call_command("import_ita_scores", _file(tmp_path, OTHER, TAK2))
    assert "ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ)" in str(exc.value)
    assert "แถวที่ 3: ผลการประเมินของ" in str(exc.value) and "“เสนอผู้อำนวยการแล้ว” จึงแก้ไขคะแนนไม่ได้" in str(exc.value)
    assert _scores(submitted) == before
    assert not ITAResult.objects.filter(organization__code="spp-other-1").exists()


def test_a_result_submitted_after_the_check_is_refused_by_the_lock_and_the_import_rolls_back(tmp_path, submitted, monkeypatch):
    # As if the supervisor submitted between import_scores' status check and its write.
    monkeypatch.setattr(ITAResult, "is_editable", property(lambda self: True))
    before = _scores(submitted)
    with pytest.raises(CommandError) as exc:
        call_command("import_ita_scores", _file(tmp_path, OTHER, TAK2))
    assert "ไม่ได้นำเข้า (ไม่มีการบันทึกใด ๆ)" in str(exc.value) and SUBMITTED_MESSAGE in str(exc.value)
    assert _scores(submitted) == before
    assert not ITAResult.objects.filter(organization__code="spp-other-1").exists()  # the row before it too
