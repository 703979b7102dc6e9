"""Issue 13 point 3: a browser never sends a chosen file back, so after a refused submission
the form names the files that must be chosen again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grievances.models import Grievance

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 2000


def test_the_employee_is_told_to_choose_the_file_again_after_an_error(login):
    response = login("employee").post(
        "/e/demo/grievances/new/",
        {
            "token": "t-1",
            "kind": "grievance",
            "content": "",  # missing: the form is refused
            "disclosure": "named",
            "attachments": [SimpleUploadedFile("工资条.pdf", PDF, "application/pdf")],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="attachments-dropped"' in body and "工资条.pdf" in body
    assert "请在提交前重新选择" in body
    assert not Grievance.objects.exists()


def test_no_warning_when_no_file_was_chosen(login):
    response = login("employee").post(
        "/e/demo/grievances/new/",
        {"token": "t-2", "kind": "grievance", "content": "", "disclosure": "named"},
    )
    assert response.status_code == 400
    assert 'id="attachments-dropped"' not in response.content.decode()


def test_union_staff_registering_an_item_are_told_too(login):
    response = login("union_staff").post(
        "/e/demo/grievances/register/",
        {
            "token": "t-3",
            "channel": "talk",
            "received_at": "",
            "kind": "grievance",
            "content": "宿舍漏水",
            "disclosure": "named",
            "attachments": [SimpleUploadedFile("照片.pdf", PDF, "application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "照片.pdf" in response.content.decode()
