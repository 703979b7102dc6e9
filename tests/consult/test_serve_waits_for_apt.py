"""bin/serve and bin/test wait for apt's lock (issue 18 point 16): when another program holds
it, the set-up says so and waits, then goes on once it is free; and bin/serve prints the
logins last, after the set-up's noise."""

import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consult.models import Enterprise

ROOT = Path(settings.BASE_DIR)


def test_the_set_up_waits_while_another_program_holds_apts_lock(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.write_text("")
    fd = os.open(lock, os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX)  # as dpkg and apt take it (fcntl), in this process
    threading.Timer(1.5, lambda: os.close(fd)).start()  # closing the file releases the lock
    started = time.monotonic()
    out = subprocess.run(
        ["bash", "-c", "source bin/_apt_lock.sh; wait_for_apt_lock; echo went-on"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "APT_LOCKS": str(lock), "APT_LOCK_POLL": "0.2"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert time.monotonic() - started >= 1.2
    assert "another program holds apt's lock" in out and str(lock) in out
    assert out.strip().endswith("went-on")


def test_the_set_up_goes_straight_on_when_the_lock_is_free(tmp_path):
    lock = tmp_path / "lock"
    lock.write_text("")
    out = subprocess.run(
        ["bash", "-c", "source bin/_apt_lock.sh; wait_for_apt_lock; echo went-on"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "APT_LOCKS": str(lock)},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert out.strip() == "went-on"


def test_bin_serve_prints_the_logins_last():
    lines = [line.strip() for line in (ROOT / "bin" / "serve").read_text().splitlines()]
    commands = [line for line in lines if line.startswith(".venv/bin/python manage.py")]
    assert "seed_demo" in commands[-2] and "--logins-only" in commands[-2], commands[-2:]
    assert "runserver" in commands[-1]
    first_seed = next(c for c in commands if "seed_demo" in c)
    assert ">/dev/null" in first_seed  # its list would scroll away in the set-up's output


def test_logins_only_prints_the_logins_and_writes_nothing(db, capsys):
    before = (Enterprise.objects.count(), get_user_model().objects.count())
    call_command("seed_demo", "--logins-only")
    out = capsys.readouterr().out
    assert "union_chair" in out and "b_dept_head" in out and "federation_office" in out
    assert "demo-pass-2026" in out
    assert (Enterprise.objects.count(), get_user_model().objects.count()) == before
