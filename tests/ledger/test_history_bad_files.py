"""Files the history import cannot take: a clear message, a 4xx, nothing saved, never a 500
(the roster import's reader refuses them, with words for a ledger)."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from grievances.models import Grievance
from ledger.models import HistoricalItem, HistoryImport
from tests.ledger.history_files import HEADER, day, item, ledger_xlsx, upload

pytestmark = pytest.mark.django_db


def _refused(client, data, name="工作台账.xlsx", status=400) -> str:
    client.raise_request_exception = False
    items = Grievance.objects.count()
    response = upload(client, data, name)
    assert response.status_code == status
    assert not HistoryImport.objects.exists() and not HistoricalItem.objects.exists()
    assert Grievance.objects.count() == items
    return response.content.decode()


def test_a_picture_is_not_a_spreadsheet(login):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    assert "不是系统能读取的表格" in _refused(login("union_chair"), png)


def test_a_zip_that_is_not_a_workbook_is_refused(login):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "不是系统能读取的表格" in _refused(login("union_chair"), out.getvalue())


def test_an_encrypted_workbook_asks_for_the_password_to_be_removed(login):
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(50)
        + "EncryptedPackage".encode("utf-16-le")
        + bytes(1000)
    )
    assert "设有密码" in _refused(login("union_chair"), ole)


def test_an_empty_workbook_is_refused(login):
    out = io.BytesIO()
    Workbook().save(out)
    assert "是空的" in _refused(login("union_chair"), out.getvalue())


def test_an_empty_file_is_refused(login):
    _refused(login("union_chair"), b"", "台账.csv")


def test_a_50_megabyte_file_is_refused_before_it_is_read(login, monkeypatch):
    from ledger.history import services

    monkeypatch.setattr(services, "read_sheets", lambda *a, **k: pytest.fail("read"))
    big = "诉求内容,".encode() * (50 * 1024 * 1024 // 13)
    text = _refused(login("union_chair"), big, "台账.csv", status=413)
    assert "最大 10" in text and "花名册最大" not in text


def test_a_header_the_app_cannot_read_is_refused_with_the_columns_it_needs(login):
    data = ledger_xlsx({"1": [["甲", "乙", "丙"]]}, header=["序", "名", "事"])
    assert "受理时间" in _refused(login("union_chair"), data)


def test_a_header_without_a_required_column_names_it(login):
    header = [h for h in HEADER if h != "受理类别"]
    data = ledger_xlsx({"一季度": [item("1", day(1, 2), "x", "张三", "y")[:2] + ["张三", "y"]]},
                       header=header)  # fmt: skip
    text = _refused(login("union_chair"), data)
    assert "受理类别" in text and "一季度" in text


def test_a_header_without_items_is_refused(login):
    assert "没有" in _refused(login("union_chair"), ledger_xlsx({"1": []}))


def test_formulas_in_the_columns_read_are_refused(login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(item("1", "=TODAY()", "生活保障类", "张三", "公式的一行"))
    out = io.BytesIO()
    workbook.save(out)
    assert "公式" in _refused(login("union_chair"), out.getvalue())


def test_a_gbk_csv_is_read(login):
    rows = [HEADER, item("1", day(1, 3).isoformat(), "生活保障类", "张三", "GBK编码的台账")]
    text = "\n".join(",".join(str(c) for c in row) for row in rows)
    client = login("union_chair")
    response = upload(client, text.encode("gbk"), "台账.csv")
    assert response.status_code == 302
    assert HistoryImport.objects.get().counts["new"] == 1


def test_rows_that_cannot_be_an_item_are_refused_with_their_reason(login):
    import datetime

    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = ledger_xlsx(
        {
            "1": [
                item("1", day(1, 2), "生活保障类", "张三、李四", "两个人的一行"),
                item("2", tomorrow.isoformat(), "生活保障类", "张三", "还没到的日期"),
                item("3", "13月40日", "生活保障类", "张三", "读不出的日期"),
                item("4", day(1, 3), "生活保障类", "", "没有诉求人"),
                item("5", day(1, 4), "生活保障类", "张三", ""),
                item("6", day(1, 5), "生活保障类", "张三", "好的一行"),
            ]
        }
    )
    client = login("union_chair")
    assert upload(client, data).status_code == 302
    record = HistoryImport.objects.get()
    assert record.counts["new"] == 1 and record.counts["refused"] == 5
    reasons = [r["reason"][0] for r in record.plan["refused"]]
    assert reasons == ["two_people", "future_date", "bad_received_on", "no_requester", "no_content"]
    assert not Grievance.objects.filter(content="好的一行").exists()
