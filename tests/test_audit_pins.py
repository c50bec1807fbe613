"""scripts/audit_pins.py: the fallback vulnerability audit through PyPI's project JSON."""

import importlib.util
import io
import json
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "audit_pins.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("audit_pins", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pypi = {
        "django": {"info": {"version": "6.1.3"}, "vulnerabilities": []},
        "leaky": {"info": {"version": "2.0"}, "vulnerabilities": [{"id": "PYSEC-2099-1"}, {"id": "GHSA-xxxx"}]},
        "oldpin": {"info": {"version": "9.0"}, "vulnerabilities": []},
    }

    def urlopen(url, timeout):
        name = url.rstrip("/").split("/")[-2].lower()
        return io.BytesIO(json.dumps(pypi[name]).encode())

    monkeypatch.setattr(module.urllib.request, "urlopen", urlopen)
    return module


def _files(tmp_path, pins: str, accepted: str = ""):
    (tmp_path / "req.txt").write_text(pins)
    (tmp_path / "accepted.txt").write_text(accepted)
    return [str(tmp_path / "req.txt"), "--accepted", str(tmp_path / "accepted.txt")]


def test_a_clean_newest_pin_passes_and_an_older_pin_is_reported_not_audited(audit, tmp_path, capsys):
    assert audit.main(_files(tmp_path, "# direct\nDjango==6.1.3\noldpin==1.0  # old\n")) == 0
    out = capsys.readouterr().out
    assert "2 pins, 1 audited clean, 0 with known vulnerabilities, 1 not audited" in out
    assert "pinned 1.0, newest 9.0" in out


def test_a_known_vulnerability_fails_unless_every_id_is_accepted(audit, tmp_path, capsys):
    assert audit.main(_files(tmp_path, "leaky==2.0\n")) == 1
    assert "VULNERABLE" in capsys.readouterr().out
    assert audit.main(_files(tmp_path, "leaky==2.0\n", "PYSEC-2099-1  # no fix yet\n")) == 1
    assert audit.main(_files(tmp_path, "leaky==2.0\n", "PYSEC-2099-1  # no fix yet\nGHSA-xxxx  # not reachable\n")) == 0
