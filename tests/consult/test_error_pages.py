"""With the database down every page answers our own 503 page (not Django's bare English
"Server Error (500)"), in the reader's language, saying nothing was saved and to try again
later, with Retry-After; any other server error answers our own 500 page (issue 19, point 6).

The database is made unreachable for real: each case runs the whole stack (settings, every
middleware, the URL's view) in a fresh process whose DATABASE_URL points at a PostgreSQL port
nobody listens on, or at an SQLite file in a folder that does not exist; production settings
(DEBUG=0, the hashed static manifest). These run the same on the SQLite and PostgreSQL runs.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

UNREACHABLE = {
    "postgresql": "postgres://postgres@127.0.0.1:9/consult?connect_timeout=3",
    "sqlite": "sqlite:////nonexistent-folder-of-consult/db.sqlite3",
}

_REQUEST = """
import json, sys
import django
django.setup()
from django.test import Client
method, path, language, session, data = sys.argv[1:6]
client = Client(raise_request_exception=False)
if language:
    client.cookies["django_language"] = language
if session:
    client.cookies["sessionid"] = session
response = getattr(client, method)(path, json.loads(data) or None)
print(json.dumps({
    "status": response.status_code,
    "retry_after": response.headers.get("Retry-After"),
    "content_type": response.headers.get("Content-Type"),
    "body": response.content.decode(),
}))
"""


def _request(
    database: str, static_root, method="get", path="/s/demo/", language="", session="", data=None
):
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE[database],
        "DJANGO_SETTINGS_MODULE": "consult.settings",
        "DEBUG": "0",
        "SECRET_KEY": "error-page-test-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(static_root),
        "REDIS_URL": "",
        "CACHE_URL": "",
        "LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(
        [sys.executable, "-c", _REQUEST, method, path, language, session, json.dumps(data)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def static_root(collected_static):
    return collected_static


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_the_public_page_answers_503_in_chinese_when_the_database_is_down(database, static_root):
    answer = _request(database, static_root)
    assert answer["status"] == 503
    assert answer["retry_after"] == "60"
    body = answer["body"]
    assert "Server Error (500)" not in body
    assert '<html lang="zh-hans">' in body
    assert "服务暂时不可用" in body and "未保存" in body and "稍后再试" in body
    # Static CSS from the hashed manifest, no inline script.
    assert "/static/consult/app." in body and "<script" not in body


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_the_reader_who_chose_english_reads_it_in_english(database, static_root):
    answer = _request(database, static_root, language="en")
    assert answer["status"] == 503
    body = answer["body"]
    assert '<html lang="en">' in body
    assert "Nothing was saved" in body and "try again" in body
    assert "服务暂时不可用" not in body


@pytest.mark.parametrize(
    ("method", "path", "session", "data"),
    [
        # An anonymous submission: nothing is kept.
        ("post", "/s/demo/submit/", "", {"kind": "grievance", "content": "食堂饭菜价格偏高"}),
        ("get", "/e/demo/grievances/", "a-session-key-the-database-cannot-check", None),
        ("post", "/track/", "", {"code": "ABCDEFGH", "secret": "A" * 26}),
    ],
)
def test_every_kind_of_page_answers_503_not_the_bare_500(method, path, session, data, static_root):
    answer = _request("sqlite", static_root, method=method, path=path, session=session, data=data)
    assert answer["status"] == 503, answer["body"][:300]
    assert "服务暂时不可用" in answer["body"]


def _broken(request):
    raise RuntimeError("a bug")


# This module is the URL configuration of the last test: one page with a bug.
urlpatterns = [path("broken/", _broken)]
handler500 = "consult.errors.server_error"


@pytest.mark.django_db
def test_any_other_server_error_answers_our_own_500_page(production_static, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Server Error (500)" not in body
    assert "Something went wrong on the server" in body and "Nothing was saved" in body
    assert "Retry-After" not in response.headers
    chinese = Client(raise_request_exception=False).get("/broken/")
    assert chinese.status_code == 500 and "服务器出错" in chinese.content.decode()
