"""Rate limits of /track/ behind a reverse proxy, and counts shared by all server processes."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from consult import throttle

REDIS_TEST_URL = "redis://127.0.0.1:6379/4"
PROXY = "127.0.0.1"


@pytest.fixture
def low_track_limit(settings):
    settings.RATELIMIT_TRACK_LIMIT = 3
    settings.RATELIMIT_TRACK_WINDOW = 600


def _fail_track(client, **meta):
    return client.post("/track/", {"code": "ZZZZZZZZ", "secret": "WRONG"}, **meta).status_code


def test_one_client_behind_trusted_proxy_does_not_block_another(demo, settings, low_track_limit):
    settings.TRUSTED_PROXIES = [PROXY]
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    client = Client()
    assert [_fail_track(client, **first) for _ in range(3)] == [400, 400, 400]
    assert _fail_track(client, **first) == 429
    assert _fail_track(client, **second) == 400


def test_client_cannot_escape_the_limit_by_adding_forwarded_addresses(
    demo, settings, low_track_limit
):
    settings.TRUSTED_PROXIES = [PROXY]
    client = Client()
    for n in range(3):
        # The proxy appends the address it saw; what the client wrote stands to the left.
        header = f"10.9.9.{n}, 198.51.100.7"
        assert _fail_track(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header) == 400
    assert (
        _fail_track(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7") == 429
    )


def test_forwarded_header_from_an_untrusted_peer_is_ignored(demo, settings, low_track_limit):
    settings.TRUSTED_PROXIES = []
    client = Client()
    for n in range(3):
        meta = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert _fail_track(client, **meta) == 400
    meta = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "198.51.100.200"}
    assert _fail_track(client, **meta) == 429


def test_trusted_proxies_may_be_networks(settings, rf):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.3, 10.4.5.6")
    assert throttle.client_address(request) == "198.51.100.3"


def test_cache_keys_do_not_contain_the_address():
    assert "198.51.100.1" not in throttle.key_for("track", "198.51.100.1")


def test_bad_trusted_proxy_setting_stops_the_start(monkeypatch):
    from consult.settings import env_networks

    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, proxy.example.com")
    with pytest.raises(ImproperlyConfigured):
        env_networks("TRUSTED_PROXIES")


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (required when CI is set)")


def test_two_workers_share_one_count_in_redis(demo, settings, monkeypatch, low_track_limit):
    _redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}"
    # Two cache clients of their own, as two gunicorn workers would have.
    worker_a = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": prefix})
    worker_b = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": prefix})
    meta = {"REMOTE_ADDR": "203.0.113.50"}
    try:
        for worker in (worker_a, worker_b, worker_a):
            monkeypatch.setattr(throttle, "_cache", lambda w=worker: w)
            assert _fail_track(Client(), **meta) == 400
        monkeypatch.setattr(throttle, "_cache", lambda: worker_b)
        assert _fail_track(Client(), **meta) == 429
    finally:
        worker_a.delete_many([throttle.key_for("grievances-track", "203.0.113.50")])
