"""The ledger's pages follow the reader's language (issue 18 point 10): in English the work
ledger's title, column heads, 办理情况 and filter labels, and the category summary's quarters
and counts read in English; in Chinese, and in every printed form, they read as before."""

import datetime

from django.urls import reverse
from lxml import html

from .conftest import at


def _english(client):
    client.post(reverse("set_language"), {"language": "en"})
    return client


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def test_the_work_ledger_reads_in_english(handled, login):
    handled()
    client = _english(login("union_chair"))
    with at(datetime.date(2026, 9, 1)):
        response = client.get(reverse("ledger_home", args=["demo"]), {"year": 2026, "quarter": 3})
    doc = html.fromstring(response.content.decode())
    title = doc.xpath("//h1[@id='ledger-title']")[0].text_content()
    assert "work ledger" in title and "2026, quarter 3" in title and "台账" not in title
    heads = [th.text_content() for th in doc.xpath("//table[@id='ledger']//th")]
    assert heads[0] == "number" and "handling" in heads
    cells = " ".join(doc.xpath("//table[@id='ledger']//td//text()"))
    assert "sent to the department(s)" in cells and "completed" in cells
    assert "转职能部门办理" not in cells and "已完成" not in cells
    labels = [x.text_content() for x in doc.xpath("//form[@id='period-form']//label")]
    assert {"Year", "Quarter"} <= set(labels)


def test_the_work_ledger_reads_as_the_handbook_in_chinese(handled, login):
    handled()
    with at(datetime.date(2026, 9, 1)):
        text = _text(
            login("union_chair").get(
                reverse("ledger_home", args=["demo"]), {"year": 2026, "quarter": 3}
            )
        )
    assert "职工诉求工作台账（2026年第3季度）" in text
    assert "办理情况" in text and "转职能部门办理" in text and "已完成" in text


def test_the_category_summary_reads_in_english(handled, login):
    handled()
    client = _english(login("union_chair"))
    text = _text(client.get(reverse("ledger_summary", args=["demo"]), {"year": 2026}))
    assert "Q3" in text and "(1 request)" in text and "(no request this quarter)" in text
    assert "一季度" not in text and "项）" not in text and "汇总表" not in text
