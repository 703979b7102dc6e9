"""Keys of the HTML fragments kept in Django's cache with `{% cache %}` (the enterprise menu,
the staff list's empty filter form; issue 22 point 5).

A key is made of what the fragment shows (the caller's parts) and of the moment this process
started: a fragment cached by the code before an upgrade is never shown by the code after it,
whatever the cache (Redis keeps entries across a restart). Each process warms its own copies,
one miss per key and timeout.
"""

import hashlib
import time

_STARTED = str(time.time_ns())


def fragment_key(*parts: object) -> str:
    """A short key for `parts` (their text), valid for this process only."""
    made_of = "\x1f".join(str(part) for part in parts)
    digest = hashlib.blake2b(made_of.encode(), digest_size=16).hexdigest()
    return f"{_STARTED}:{digest}"
