"""Account pages that differ from ``django.contrib.auth.urls``: the password-reset request.

Django's other account pages (sign-in, sign-out, password change, the reset link) are used as
they are, with the Thai templates under ``templates/registration/``.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from ita_portal.accounts import client_address, password_reset_mail_allowed, send_password_reset_mail


class PasswordResetView(auth_views.PasswordResetView):
    """ขอตั้งรหัสผ่านใหม่: Django's page, but the mail is sent by the task worker.

    A valid address is counted (``password_reset_mail_allowed``) and, within the limits, a
    ``send_password_reset_mail`` task is enqueued — the same for a registered and an unknown
    address; then the same "if the address is registered you will receive a mail" page,
    also when the request was over a limit.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if password_reset_mail_allowed(email, client_address(self.request)):
            send_password_reset_mail.enqueue(
                email=email, domain=self.request.get_host(), use_https=self.request.is_secure()
            )
        return HttpResponseRedirect(self.get_success_url())
