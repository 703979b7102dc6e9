"""Issue 13 point 27: a fresh Ubuntu 24.04 (Python 3.12) can install; build output is not
committed; the README says which versions CI tests."""

import subprocess
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from packaging.specifiers import SpecifierSet

ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_pyproject_allows_every_supported_python(version):
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert SpecifierSet(spec).contains(version)


def test_the_build_output_is_not_committed_and_is_ignored():
    tracked = subprocess.run(
        ["git", "ls-files", "consult.egg-info"], cwd=ROOT, capture_output=True, text=True
    )
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert tracked.stdout == ""
    ignored = subprocess.run(["git", "check-ignore", "-q", "consult.egg-info/PKG-INFO"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_readme_says_which_python_ci_tests():
    assert "CI tests 3.11" in (ROOT / "README.md").read_text()
