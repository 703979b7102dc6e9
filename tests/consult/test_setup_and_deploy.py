import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from consult.models import (
    Category,
    Channel,
    Enterprise,
    LeadingGroupMember,
    Membership,
    MembershipRole,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (
            Enterprise,
            Membership,
            MembershipRole,
            Category,
            Channel,
            LeadingGroupMember,
            get_user_model(),
        )
    ]


def test_seed_demo_run_twice_changes_nothing(demo):
    before = _counts()
    password_hash = get_user_model().objects.get(username="union_chair").password
    call_command("seed_demo", "--password", "another-password", stdout=open(os.devnull, "w"))
    assert _counts() == before
    assert get_user_model().objects.get(username="union_chair").password == password_hash


def test_seed_demo_creates_one_user_per_role_in_both_enterprises(demo):
    roles = [
        "employee",
        "employee_rep",
        "unit_collector",
        "union_staff",
        "union_chair",
        "admin_head",
        "admin_deputy",
        "dept_head",
        "supervisor",
    ]
    for role in roles:
        assert MembershipRole.objects.filter(
            membership__user__username=role, membership__enterprise__code="demo", role=role
        ).exists()
        assert MembershipRole.objects.filter(
            membership__user__username="b_" + role,
            membership__enterprise__code="demo-b",
            role=role,
        ).exists()


def test_categories_carry_the_handbooks_default_departments(demo):
    wages = Category.objects.get(enterprise=demo, name="工资福利类")
    assert wages.parent.name == "职工诉求类"
    assert set(wages.default_departments.values_list("name", flat=True)) == {
        "办公室",
        "财务部",
        "人力资源部",
    }
    living = Category.objects.get(enterprise=demo, name="生活保障类")
    assert set(living.default_departments.values_list("name", flat=True)) == {"办公室", "后勤部"}


def test_deploy_check_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x9Q!zR7#" * 8,
        "ALLOWED_HOSTS": "xieshang.example.com",
        "DATABASE_URL": "sqlite:////tmp/consult-deploy-check.sqlite3",
        "SECURE_SSL_REDIRECT": "",  # production defaults, not the test run's
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_in_the_environment_stops_the_start():
    env = {**os.environ, "DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_public_page_needs_no_login_and_shows_channels_and_the_promise(client, demo):
    page = client.get(reverse("public_page", args=["demo"])).content.decode()
    assert "0539-4270001" in page
    assert "工会将做好诉求人的保密工作" in page


def test_public_page_of_an_unknown_code_is_404(client, demo):
    assert client.get(reverse("public_page", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", stdout=open(os.devnull, "w"))
