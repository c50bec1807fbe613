"""Settings of a test run (pytest.ini's ``DJANGO_SETTINGS_MODULE``): the portal's settings
with ``DEBUG`` on unless the environment says otherwise.

``DEBUG`` defaults to off in ``ita_portal.settings`` (a forgotten variable must not serve the
debug page); the tests are a development run — plain static files, no HTTPS redirect, the
console mail backend, which the test runner replaces with its in-memory mailbox. Setting the
variable here (not only in ``scripts/test.sh``) keeps ``python -m pytest tests/…`` working,
and child processes started by the tests inherit it.
"""

import os

os.environ.setdefault("DEBUG", "1")

from ita_portal.settings import *  # noqa: E402,F403

# The evidence link checks of the tests reach only the local HTTP servers the tests start.
EVIDENCE_LINK_ALLOWED_HOSTS = ["127.0.0.1"]
