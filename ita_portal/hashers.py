"""The portal's password hasher: Argon2id at OWASP's minimum cost, so a sign-in surge fits the cores.

OWASP Password Storage Cheat Sheet ("Argon2id"): use Argon2id with a minimum of 19 MiB of
memory, an iteration count of 2 and 1 degree of parallelism (or an equivalent trade-off such
as 46 MiB, 1 iteration, 1 lane). Django's own ``Argon2PasswordHasher`` defaults to 100 MiB,
2 iterations and 8 lanes; on the portal's 2-core server that costs about 0.33 s of CPU a
hash, while OWASP's minimum costs about 44 ms (``bench/deadline.py`` measures both, and
PBKDF2's 0.9 s, in the same run; README "Passwords and sessions", docs/benchmarks.md).

The hash is stored as Django's ``argon2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>``, so
the algorithm name stays ``argon2``: Django's ``check_password`` re-hashes on the next
sign-in any password whose hash was made by another hasher (PBKDF2) or with other Argon2
parameters (``must_update``), as long as that hasher is still listed in ``PASSWORD_HASHERS``.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP Password Storage Cheat Sheet, Argon2id minimum (first of its equivalent settings).
OWASP_MIN_MEMORY_KIB = 19 * 1024  # 19 MiB, in KiB (Argon2's unit)
OWASP_MIN_TIME_COST = 2  # passes over the memory
OWASP_MIN_PARALLELISM = 1  # lanes


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with ``memory_cost`` 19,456 KiB (19 MiB), ``time_cost`` 2 passes and
    ``parallelism`` 1 lane: OWASP's minimum for Argon2id, about 44 ms of CPU and 19 MiB of
    memory a hash on the portal's server (one core; two sign-ins at once use both cores).

    Everything else (encoding, verification, upgrade of other parameters) is Django's
    ``Argon2PasswordHasher``."""

    memory_cost = OWASP_MIN_MEMORY_KIB
    time_cost = OWASP_MIN_TIME_COST
    parallelism = OWASP_MIN_PARALLELISM
