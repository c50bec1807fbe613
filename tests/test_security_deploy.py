"""Deployment checks: ``check --deploy`` with production settings has no
warnings, responses carry Content-Security-Policy and nosniff, and no template has inline
script that the policy would block."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-key-for-the-deploy-check-" + "x" * 24,
    "ALLOWED_HOSTS": "ita.example.go.th",
    "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_check_deploy_has_no_warnings_with_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_responses_carry_the_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I):
            attrs, body = m.groups()
            if "src=" not in attrs or body.strip():
                offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text, re.I) or "javascript:" in text.lower():
            offenders.append(f"{path}: event handler attribute or javascript: URL")
    assert offenders == []
