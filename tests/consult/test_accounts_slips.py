"""Activation slips: a unit's people who have not activated get a slip each (A4 PDF to cut,
a CJK font, the QR code carrying the login name only); who may print whose slip."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from consult.models import ActivationCode, OrgUnit
from consult.roles import Role
from tests.consult.onboarding import CODE_RE, activate, add_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_static")]


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def team(demo):
    return OrgUnit.objects.get(enterprise=demo, name="一班", parent__name="机加工车间")


@pytest.fixture
def workers(demo, team):
    return [
        add_worker(demo, f"10{n:02d}", name=f"工人{n}", phone=f"1391111{n:04d}", unit=team)
        for n in range(1, 4)
    ]


def test_printing_a_units_slips_issues_a_code_for_each_and_prints_them(login, workers, team):
    response = login("union_staff").post(reverse("slips", args=["demo"]), {"unit": team.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    found = CODE_RE.findall(text)
    assert len(found) == 3
    for w in workers:
        assert w.user.username in text and w.user.last_name in text
    assert "有效期至" in text and "一班" in text
    assert ActivationCode.objects.open().filter(user__in=[w.user for w in workers]).count() == 3
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout
    assert b"CJK" in fonts and b" yes " in fonts  # an embedded Chinese font
    # Each printed code activates its own person.
    assert (
        activate(login("employee").__class__(), workers[0].user.username, found[0]).status_code
        == 302
    )
    # A look at the sheet (var/screenshots/slips.png).
    folder = Path(django_settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "slips.pdf").write_bytes(response.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(folder / "slips.pdf"),
            str(folder / "slips"),
        ],
        check=True,
    )


def test_the_qr_code_carries_the_login_name_and_never_the_code(login, workers, team, settings):
    from consult.accounts import slips

    calls = []
    original = slips.qr_svg_data_uri
    slips.qr_svg_data_uri = lambda url: calls.append(url) or original(url)
    try:
        response = login("union_staff").post(reverse("slips", args=["demo"]), {"unit": team.pk})
    finally:
        slips.qr_svg_data_uri = original
    codes = {c.replace("-", "") for c in CODE_RE.findall(pdf_text(response.content))}
    assert len(calls) == 3
    for url in calls:
        assert url.startswith(settings.SITE_URL + reverse("activate") + "?login=demo-10")
        assert not any(code in url.upper() for code in codes)


def test_people_who_activated_are_never_printed_again(login, workers, team):
    client = login("union_staff")
    first = CODE_RE.findall(
        pdf_text(client.post(reverse("slips", args=["demo"]), {"unit": team.pk}).content)
    )
    activate(login("employee").__class__(), workers[0].user.username, first[0])
    second = pdf_text(client.post(reverse("slips", args=["demo"]), {"unit": team.pk}).content)
    assert workers[0].user.username not in second
    assert len(CODE_RE.findall(second)) == 2
    workers[0].user.refresh_from_db()
    assert workers[0].user.has_usable_password()


def test_the_slips_page_lists_who_waits_for_a_slip(login, workers, team):
    page = login("union_staff").get(reverse("slips", args=["demo"]) + f"?unit={team.pk}")
    assert page.status_code == 200
    assert "demo-1001" in page.content.decode()


@pytest.mark.parametrize("username", ["employee", "unit_collector", "dept_head", "admin_head"])
def test_only_the_union_office_prints_slips(login, workers, team, username):
    client = login(username)
    assert client.get(reverse("slips", args=["demo"])).status_code == 403
    assert client.post(reverse("slips", args=["demo"]), {"unit": team.pk}).status_code == 403
    assert client.post(reverse("slip_reissue", args=["demo", workers[0].pk])).status_code == 403
    assert not ActivationCode.objects.exists()


def test_union_staff_cannot_reset_someone_holding_a_role(login, member):
    supervisor = member("supervisor")
    response = login("union_staff").post(reverse("slip_reissue", args=["demo", supervisor.pk]))
    assert response.status_code == 403
    assert "只有工会主席可以为其重新发放凭条" in response.content.decode()
    supervisor.user.refresh_from_db()
    assert supervisor.user.has_usable_password()
    assert not ActivationCode.objects.exists()


def test_the_chair_may_reset_someone_holding_a_role(login, member):
    supervisor = member("supervisor")
    response = login("union_chair").post(reverse("slip_reissue", args=["demo", supervisor.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    supervisor.user.refresh_from_db()
    assert not supervisor.user.has_usable_password()


def test_nobody_resets_their_own_password_with_a_slip(login, member):
    chair = member("union_chair")
    assert (
        login("union_chair").post(reverse("slip_reissue", args=["demo", chair.pk])).status_code
        == 403
    )
    chair.user.refresh_from_db()
    assert chair.user.has_usable_password()


def test_another_enterprises_person_answers_404(login, member):
    outsider = member("b_employee", code="demo-b")
    response = login("union_chair").post(reverse("slip_reissue", args=["demo", outsider.pk]))
    assert response.status_code == 404
    outsider.user.refresh_from_db()
    assert outsider.user.has_usable_password()


def test_an_account_that_also_belongs_to_another_enterprise_is_not_reset(login, member, demo_b):
    from consult.models import Membership

    worker = member("employee")
    Membership.objects.create(user=worker.user, enterprise=demo_b).roles.create(role=Role.EMPLOYEE)
    response = login("union_chair").post(reverse("slip_reissue", args=["demo", worker.pk]))
    assert response.status_code == 403
    worker.user.refresh_from_db()
    assert worker.user.has_usable_password()


def test_slips_are_posted_never_issued_by_a_get(login, workers, team):
    client = login("union_chair")
    assert client.get(reverse("slip_reissue", args=["demo", workers[0].pk])).status_code == 405
    client.get(reverse("slips", args=["demo"]) + f"?unit={team.pk}")
    assert not ActivationCode.objects.exists()
