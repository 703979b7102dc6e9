"""README, "The API for the enterprise OA and mini-programs": its curl blocks, run as written
against a live server, with a token created on the chair's page and revoked there."""

import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from consult.models import IntegrationToken
from grievances.models import Grievance
from tests.conftest import PASSWORD

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## The API for the enterprise OA and mini-programs"


def _blocks() -> list[str]:
    text = README.read_text()
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def _run(script: str, cwd: Path) -> str:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _chair(live_server) -> Client:
    chair = Client()
    assert chair.login(username="union_chair", password=PASSWORD)
    return chair


@pytest.mark.django_db(transaction=True)
def test_the_readme_curl_story_runs_as_written(live_server, member, tmp_path):
    assert member("employee").phone == "13800000000"  # the person the README names
    setup, named, anonymous, status, revoked = _blocks()
    chair = _chair(live_server)
    page = chair.post(
        "/e/demo/integrations/",
        {
            "name": "企业OA",
            "scopes": ["submit_for_person", "submit_anonymous", "read_receipt", "list_own"],
        },
    )
    token = re.search(r'<code id="new-token"[^>]*>([^<]+)</code>', page.content.decode())[1]
    setup = setup.replace("http://127.0.0.1:8000", live_server.url)
    setup = re.sub(r"TOKEN='[^']*'", f"TOKEN='{token}'", setup)

    out = _run("\n".join([setup, named, anonymous, status]), tmp_path)
    named_line, receipt_line, status_line = out.strip().splitlines()
    assert named_line.endswith(" 201") and '"disclosure": "named"' in named_line
    assert '"receipt_code"' in receipt_line and '"secret"' in receipt_line
    assert status_line.endswith(" 200") and '"status": "submitted"' in status_line
    item = Grievance.objects.get(disclosure="named")
    assert item.requester == member("employee").user
    assert Grievance.objects.get(disclosure="anonymous").requester is None

    row = IntegrationToken.objects.get()
    chair.post(f"/e/demo/integrations/{row.pk}/revoke/")
    refused = _run("\n".join([setup, revoked]), tmp_path).strip()
    assert refused == '{"detail": "API 令牌缺失、无效或已被吊销。", "errors": {}} 401'
    assert Grievance.objects.count() == 2
