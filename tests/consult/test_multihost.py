"""Several app hosts, proven together (issue 22 point 2): bench/multihost.py starts two gunicorn
hosts behind a small proxy, sharing PostgreSQL, Redis and the S3 server, and every one of its
checks passes. Runs where the suite runs on PostgreSQL with Redis (CI's second run); about a
minute. Its database is DATABASE_URL's name + `_hosts` (or MULTIHOST_DATABASE_URL), its Redis
database MULTIHOST_REDIS_URL or REDIS_URL's, which it empties."""

import os
import urllib.parse

import pytest
from django.db import connection

from bench import multihost

pytestmark = [
    pytest.mark.multihost,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL and Redis, as several hosts do",
    ),
]


def _hosts_database() -> str:
    if os.environ.get("MULTIHOST_DATABASE_URL"):
        return os.environ["MULTIHOST_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_hosts"))


def test_two_hosts_share_files_sessions_limits_outbox_and_cache():
    lines: list[str] = []
    redis_url = os.environ.get("MULTIHOST_REDIS_URL") or os.environ["REDIS_URL"]
    with multihost.Cluster(
        database_url=_hosts_database(), redis_url=redis_url, without=set(), log=lines.append
    ) as cluster:
        failures = multihost.run_checks(cluster, log=lines.append)
    assert set(failures) == {check.__name__.removeprefix("check_") for check in multihost.CHECKS}
    assert not any(failures.values()), "\n".join(lines)
    assert cluster.proxy.served[0] and cluster.proxy.served[1]
