"""Files the roster import cannot take: a clear message, a 4xx, nothing saved, never a 500;
and rows it refuses, with their line and reason."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consult.models import Membership, RosterImport
from tests.consult.roster_files import HEADER, confirm, person, roster, upload, xlsx

pytestmark = pytest.mark.django_db


def _refused_file(client, data, name="花名册.xlsx", status=400):
    client.raise_request_exception = False
    members, users = Membership.objects.count(), get_user_model().objects.count()
    response = upload(client, data, name)
    assert response.status_code == status
    assert not RosterImport.objects.exists()
    assert (Membership.objects.count(), get_user_model().objects.count()) == (members, users)
    return response.content.decode()


def test_a_picture_is_not_a_spreadsheet(login):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    assert "不是系统能读取的表格" in _refused_file(login("union_chair"), png, "roster.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused(login):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "不是系统能读取的表格" in _refused_file(login("union_chair"), out.getvalue())


def test_an_encrypted_workbook_asks_for_the_password_to_be_removed(login):
    # An encrypted XLSX is an OLE2 container with the streams EncryptionInfo and EncryptedPackage.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(50)
        + "EncryptedPackage".encode("utf-16-le")
        + bytes(1000)
    )
    assert "设有密码" in _refused_file(login("union_chair"), ole)


def test_an_old_xls_file_is_asked_to_be_saved_as_xlsx(login):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le")
    assert "另存为" in _refused_file(login("union_chair"), ole + bytes(1000), "roster.xls")


def test_an_empty_sheet_is_refused(login):
    assert "是空的" in _refused_file(login("union_chair"), xlsx([], title=None))


def test_an_empty_file_is_refused(login):
    client = login("union_chair")
    client.raise_request_exception = False
    response = upload(client, b"", "roster.csv")
    assert response.status_code == 400
    assert not RosterImport.objects.exists()


def test_a_header_without_people_is_refused(login):
    assert "没有人员" in _refused_file(login("union_chair"), roster())


def test_a_50_megabyte_file_is_refused_before_it_is_read(login, monkeypatch):
    from consult.roster import services

    monkeypatch.setattr(services, "read_roster", lambda data: pytest.fail("read"))
    big = b"\xe5\xa7\x93\xe5\x90\x8d," * (50 * 1024 * 1024 // 7)
    text = _refused_file(login("union_chair"), big, "roster.csv", status=413)
    assert "最大" in text or "最多" in text


def test_formulas_in_the_columns_read_are_refused_with_the_cells_named(login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["刘一", "A001", "=13911110001", "第一分厂", "", "", "", "", "否", "=1+1"])
    sheet.append(["陈二", "A002", "13911110002", "", "", "", "", "", "否", "=1+2"])
    out = io.BytesIO()
    workbook.save(out)
    text = _refused_file(login("union_chair"), out.getvalue())
    assert "C2（手机）" in text and "公式" in text
    assert "J2" not in text  # a formula in a column the import ignores does not matter


def test_a_header_the_app_cannot_read_is_refused(login):
    data = xlsx([["名单"], ["人员", "编号", "电话号"], ["刘一", "A001", "13911110001"]])
    assert "找不到表头" in _refused_file(login("union_chair"), data)


def test_a_header_without_employee_number_is_refused(login):
    data = xlsx([["姓名", "手机"], ["刘一", "13911110001"]])
    assert "没有“工号”列" in _refused_file(login("union_chair"), data)


def test_two_people_side_by_side_in_each_row_are_refused(login):
    # A roster laid out in two columns of people, as printed on paper.
    header = ["姓名", "工号", "手机", "姓名", "工号", "手机"]
    data = xlsx([header, ["刘一", "A001", "13911110001", "陈二", "A002", "13911110002"]])
    assert "一行只能是一个人" in _refused_file(login("union_chair"), data)


def test_garbage_posted_instead_of_a_file_is_a_400(login):
    client = login("union_chair")
    response = client.post(reverse("roster_upload", args=["demo"]), {"file": "not a file"})
    assert response.status_code == 400
    assert not RosterImport.objects.exists()


# Rows refused with their line and reason ---------------------------------------------------


BAD = roster(
    person("刘一", "A001", "13911110001"),
    person("陈二", "A001", "13911110002"),  # the same 工号 twice
    person("杨三", "A003", "0539-4270001"),  # a landline
    person("", "A004", "13911110004"),  # no name
    person("钱七、孙八", "A005", "13911110005"),  # two people in one row
    person("黄四", "A006", "13911110006 13911110007"),  # two phones: two people
    person("周九", "A007", "13911110008"),  # fine
)


def test_bad_rows_are_refused_with_their_line_and_reason_in_chinese(login, demo):
    client = login("union_chair")
    members = Membership.objects.count()
    response = upload(client, BAD)
    record = RosterImport.objects.get()
    assert record.counts["refused"] == 6 and record.counts["new"] == 1
    lines = [r["line"] for r in record.plan["refused"]]
    assert lines == [3, 4, 5, 6, 7, 8]
    page = client.get(response.url + "?show=refused").content.decode()
    for text in (
        "工号 A001 在文件中出现了不止一次（第 3、4 行）",
        "“0539-4270001”不是大陆手机号",
        "没有姓名",
        "一行只能填一个人",
    ):
        assert text in page, text
    assert Membership.objects.count() == members


def test_refusals_are_in_english_for_english_readers(login):
    client = login("union_chair")
    client.post(reverse("set_language"), {"language": "en"})
    response = upload(client, BAD)
    page = client.get(response.url + "?show=refused").content.decode()
    assert "is not a mainland mobile number" in page
    assert "No name" in page


def test_refused_rows_download_as_text_cells_with_a_reason_column_and_read_back(login):
    client = login("union_chair")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["x", "A001", "x"])
    sheet.append(["周九", "A7", ""])
    # Text that looks like a formula, kept as text by HR's Excel (a leading apostrophe).
    for ref, value in (("A2", '=HYPERLINK("x")'), ("C2", "=cmd|' /C calc'!A0")):
        sheet[ref].value = value
        sheet[ref].data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    response = upload(client, out.getvalue())
    record = RosterImport.objects.get()
    download = client.get(reverse("roster_refused", args=["demo", record.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "原行号" and rows[1][-1] == "原因"
    assert rows[2][:2] == ("2", '=HYPERLINK("x")') and "不是大陆手机号" in rows[2][-1]
    assert all(c.data_type == "s" for c in sheet[3] if c.value is not None)
    # Fixed and uploaded again, the file is read (its title row and extra columns too).
    fixed = [list(r) for r in rows]
    fixed[2][1], fixed[2][3] = "刘一", "13911110001"
    again = upload(client, xlsx(fixed[1:], title=str(rows[0][0])))
    assert again.status_code == 302
    second = RosterImport.objects.latest("id")
    assert second.counts["new"] == 1 and second.counts["refused"] == 0
    assert set(second.header["unknown"]) == {"原行号", "原因"}
    del response


def test_the_template_has_instructions_in_chinese_and_its_header_is_read(login):
    client = login("union_chair")
    response = client.get(reverse("roster_template", args=["demo"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["花名册", "填写说明"]
    assert "必填：姓名、工号" in " ".join(str(c.value) for c in workbook["填写说明"]["A"])
    sheet = workbook["花名册"]
    sheet.append(["刘一", "A001", "13911110001"])
    out = io.BytesIO()
    workbook.save(out)
    assert upload(client, out.getvalue()).status_code == 302
    assert RosterImport.objects.get().counts["new"] == 1


def test_nothing_refused_is_imported_when_confirmed(login, demo):
    client = login("union_chair")
    upload(client, BAD)
    confirm(client, RosterImport.objects.get())
    numbers = set(Membership.objects.filter(enterprise=demo).values_list("employee_no", flat=True))
    assert numbers - {""} == {"A007"}
