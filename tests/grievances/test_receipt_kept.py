"""The anonymous receipt cannot be lost by a reload (issue 13 point 24): the page says to save
both codes, offers copy and a PDF download (a POST of the values the page holds: the secret is
never in a URL), and warns before leaving (static/consult/receipt.js); the public page says
that named submissions are made after logging in."""

import subprocess

from django.test import Client
from lxml import html


def _submit(client, content="宿舍热水供应不足", token="tok-keep-1"):
    return client.post("/s/demo/submit/", {"kind": "grievance", "content": content, "token": token})


def test_receipt_page_says_to_save_both_and_offers_copy_and_download(demo):
    response = _submit(Client())
    body = response.content.decode()
    page = html.fromstring(body)
    code = page.xpath("//*[@id='receipt-code']")[0].text_content()
    secret = page.xpath("//*[@id='receipt-secret']")[0].text_content()
    assert "请立即保存回执码和密码" in body
    assert page.xpath("//button[@id='copy-receipt']")
    form = page.xpath("//form[@id='receipt-download']")[0]
    assert form.get("method") == "post" and form.get("action") == "/track/receipt.pdf"
    values = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert values["code"] == code and values["secret"] == secret
    assert page.xpath("//script[contains(@src, 'consult/receipt.js')]")
    assert page.xpath("//*[@data-warn-before-leaving]")


def test_receipt_pdf_holds_both_codes_and_is_never_cached(demo, tmp_path):
    client = Client()
    page = html.fromstring(_submit(client).content.decode())
    code = page.xpath("//*[@id='receipt-code']")[0].text_content()
    secret = page.xpath("//*[@id='receipt-secret']")[0].text_content()
    response = client.post("/track/receipt.pdf", {"code": code, "secret": secret})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert secret not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert code in text and secret in text and "回执" in text


def test_receipt_pdf_refuses_a_wrong_secret_and_gets(demo):
    client = Client()
    page = html.fromstring(_submit(client).content.decode())
    code = page.xpath("//*[@id='receipt-code']")[0].text_content()
    wrong = client.post("/track/receipt.pdf", {"code": code, "secret": "WRONG-SECRET"})
    assert wrong.status_code == 400 and wrong["Content-Type"].startswith("text/html")
    assert client.get(f"/track/receipt.pdf?code={code}").status_code == 405


def test_public_page_sends_named_submissions_to_log_in(demo):
    body = Client().get("/s/demo/").content.decode()
    assert "实名反映请登录后提交" in body
    page = html.fromstring(body)
    link = page.xpath("//a[@id='named-submission']")[0]
    assert link.get("href") == "/accounts/login/?next=/e/demo/grievances/new/"
