"""Sign-in and password-reset protections: the client's address behind the reverse proxy,
the password-reset mail throttle and the task that sends the reset mail.

* ``client_address`` is django-axes' ``AXES_CLIENT_IP_CALLABLE``: behind
  ``TRUSTED_PROXY_COUNT`` proxies the client is the address the outermost proxy added to
  ``X-Forwarded-For``, so failed sign-ins lock the stranger's address, never the proxy's
  (which every user shares).
* ``password_reset_mail_allowed`` counts reset requests in Django's cache, per typed e-mail
  address and per client address, in a fixed window.
* ``send_password_reset_mail`` runs in the task worker (``manage.py db_worker``): the request
  only counts and enqueues, the same work for a registered and an unknown address, so neither
  the answer nor its timing tells whether an address has an account.
"""

from __future__ import annotations

import hashlib
import ipaddress
import unicodedata

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.tasks import task


def client_address(request) -> str:
    """The address of the client that sent ``request``, as a string.

    Rule "client address from the trusted proxy only": with ``settings.TRUSTED_PROXY_COUNT``
    = 0 (no proxy) it is ``REMOTE_ADDR`` and ``X-Forwarded-For`` is ignored (a client can
    write anything there). With N > 0 proxies each proxy appends the address it received the
    request from, so the N-th address from the right of ``X-Forwarded-For`` is the one the
    outermost proxy saw; addresses further left were written by the client and are ignored.
    A header with fewer than N addresses, or a malformed one, gives ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


def _address_key(email: str) -> str:
    # Django matches reset addresses case-insensitively after NFKC (PasswordResetForm); the
    # counter does the same. Hashed: no address is kept in the cache, and any key is valid.
    normalised = unicodedata.normalize("NFKC", email.strip()).casefold()
    return "password-reset:address:" + hashlib.sha256(normalised.encode()).hexdigest()


def _count(key: str, window: int) -> int:
    """Add one to the counter ``key`` (created for ``window`` seconds) and return it."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def password_reset_mail_allowed(email: str, client: str) -> bool:
    """Count one password-reset request for ``email`` from ``client`` (an address); return
    whether a reset mail may be sent.

    Rule "no mail bombing through password reset": at most
    ``settings.PASSWORD_RESET_MAILS_PER_CLIENT`` requests from one client address and
    ``settings.PASSWORD_RESET_MAILS_PER_ADDRESS`` mails to one e-mail address per
    ``settings.PASSWORD_RESET_WINDOW`` seconds (a fixed window from the first request).
    Counted whether or not the address has an account, so the count tells nothing; a
    request refused by the client limit does not use up the e-mail address's allowance.
    The counters live in Django's cache (per process without ``REDIS_URL``, shared with it).
    """
    window = settings.PASSWORD_RESET_WINDOW
    if _count(f"password-reset:client:{client}", window) > settings.PASSWORD_RESET_MAILS_PER_CLIENT:
        return False
    return _count(_address_key(email), window) <= settings.PASSWORD_RESET_MAILS_PER_ADDRESS


@task
def send_password_reset_mail(*, email: str, domain: str, use_https: bool) -> None:
    """Send the password-reset mail (``registration/password_reset_email.html``) to every
    active account with a usable password whose address is ``email``; nothing for an
    unknown address. Links point to ``domain`` (the host the request was made to) over
    https when ``use_https``.

    Run by the task worker, not in the request (rule "reset answers tell nothing"): Django's
    own reset view looks the address up and renders and sends the mail inside the request,
    which makes a registered address measurably slower to answer.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
