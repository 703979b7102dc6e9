"""Reports read from a replica (issue 22 point 3): with DATABASE_REPLICA_URL set, the ledger's
pages and exports, the archive and the federation's assessment read from the `replica`
database (a PostgreSQL streaming replica), so that a year's figures do not load the primary
while people work. Nothing is ever written there; everything else reads the primary.

`ReplicaRouter` (settings.DATABASE_ROUTERS) sends a read to the replica only inside
`reading_reports()` (the `reports_from_replica` view decorator), only when the replica is
configured and REPLICA_FOR_REPORTS is on, and never while the primary is inside a transaction
(a report taken in the middle of a write must see the write). Who may read a report is decided on
the primary before the report starts: a role withdrawn a moment ago must not linger on a replica
that lags behind. The tests run with the replica pointing at the primary (Django's test MIRROR;
tests/conftest.py).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reports = contextvars.ContextVar("reading_reports", default=False)


@contextmanager
def reading_reports() -> Iterator[None]:
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


def _streamed(chunks) -> Iterator[bytes]:
    """A streamed response's chunks, each produced inside reading_reports (the archive is
    written after the view returned)."""
    iterator = iter(chunks)
    while True:
        with reading_reports():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


def reports_from_replica(view):
    """The view's reads go to the replica; the reader's access is read on the primary first."""
    from consult.access import user_access

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        user_access(request.user)  # kept for the request, read from the primary
        with reading_reports():
            response = view(request, *args, **kwargs)
        if getattr(response, "streaming", False):
            response.streaming_content = _streamed(response.streaming_content)
        return response

    return wrapped


def replica_in_use() -> bool:
    return (
        _reports.get()
        and settings.REPLICA_FOR_REPORTS
        and REPLICA in connections.settings
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """None leaves a choice to Django (the primary, or the database an object came from)."""

    def db_for_read(self, model, **hints):
        return REPLICA if replica_in_use() else None

    def db_for_write(self, model, **hints):
        # Never the replica, not even for an object read from it.
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True if REPLICA in {obj1._state.db, obj2._state.db} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
