"""The Django admin never bypasses the workflow: for every registered document kind
(``ita_portal.kinds.all_kinds()``) the add and change pages show the status and the
approval record read-only, and a change post that says ``status=approved`` leaves the
document as it was (rule: status changes only through the workflow service).

The world (``tests.security_world``) holds one draft of every kind; each test runs in a
rolled-back savepoint.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ita_portal import kinds
from tests.forms import form_data
from tests.security_world import world_fixtures

KINDS = [pytest.param(kind.slug, id=kind.slug) for kind in kinds.all_kinds()]


world, media_root, savepoint = world_fixtures("admin-media")


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("slug", KINDS)
def test_the_admin_shows_a_documents_status_read_only_and_never_changes_it(savepoint, client, slug):
    kind = kinds.get(slug)
    document = kind.model.objects.order_by("pk").first()
    assert document is not None, f"the seed world holds no {kind.model.__name__}"
    client.force_login(savepoint.cast.superuser)

    add = client.get(_admin_url(kind.model, "add"))
    assert add.status_code == 200 and 'name="status"' not in add.text

    page = client.get(_admin_url(kind.model, "change", document.pk))
    assert page.status_code == 200
    assert 'name="status"' not in page.text, f"{slug}: the admin offers the status for editing"
    assert "approved_pdf_sha256" not in form_data(page)
    data = form_data(page)
    data.update({"status": "approved", "approved_pdf_sha256": "0" * 64, "_save": "บันทึก"})
    client.post(_admin_url(kind.model, "change", document.pk), data)
    stored = kind.model._base_manager.get(pk=document.pk)
    assert (stored.status, stored.approved_pdf_sha256, stored.approved_pdf.name) == ("draft", "", "")


@pytest.mark.parametrize("slug", KINDS)
def test_the_admin_history_cannot_revert_a_documents_status(savepoint, client, slug):
    kind = kinds.get(slug)
    document = kind.model.objects.order_by("pk").first()
    record = document.history.order_by("history_id").first()
    client.force_login(savepoint.cast.superuser)
    url = _admin_url(kind.model, "simple_history", document.pk, record.history_id)
    assert client.post(url, {"_save": "บันทึก"}).status_code == 403
