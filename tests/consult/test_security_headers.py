"""Headers and storage: a Content-Security-Policy everywhere, nothing cached for signed-in
people, sessions that end, uploads readable by the service only."""

import io
import os
import re
import stat
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from grievances.models import Attachment

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d for d in (part.strip() for part in header.split(";")) if d}


def test_every_kind_of_response_has_a_policy_without_inline_script(client, login, demo):
    responses = [
        client.get("/accounts/login/"),
        client.get("/s/demo/"),
        client.get("/track/"),
        client.get("/no-such-page/"),
        login("union_chair").get("/e/demo/"),
        login("admin_head").get("/admin/"),
    ]
    for response in responses:
        policy = _csp(response)
        assert policy["script-src"] == "script-src 'self'", response.request["PATH_INFO"]
        assert "frame-ancestors 'none'" in policy.values()


def test_pages_carry_no_inline_script_or_event_handler(client, login, demo):
    pages = [
        client.get("/accounts/login/"),
        client.get("/s/demo/"),
        client.get("/track/"),
        login("union_chair").get("/e/demo/"),
        login("union_staff").get("/e/demo/grievances/all/"),
        login("employee").get("/e/demo/grievances/new/"),
    ]
    for page in pages:
        html = page.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], page.request["PATH_INFO"]
        assert INLINE_HANDLER.findall(html) == [], page.request["PATH_INFO"]


def test_static_files_keep_their_cache_headers_and_get_the_policy(client, demo):
    response = client.get("/static/consult/language.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Content-Security-Policy" in response.headers


def test_pages_and_documents_of_signed_in_people_are_not_stored(login, demo):
    client = login("union_chair")
    for url in ("/e/demo/", "/e/demo/grievances/all/", "/e/demo/documents/summary_table.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    return out.getvalue()


def _token(client, url):
    return re.search(r'name="token" value="([0-9a-f]+)"', client.get(url).content.decode()).group(1)


def test_attachments_are_stored_0640_in_0750_folders_and_served_no_store(login, demo, settings):
    client = login("employee")
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "车间照明不足",
            "disclosure": "named",
            "token": _token(client, "/e/demo/grievances/new/"),
            "attachments": [SimpleUploadedFile("photo.jpg", _jpeg(), "image/jpeg")],
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    path = attachment.file.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    folder = Path(path).parent
    while folder != settings.MEDIA_ROOT.parent:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o750, folder
        folder = folder.parent
    url = f"/e/demo/grievances/{attachment.grievance_id}/attachments/{attachment.pk}/"
    download = client.get(url)
    assert download.status_code == 200
    assert "no-store" in download.headers["Cache-Control"]


def test_session_cookie_ends_with_the_browser(login, demo):
    client = login("employee")
    response = client.get("/e/demo/")
    cookie = response.cookies.get("sessionid") or client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_session_ends_after_the_idle_time_but_not_while_in_use(demo, settings):
    from tests.conftest import PASSWORD

    settings.SESSION_IDLE_SECONDS = settings.SESSION_COOKIE_AGE = 600
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        client = Client()
        client.post("/accounts/login/", {"username": "employee", "password": PASSWORD})
        for _ in range(3):
            traveller.shift(500)  # each visit moves the expiry on
            assert client.get("/e/demo/").status_code == 200
        traveller.shift(601)
        response = client.get("/e/demo/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
