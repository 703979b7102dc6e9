"""Issue 13 point 26: bin/serve's BIND is documented, and SITE_URL (QR codes, e-mail links)
follows the bound address in development."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _serve_env(**env):
    script = 'source bin/_serve_address.sh; echo "$BIND|$SITE_URL|$ALLOWED_HOSTS"'
    clean = {"PATH": "/usr/bin:/bin", **env}
    out = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().split("|")


def test_by_default_the_site_url_is_the_default_address():
    assert _serve_env() == [
        "127.0.0.1:8000",
        "http://127.0.0.1:8000",
        "127.0.0.1,localhost,127.0.0.1",
    ]


def test_the_site_url_follows_another_port():
    bind, site, _hosts = _serve_env(BIND="127.0.0.1:8001")
    assert bind == "127.0.0.1:8001" and site == "http://127.0.0.1:8001"
    assert _serve_env(BIND="8002")[:2] == ["127.0.0.1:8002", "http://127.0.0.1:8002"]


def test_binding_every_interface_gives_a_reachable_address():
    _bind, site, hosts = _serve_env(BIND="0.0.0.0:8003")
    assert site.endswith(":8003") and "0.0.0.0" not in site
    assert site.removeprefix("http://").removesuffix(":8003") in hosts.split(",")


def test_an_explicit_site_url_wins():
    assert _serve_env(BIND="0.0.0.0:8003", SITE_URL="https://x.example.com")[1] == (
        "https://x.example.com"
    )


@pytest.mark.parametrize("text", ["`BIND`", "BIND=0.0.0.0:8000 bin/serve"])
def test_the_readme_documents_bind(text):
    assert text in (ROOT / "README.md").read_text()


def test_bin_serve_uses_the_address():
    serve = (ROOT / "bin" / "serve").read_text()
    assert "source bin/_serve_address.sh" in serve and 'runserver "$BIND"' in serve
